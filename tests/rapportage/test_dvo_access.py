"""Who downloads the proposal to the board (issue 21), and how the ketenregisseur writes it on the report page.

- The proposal follows its report: the ketenregisseurs of the werkgebied (concept and final), the portefeuillehouder
  of the werkgebied (final only), nobody else (404 on the download, as on every URL of the report).
- The portefeuillehouder's start page has plain links to the latest final report and its proposal.
- The decision points, agenda item and registration number are saved with the toelichting, carried into the final
  version and into a new concept of the quarter; each download is audited.
"""
import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from mensenhandel.audit.models import AuditActie, AuditEntry
from rapportage import dvo, services
from rapportage import pdf as rapport_pdf
from rapportage.models import DvoVoorstel, Rapport, RapportStatus
from rapportage.perioden import Kwartaal
from tafels.models import District, Regio
from tests.access import assert_has_access, assert_no_access
from tests.factories import UserFactory
from tests.i18n import nl
from tests.rapportage.test_access import _gegevens

pytestmark = pytest.mark.django_db

K2 = Kwartaal(2026, 2)


def maak(werkgebied, status, versie, *, met_pdf=True):
    velden = {"district": werkgebied, "regio": None} if isinstance(werkgebied, District) else {
        "district": None, "regio": werkgebied}
    rapport = Rapport.objects.create(
        **velden, jaar=K2.jaar, kwartaal=K2.kwartaal, versie=versie, status=status,
        gegevens=_gegevens(werkgebied, K2.jaar, K2.kwartaal), geteld_op=timezone.now(),
        toelichting="Het aantal signalen steeg.", dvo_besluitpunten="Het DVO besluit de aanpak voort te zetten.",
    )
    if met_pdf:
        # The files themselves are the PDF tests' business: here stored stand-ins, as the job would store them.
        naam = rapport_pdf.MAP.nieuwe_naam(".pdf")
        rapport_pdf.MAP.schrijf(naam, b"%PDF-1.7 rapport")
        Rapport.objects.filter(pk=rapport.pk).update(opslagnaam=naam, grootte=16, sha256="0" * 64,
                                                     gemaakt_op=timezone.now())
        naam = dvo.MAP.nieuwe_naam(".pdf")
        dvo.MAP.schrijf(naam, b"%PDF-1.7 dvo")
        DvoVoorstel.objects.create(rapport=rapport, opslagnaam=naam, grootte=12, sha256="0" * 64)
        rapport.refresh_from_db()
    return rapport


@pytest.fixture
def rapporten(demo, settings, tmp_path):
    settings.PROTECTED_FILES_ROOT = tmp_path
    twente = District.objects.get(code="TW")
    return {
        "twente": maak(twente, RapportStatus.DEFINITIEF, 2),
        "twente_concept": maak(twente, RapportStatus.CONCEPT, 1),
        "midden": maak(Regio.objects.get(naam="Midden-Nederland"), RapportStatus.DEFINITIEF, 1),
    }


def dvo_url(rapport):
    return reverse("rapportage:rapport_dvo", kwargs={"pk": rapport.pk})


def test_the_proposal_is_downloaded_by_who_sees_the_report_and_nobody_else(client, demo, rapporten):
    regisseur, burgemeester = demo["regisseur@twente.example"], demo["burgemeester@twente.example"]
    assert_has_access(client, regisseur, rapporten["twente"])
    assert_has_access(client, regisseur, rapporten["twente_concept"])
    assert_has_access(client, burgemeester, rapporten["twente"])
    assert_no_access(client, burgemeester, rapporten["twente_concept"])  # 404 on the proposal's URL too
    for user in (demo["coordinator@enschede.example"], demo["politie@oost-nederland.example"],
                 demo["beheer@ketenregie.example"], demo["regisseur@midden-nederland.example"],
                 demo["burgemeester@midden-nederland.example"], UserFactory()):
        assert_no_access(client, user, rapporten["twente"])
    client.force_login(burgemeester)
    response = client.get(dvo_url(rapporten["twente"]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.7 dvo"
    assert "dvo-voorstel-twente-2026-K2-v2.pdf" in response["Content-Disposition"]
    assert AuditEntry.objects.filter(actie=AuditActie.DOWNLOAD, actor=burgemeester, object_type="rapportage.rapport",
                                     object_id=str(rapporten["twente"].pk),
                                     omschrijving__startswith="DVO-voorstel").exists()


def test_a_report_without_its_proposal_answers_404_on_the_download(client, demo, settings, tmp_path):
    settings.PROTECTED_FILES_ROOT = tmp_path
    zonder = maak(District.objects.get(code="TW"), RapportStatus.DEFINITIEF, 5, met_pdf=False)
    client.force_login(demo["regisseur@twente.example"])
    assert client.get(dvo_url(zonder)).status_code == 404


def test_the_portefeuillehouder_start_page_links_the_report_and_its_proposal(client, demo, rapporten):
    client.force_login(demo["burgemeester@twente.example"])
    html = client.get("/").content.decode()
    rapport = rapporten["twente"]
    assert reverse("rapportage:rapport_pdf", kwargs={"pk": rapport.pk}) in html
    assert f'href="{dvo_url(rapport)}"' in html
    assert nl("Proposal to the %(overleg)s (PDF)") % {"overleg": rapport.werkgebied.bestuurlijk_overleg} in html
    assert dvo_url(rapporten["twente_concept"]) not in html


def test_the_proposal_is_written_with_the_toelichting_and_carried_into_the_final_version(client, demo, rapporten):
    regisseur = demo["regisseur@twente.example"]
    concept = rapporten["twente_concept"]
    client.force_login(regisseur)
    pagina = client.get(reverse("rapportage:rapport", kwargs={"pk": concept.pk})).content.decode()
    assert 'name="dvo_besluitpunten"' in pagina and "Het DVO besluit de aanpak voort te zetten." in pagina
    gegevens = {"toelichting": "Een toelichting.", "dvo_besluitpunten": "Het DVO besluit A.\n\nHet DVO besluit B.",
                "dvo_agendapunt": "C2a", "dvo_registratienummer": "DVO-2026-9"}
    client.post(reverse("rapportage:rapport_toelichting", kwargs={"pk": concept.pk}), gegevens)
    concept.refresh_from_db()
    assert (concept.dvo_besluitpunten, concept.dvo_agendapunt) == ("Het DVO besluit A.\n\nHet DVO besluit B.", "C2a")
    assert dvo.besluitpunten(concept) == ["Het DVO besluit A.", "Het DVO besluit B."]
    assert AuditEntry.objects.filter(actie=AuditActie.CHANGE, object_id=str(concept.pk),
                                     omschrijving="toelichting, dvo-voorstel").exists()
    # Finalising (the concept counted after its quarter) copies them into the final version.
    Rapport.objects.filter(pk=concept.pk).update(geteld_op=timezone.now())
    definitief = services.definitief_maken(concept, regisseur, "Een toelichting.",
                                           dvo={**gegevens, "dvo_registratienummer": "DVO-2026-10"})
    assert (definitief.dvo_besluitpunten, definitief.dvo_agendapunt, definitief.dvo_registratienummer) == (
        "Het DVO besluit A.\n\nHet DVO besluit B.", "C2a", "DVO-2026-10")
    # The final version shows the points on its page, without a form.
    pagina = client.get(reverse("rapportage:rapport", kwargs={"pk": definitief.pk})).content.decode()
    assert 'name="dvo_besluitpunten"' not in pagina and "Het DVO besluit B." in pagina
    # A new concept of the quarter takes them over, as it takes over the toelichting.
    nieuw = services.maak_concept(definitief.werkgebied, K2, door=regisseur)
    assert (nieuw.dvo_besluitpunten, nieuw.dvo_registratienummer) == (definitief.dvo_besluitpunten, "DVO-2026-10")


def test_more_than_ten_decision_points_are_refused_and_nothing_typed_is_lost(client, demo, rapporten):
    concept = rapporten["twente_concept"]
    client.force_login(demo["regisseur@twente.example"])
    punten = "\n\n".join(f"Het DVO besluit punt {i}." for i in range(1, 12))
    response = client.post(reverse("rapportage:rapport_toelichting", kwargs={"pk": concept.pk}),
                           {"toelichting": "Mijn toelichting.", "dvo_besluitpunten": punten})
    html = response.content.decode()
    assert escape(nl("Give at most %(max)s decision points, so that the proposal stays within two pages.")
                  % {"max": 10}) in html
    assert "Het DVO besluit punt 11." in html and "Mijn toelichting." in html
    concept.refresh_from_db()
    assert concept.dvo_besluitpunten == "Het DVO besluit de aanpak voort te zetten."
