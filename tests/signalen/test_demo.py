"""The demo signals of seed_demo: realistic, complete, fictitious and safe to seed again."""
import re

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from mensenhandel.audit.models import AuditEntry
from partners.models import Rol
from signalen import demo as signalen_demo
from signalen.models import (
    Bijlage,
    Bron,
    Sector,
    Signaal,
    SignaalDeling,
    SignaalHistorie,
    Status,
    Urgentie,
    Vorm,
)
from signalen.selectors import gemeenten_for_submitter, signalen_visible_for

pytestmark = pytest.mark.django_db

DEMO_EMAILS = {"coordinator@enschede.example", "coordinator@hengelo.example", "coordinator@utrecht.example",
               "politie@oost-nederland.example", "inspectie@nla.example"}


@pytest.fixture
def gebruikers(demo):
    return {u.email: u for u in get_user_model().objects.select_related("organisatie")}


@pytest.fixture
def geseed(gebruikers, settings, tmp_path):
    settings.PROTECTED_FILES_ROOT = tmp_path
    signalen_demo.seed(gebruikers)
    return gebruikers


def _demo_signalen():
    return Signaal.objects.filter(ingediend_door__email__in=DEMO_EMAILS)


def _tellingen():
    return {
        "signalen": Signaal.objects.count(),
        "historie": SignaalHistorie.objects.count(),
        "delingen": SignaalDeling.objects.count(),
        "bijlagen": Bijlage.objects.count(),
        "indicatoren": sum(s.indicatoren.count() for s in Signaal.objects.all()),
        "referenties": sorted(Signaal.objects.exclude(referentie=None).values_list("referentie", flat=True)),
    }


def test_each_demo_description_is_unique_since_it_is_the_key():
    teksten = [(d.door, d.omschrijving) for d in signalen_demo.SIGNALEN]
    assert len(teksten) == len(set(teksten))
    assert 28 <= len(signalen_demo.SIGNALEN) <= 40


def test_seeding_twice_adds_nothing_the_second_time(gebruikers, settings, tmp_path):
    settings.PROTECTED_FILES_ROOT = tmp_path
    signalen_demo.seed(gebruikers)
    eerst = _tellingen()
    audit_eerst = AuditEntry.objects.count()
    assert eerst["signalen"] >= len(signalen_demo.SIGNALEN)
    assert signalen_demo.seed(gebruikers) == 0
    assert _tellingen() == eerst
    assert AuditEntry.objects.count() == audit_eerst, "a second run writes nothing at all"


def test_a_removed_demo_draft_comes_back_and_nothing_else_changes(geseed):
    concept = _demo_signalen().filter(status=Status.CONCEPT).first()
    concept.delete()
    voor = Signaal.objects.exclude(status=Status.CONCEPT).count()
    assert signalen_demo.seed(geseed) == 1
    assert Signaal.objects.exclude(status=Status.CONCEPT).count() == voor
    assert _demo_signalen().filter(status=Status.CONCEPT).count() == 2


def test_every_status_form_sector_source_and_urgency_occurs(geseed):
    signalen = _demo_signalen()
    assert set(signalen.values_list("status", flat=True)) == set(Status.values)
    assert set(signalen.values_list("urgentie", flat=True)) == set(Urgentie.values)
    assert set(Vorm.objects.filter(signalen__in=signalen).values_list("code", flat=True)) == set(
        Vorm.objects.values_list("code", flat=True))
    assert set(signalen.values_list("sector__code", flat=True)) == set(Sector.objects.values_list("code", flat=True))
    assert set(signalen.values_list("bron__code", flat=True)) == set(Bron.objects.values_list("code", flat=True))
    assert signalen.filter(minderjarige=True, prioriteit=True).exclude(status=Status.CONCEPT).count() >= 2
    assert 1 <= signalen.filter(status=Status.CONCEPT).count() <= 3


def test_both_regions_have_signals_their_ketenregisseur_sees(geseed):
    twente = signalen_visible_for(geseed["regisseur@twente.example"])
    midden = signalen_visible_for(geseed["regisseur@midden-nederland.example"])
    assert twente.count() >= 15 and midden.count() >= 8
    assert set(twente.values_list("gemeente__veiligheidsregio", flat=True)) == {"Twente"}
    assert set(midden.values_list("gemeente__regio__naam", flat=True)) == {"Midden-Nederland"}
    assert not set(twente.values_list("pk", flat=True)) & set(midden.values_list("pk", flat=True))


def test_each_submitter_only_used_gemeenten_they_may_choose(geseed):
    for signaal in _demo_signalen().select_related("ingediend_door__organisatie"):
        assert gemeenten_for_submitter(signaal.ingediend_door).filter(pk=signaal.gemeente_id).exists(), signaal
        assert signaal.organisatie_id == signaal.ingediend_door.organisatie_id


def test_shares_exist_with_a_valid_legal_basis_also_via_the_regiegroep(geseed):
    delingen = SignaalDeling.objects.filter(signaal__in=_demo_signalen(), ingetrokken_op__isnull=True)
    assert delingen.filter(organisatie__naam="Nederlandse Arbeidsinspectie").exists()
    via_regiegroep = delingen.filter(via_tafel__naam="Regiegroep Prostitutie Twente")
    assert via_regiegroep.filter(organisatie__naam="Gemeente Hengelo").exists()
    assert not via_regiegroep.filter(organisatie__naam="Gemeente Enschede").exists(), "not with the submitter itself"
    vandaag = timezone.localdate()
    for deling in delingen.select_related("grondslag"):
        assert deling.grondslag.geldig_van <= vandaag
        assert deling.grondslag.geldig_tot is None or deling.grondslag.geldig_tot >= vandaag
    # The share is a real grant: Hengelo's coordinator sees an Enschede signal shared via the regiegroep.
    hengelo = geseed["coordinator@hengelo.example"]
    gedeeld = via_regiegroep.filter(organisatie__naam="Gemeente Hengelo").first().signaal
    assert signalen_visible_for(hengelo).filter(pk=gedeeld.pk).exists()


def test_questions_answers_and_feedback_from_the_standard_texts(geseed):
    signalen = _demo_signalen()
    assert signalen.filter(status=Status.INFORMATIE_OPGEVRAAGD, organisatie__naam="Gemeente Enschede").exists()
    beantwoord = SignaalHistorie.objects.filter(signaal__in=signalen, soort="antwoord")
    assert beantwoord.count() >= 2
    from signalen.models import Standaardtekst

    standaard = set(Standaardtekst.objects.values_list("tekst", flat=True))
    besluiten = SignaalHistorie.objects.filter(signaal__in=signalen, naar_status__in=[
        Status.DOORGEZET, Status.AFGESLOTEN, Status.OPGEPAKT_IN_CASUS])
    assert besluiten.exists()
    assert all(rij.terugkoppeling in standaard for rij in besluiten)
    assert signalen.filter(status=Status.DOORGEZET).exclude(doorgezet_naar="").count() == signalen.filter(
        status=Status.DOORGEZET).count()


def test_dates_are_spread_over_nine_months_and_consistent(geseed):
    nu = timezone.now()
    ingediend = _demo_signalen().exclude(status=Status.CONCEPT)
    oudste = min(ingediend.values_list("ingediend_op", flat=True))
    assert (nu - oudste).days >= 240 and (nu - oudste).days <= 280
    for signaal in ingediend.prefetch_related("historie"):
        assert signaal.aangemaakt < signaal.ingediend_op <= signaal.gewijzigd <= nu
        tijden = [h.tijdstip for h in signaal.historie.all()]  # ordered by time, then pk
        assert tijden == sorted(tijden)
        indiening = [h for h in signaal.historie.all() if h.naar_status == Status.INGEDIEND]
        assert len(indiening) == 1 and indiening[0].tijdstip == signaal.ingediend_op
        assert max(tijden) <= signaal.gewijzigd
        assert signaal.referentie.startswith(f"SIG-{timezone.localtime(signaal.ingediend_op).year}-")
    # The reference numbers follow the dates.
    volgorde = list(ingediend.order_by("ingediend_op").values_list("referentie", flat=True))
    per_jaar = {}
    for ref in volgorde:
        per_jaar.setdefault(ref[:8], []).append(ref)
    assert all(refs == sorted(refs) for refs in per_jaar.values())


def test_some_signals_have_a_generated_pdf_attachment(geseed):
    bijlagen = Bijlage.objects.filter(signaal__in=_demo_signalen())
    assert 2 <= bijlagen.count() <= 3
    for bijlage in bijlagen:
        assert bijlage.content_type == "application/pdf" and bijlage.bestandsnaam.endswith(".pdf")
        assert bijlage.geupload_op < bijlage.signaal.ingediend_op


def test_the_generated_pdf_passes_the_attachment_checks():
    from django.core.files.uploadedfile import SimpleUploadedFile

    from signalen import bijlagen

    data = signalen_demo.demo_pdf("controle (verslag)")
    naam, soort, _data = bijlagen.controleer(SimpleUploadedFile("x.pdf", data))
    assert soort.code == "pdf" and naam == "x.pdf"
    assert data.startswith(b"%PDF-1.4") and data.rstrip().endswith(b"%%EOF")


# Words that would point to a real or realistic person in a description (a basic check).
_AANSPREKING = re.compile(r"\b(de heer|mevrouw|meneer|dhr\.?|mevr\.?|mw\.?)\s+[A-Z]", re.I)
_VOORNAMEN = {"jan", "piet", "kees", "anna", "maria", "mohammed", "ahmed", "fatima", "olga", "ivan", "andrei",
              "elena", "nguyen", "tran", "sanne", "joris", "erik", "linda", "noor", "thomas", "pieter", "renske",
              "hanneke"}


def test_no_person_names_in_the_demo_signals(geseed):
    namen = [u.naam for u in geseed.values()]
    teksten = []
    for signaal in _demo_signalen():
        teksten += [signaal.omschrijving, signaal.locatie_naam, signaal.locatie_adres]
    teksten += list(SignaalHistorie.objects.filter(signaal__in=_demo_signalen()).values_list("tekst", flat=True))
    for tekst in teksten:
        assert not _AANSPREKING.search(tekst), tekst
        woorden = {w.lower() for w in re.findall(r"[A-Za-zÀ-ÿ]+", tekst)}
        assert not woorden & _VOORNAMEN, tekst
        for naam in namen:
            assert naam not in tekst
            assert naam.split()[-1] not in tekst.split()
    for signaal in _demo_signalen().exclude(locatie_naam=""):
        assert "(demo)" in signaal.locatie_naam
    for signaal in _demo_signalen().exclude(kvk_nummer=""):
        assert signaal.kvk_nummer.startswith("0000")


def test_submitters_are_the_demo_coordinators_and_partners(geseed):
    rollen = set(_demo_signalen().values_list("ingediend_door__rol", flat=True))
    assert rollen == {Rol.COORDINATOR, Rol.PARTNER}
    assert set(_demo_signalen().values_list("ingediend_door__email", flat=True)) == DEMO_EMAILS

