import json

import pytest

# Report PDFs by what they show (werkgebied, quarter, version, status, explanation, figures), made once per session.
_GERENDERD = {}


@pytest.fixture
def pdf_eenmaal(monkeypatch):
    """Real report PDFs (WeasyPrint), but each distinct report rendered once per session instead of once per test.

    For tests that need a report to *have* its PDF (access, download, archive); tests that read a PDF's text
    render their own."""
    from rapportage import pdf as rapport_pdf

    echt = rapport_pdf.render

    def render(rapport, **kwargs):
        sleutel = (rapport.district_id, rapport.regio_id, rapport.jaar, rapport.kwartaal, rapport.versie, rapport.status,
                   rapport.toelichting, json.dumps(rapport.gegevens, sort_keys=True, default=str))
        if sleutel not in _GERENDERD:
            _GERENDERD[sleutel] = echt(rapport, **kwargs)
        return _GERENDERD[sleutel]

    monkeypatch.setattr(rapport_pdf, "render", render)
