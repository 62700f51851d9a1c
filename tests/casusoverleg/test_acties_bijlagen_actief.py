"""An action's attachment is checked by the same ``mensenhandel.core.uploads.controleer`` as a signal's: active PDF content
inside object streams and documents that load content from outside are refused there too (security issue 16 §2)."""
import pytest
from django.core.exceptions import ValidationError
from django.utils.html import escape

from casusoverleg.services import acties as services
from mensenhandel.core import uploads
from mensenhandel.core.uploads import M
from tests.casusoverleg import test_acties
from tests.casusoverleg.test_acties import ENSCHEDE, actie_url, upload
from tests.signalen.test_bijlagen import expected
from tests.signalen.test_bijlagen_actief import (
    DDE_AUTO,
    beeld,
    docx,
    javascript_in_names,
    odt_met,
    pdf,
    uri_link,
    veld,
    woord,
)

pytestmark = pytest.mark.django_db

# The scenario and the file store of the action tests.
wereld, acties, protected = test_acties.wereld, test_acties.acties, test_acties.protected


def opgeslagen(root):
    folder = root / "actiebijlagen"
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def test_report_back_uses_the_shared_check(monkeypatch, demo, acties, protected):
    gezien = []
    echte = uploads.controleer
    monkeypatch.setattr(uploads, "controleer", lambda bestand: gezien.append(bestand.name) or echte(bestand))
    services.report_back(acties["enschede"], demo[ENSCHEDE], terugkoppeling="Zie verslag.",
                         bijlage=upload("verslag.pdf", pdf(uri_link)))
    assert gezien == ["verslag.pdf"]


@pytest.mark.parametrize("naam, data, melding", [
    pytest.param("verslag.pdf", pdf(javascript_in_names), M.PDF_ACTIEF, id="javascript-in-object-stream"),
    pytest.param("brief.docx", docx(document=woord(veld(DDE_AUTO))), M.EXTERN, id="docx-ddeauto"),
    pytest.param("brief.odt", odt_met(beeld("http://aanvaller.example/pixel.png")), M.EXTERN, id="odt-linked-image"),
])
def test_active_content_is_refused_for_an_action_and_nothing_changes(demo, acties, protected, naam, data, melding):
    actie = acties["enschede"]
    with pytest.raises(ValidationError) as exc:
        services.report_back(actie, demo[ENSCHEDE], terugkoppeling="Gedaan, zie bijlage.", bijlage=upload(naam, data))
    assert exc.value.messages == [expected(melding, name=naam)]
    actie.refresh_from_db()
    assert actie.terugkoppeling == "" and not actie.bijlagen.exists()
    assert opgeslagen(protected) == []


def test_an_ordinary_pdf_with_a_link_is_accepted_for_an_action(demo, acties, protected):
    data = pdf(uri_link)
    actie = services.report_back(acties["enschede"], demo[ENSCHEDE], terugkoppeling="Zie verslag.",
                                 bijlage=upload("verslag.pdf", data))
    bijlage = actie.bijlagen.get()
    assert (protected / "actiebijlagen" / bijlage.opslagnaam).read_bytes() == data


def test_the_page_shows_the_dutch_message_and_keeps_the_text(client, demo, acties, protected):
    actie = acties["enschede"]
    client.force_login(demo[ENSCHEDE])
    response = client.post(actie_url(actie, "terugkoppelen/"), {
        "tk-versie": 1, "tk-terugkoppeling": "Mijn tekst die niet verloren mag gaan.",
        "tk-bijlage": upload("verslag.pdf", pdf(javascript_in_names))})
    html = response.content.decode()
    assert response.status_code == 200 and 'id="foutoverzicht"' in html
    assert escape(expected(M.PDF_ACTIEF, name="verslag.pdf")) in html
    assert "Mijn tekst die niet verloren mag gaan." in html
    actie.refresh_from_db()
    assert actie.terugkoppeling == "" and not actie.bijlagen.exists()
    assert opgeslagen(protected) == []
