"""The hit/no-hit index across werkgebieden (issue 19): what is matched, who sees what, and what nobody sees.

The scenario: Utrecht (Midden-Nederland) submitted a signal about a business weeks ago; now Enschede (Twente) submits
one with the same KvK number written differently. The ketenregisseurs of both sides see one treffer, each with only
their own record, the kind matched and the other side's RIEC; nothing of the other record anywhere.
"""
from datetime import timedelta

import pytest
from django.core import mail
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from mensenhandel.audit.models import AuditEntry
from signalen import services as signaal_services
from signalen.models import Signaal, SignaalDeling
from tafels.models import Gemeente
from tests.access import assert_has_access, assert_no_access
from treffers import selectors, services
from treffers.models import IndexRegel, Status, Treffer, TrefferHistorie

from .conftest import maak_signaal

pytestmark = pytest.mark.django_db

UTRECHT_TEKST = "Bij Uitzendbureau De Zon slapen twaalf uitzendkrachten in een loods aan de Kanaalweg."
ENSCHEDE_TEKST = "Uitzendkrachten van De Zon worden elke ochtend om vijf uur opgehaald bij een pand in Enschede."


@pytest.fixture
def paar(demo, django_capture_on_commit_callbacks):
    """Utrecht's older signal, then Enschede's with the same KvK number and the business name written otherwise."""
    utrecht = maak_signaal(demo["coordinator@utrecht.example"], omschrijving=UTRECHT_TEKST, kvk_nummer="12345678",
                           locatie_naam="Uitzendbureau De Zon B.V.", locatie_postcode="3511 AA", locatie_huisnummer="7")
    # A status of its own, so that the test can look for it on Twente's pages.
    signaal_services.change_status(utrecht, demo["regisseur@midden-nederland.example"], "informatie_opgevraagd",
                                   terugkoppeling="Welk adres?", notify=False)
    Signaal.objects.filter(pk=utrecht.pk).update(ingediend_op=timezone.now() - timedelta(days=40))
    utrecht.refresh_from_db()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        enschede = maak_signaal(demo["coordinator@enschede.example"], omschrijving=ENSCHEDE_TEKST,
                                kvk_nummer="12345678", locatie_naam="uitzendbureau de zon")
    return utrecht, enschede


def _treffer(paar):
    utrecht, enschede = paar
    return Treffer.objects.get(signaal_a_id=min(utrecht.pk, enschede.pk), signaal_b_id=max(utrecht.pk, enschede.pk))


def _ketenregisseurs_van(*gemeenten):
    """The e-mail addresses of the active ketenregisseurs whose district or region holds one of ``gemeenten``."""
    from django.db.models import Q

    from partners.models import User

    q = Q()
    for gemeente in gemeenten:
        q |= Q(werkgebied_district__gemeenten=gemeente) | Q(werkgebied_regio_id=gemeente.regio_id)
    return sorted(set(User.objects.filter(q, rol="ketenregisseur", is_active=True).values_list("email", flat=True)))


def test_a_submitted_signal_matching_another_werkgebied_makes_one_treffer_for_the_pair(paar, demo):
    treffer = _treffer(paar)
    assert treffer.kvk and treffer.naam and not treffer.adres
    assert treffer.status == Status.OPEN
    assert treffer.aanleiding_door == demo["coordinator@enschede.example"]
    assert Treffer.objects.count() == 1
    assert TrefferHistorie.objects.filter(treffer=treffer, soort="gevonden").count() == 1


def test_the_index_holds_only_keyed_hashes_never_the_raw_values(paar):
    utrecht, _enschede = paar
    rijen = list(IndexRegel.objects.filter(signaal=utrecht).values_list("soort", "waarde"))
    assert {soort for soort, _w in rijen} == {"kvk", "adres", "naam"}
    for _soort, waarde in rijen:
        assert len(waarde) == 64
        for ruw in ("12345678", "3511", "zon", "Zon"):
            assert ruw not in waarde


def test_drafts_are_never_indexed_or_matched(demo):
    concept = maak_signaal(demo["coordinator@utrecht.example"], indienen=False, kvk_nummer="87654321")
    maak_signaal(demo["coordinator@enschede.example"], kvk_nummer="87654321")
    assert not IndexRegel.objects.filter(signaal=concept).exists()
    assert not Treffer.objects.exists()


def test_a_match_inside_the_own_werkgebied_is_a_possible_duplicate_with_a_link(demo, client, twente):
    eerste = maak_signaal(demo["coordinator@enschede.example"], locatie_postcode="7511 ZZ", locatie_huisnummer="31a")
    tweede = maak_signaal(demo["coordinator@hengelo.example"], locatie_postcode="7511zz", locatie_huisnummer="31 A")
    treffer = Treffer.objects.get()
    assert treffer.adres and not treffer.kvk
    kant = selectors.kant_voor(twente, treffer)
    assert kant.dubbel and not kant.riec
    client.force_login(twente)
    html = client.get(reverse("treffers:detail", args=[treffer.pk])).content.decode()
    assert "Mogelijk dubbel" in html
    assert reverse("signalen:detail", args=[eerste.pk]) in html and reverse("signalen:detail", args=[tweede.pk]) in html
    assert "Contact opgenomen" not in html  # no contact to make with yourself


def test_both_ketenregisseurs_see_the_treffer_with_the_other_riec_and_its_mailbox(paar, client, twente, midden):
    utrecht, enschede = paar
    treffer = _treffer(paar)
    client.force_login(twente)
    html = client.get(reverse("treffers:lijst")).content.decode()
    assert f'data-treffer="{treffer.pk}"' in html
    assert "RIEC Midden-Nederland" in html and "info@riec-midden-nederland.example" in html
    assert enschede.referentie in html and "KvK-nummer" in html and "bedrijfsnaam" in html
    client.force_login(midden)
    html = client.get(reverse("treffers:lijst")).content.decode()
    assert "RIEC Oost-Nederland" in html and utrecht.referentie in html
    # Who submitted the triggering record: both sides see it.
    assert treffer.aanleiding_door.naam in html


def test_nothing_of_the_other_record_on_any_page_email_or_export_of_one_side(paar, client, twente, midden):
    utrecht, enschede = paar
    treffer = _treffer(paar)
    # Twente's e-mail about it: only that there is one.
    berichten = [m for m in mail.outbox if twente.email in m.to]
    assert len(berichten) == 1
    geheim_utrecht = [utrecht.referentie, UTRECHT_TEKST, "Kanaalweg", "3511", f"{utrecht.ingediend_op:%d-%m-%Y}",
                      timezone.localtime(utrecht.ingediend_op).strftime("%-d %B %Y"),
                      timezone.localtime(utrecht.ingediend_op).strftime("%-d %b %Y"),
                      "Informatie opgevraagd", "Welk adres?", "Gemeente Utrecht", f"/signalen/{utrecht.pk}/"]
    client.force_login(twente)
    paginas = [
        client.get(reverse("treffers:lijst")), client.get(reverse("treffers:lijst"), {"toon": "alle"}),
        client.get(reverse("treffers:detail", args=[treffer.pk])),
        client.get(reverse("signalen:detail", args=[enschede.pk])),
        client.get(reverse("signalen:lijst")), client.get(reverse("signalen:export")),
        client.get(reverse("start")), client.get(reverse("audit:lijst")),
    ]
    teksten = [p.content.decode() for p in paginas] + [m.subject + m.body for m in berichten]
    for tekst in teksten:
        for geheim in geheim_utrecht:
            assert geheim not in tekst, f"{geheim!r} of the other record is shown to Twente"
    # The same the other way round (Utrecht was the other side for Twente; now Enschede is for Midden-Nederland).
    geheim_enschede = [enschede.referentie, ENSCHEDE_TEKST, f"/signalen/{enschede.pk}/", "Gemeente Enschede"]
    client.force_login(midden)
    berichten = [m for m in mail.outbox if midden.email in m.to]
    assert len(berichten) == 1
    teksten = [client.get(url).content.decode() for url in (
        reverse("treffers:lijst"), reverse("treffers:detail", args=[treffer.pk]),
        reverse("signalen:detail", args=[utrecht.pk]), reverse("signalen:export"))]
    teksten += [m.subject + m.body for m in berichten]
    for tekst in teksten:
        for geheim in geheim_enschede[:3]:
            assert geheim not in tekst, f"{geheim!r} of the other record is shown to Midden-Nederland"


def test_the_email_says_only_that_there_is_one_and_the_submitter_hears_nothing(paar, demo):
    utrecht, enschede = paar
    ontvangers = sorted(adres for m in mail.outbox for adres in m.to)
    # The ketenregisseurs of both sides (Twente's district and the region around it, Midden-Nederland), once each.
    assert ontvangers == _ketenregisseurs_van(utrecht.gemeente, enschede.gemeente)
    assert {"regisseur@midden-nederland.example", "regisseur@twente.example"} <= set(ontvangers)
    for bericht in mail.outbox:
        assert "/treffers/" in bericht.body
        for woord in ("12345678", "Zon", "zon", enschede.referentie, utrecht.referentie, "Utrecht", "Enschede",
                      "KvK"):
            assert woord not in bericht.subject + bericht.body


@pytest.mark.parametrize("email", [
    "coordinator@enschede.example", "coordinator@utrecht.example", "politie@oost-nederland.example",
    "inspectie@nla.example", "burgemeester@twente.example", "burgemeester@midden-nederland.example",
    "beheer@ketenregie.example",
])
def test_everyone_but_the_ketenregisseurs_gets_404_and_sees_nothing_of_treffers(paar, client, demo, email):
    user = demo[email]
    treffer = _treffer(paar)
    assert_no_access(client, user, treffer)
    client.force_login(user)
    assert client.get(reverse("treffers:lijst")).status_code == 404
    for pagina in (reverse("start"), *[reverse("signalen:detail", args=[s.pk]) for s in paar]):
        response = client.get(pagina)
        if response.status_code == 200:
            html = response.content.decode()
            assert "Treffer" not in html and "treffer" not in html and "/treffers/" not in html


def test_a_ketenregisseur_of_another_werkgebied_does_not_see_the_treffer(paar, client, demo):
    from partners.models import User
    from tafels.models import District

    elders = User.objects.create(email="regisseur@ijsselland.example", naam="Regisseur IJsselland",
                                 organisatie=demo["regisseur@twente.example"].organisatie, rol="ketenregisseur",
                                 werkgebied_district=District.objects.exclude(code="TW").first()
                                 or District.objects.create(naam="Testdistrict", code="TD",
                                                            regio=demo["regisseur@twente.example"].werkgebied.regio))
    assert_no_access(client, elders, _treffer(paar))


def test_the_ketenregisseurs_have_access(paar, client, twente, midden):
    assert_has_access(client, twente, _treffer(paar))
    assert_has_access(client, midden, _treffer(paar))


def test_contact_made_is_seen_by_the_other_side_audited_and_in_the_timeline(paar, client, twente, midden):
    utrecht, enschede = paar
    treffer = _treffer(paar)
    client.force_login(twente)
    response = client.post(reverse("treffers:status", args=[treffer.pk]), {"status": "contact_opgenomen"})
    assert response.status_code == 302
    treffer.refresh_from_db()
    assert treffer.status == Status.CONTACT and treffer.gewijzigd_door == twente
    client.force_login(midden)
    assert "Contact opgenomen" in client.get(reverse("treffers:lijst"), {"toon": "alle"}).content.decode()
    # In the timeline of the record, on the signal page of each side (the own record).
    html = client.get(reverse("signalen:detail", args=[utrecht.pk])).content.decode()
    assert "Status gewijzigd in" in html and "Contact opgenomen" in html
    # Audited on both sides: a row in each werkgebied, each naming only its own record.
    rijen = AuditEntry.objects.filter(object_type="treffers.treffer", object_id=str(treffer.pk), actie="change")
    assert {r.gemeente_id for r in rijen} == {utrecht.gemeente_id, enschede.gemeente_id}
    for rij in rijen:
        eigen = utrecht if rij.gemeente_id == utrecht.gemeente_id else enschede
        ander = enschede if eigen == utrecht else utrecht
        assert f"eigen signaal {eigen.pk}" in rij.omschrijving and f"signaal {ander.pk}" not in rij.omschrijving
    gevonden = AuditEntry.objects.filter(object_type="treffers.treffer", object_id=str(treffer.pk), actie="create")
    assert {r.actor_id for r in gevonden} == {treffer.aanleiding_door_id}


def test_no_connection_needs_a_reason_which_only_its_own_side_reads(paar, client, twente, midden):
    treffer = _treffer(paar)
    client.force_login(twente)
    response = client.post(reverse("treffers:status", args=[treffer.pk]), {"status": "geen_verband", "reden": ""})
    assert response.status_code == 200 and "Geef de reden" in response.content.decode()
    treffer.refresh_from_db()
    assert treffer.status == Status.OPEN
    reden = "Ons signaal gaat over een ander pand van hetzelfde bedrijf."
    client.post(reverse("treffers:status", args=[treffer.pk]), {"status": "geen_verband", "reden": reden})
    treffer.refresh_from_db()
    assert treffer.status == Status.GEEN_VERBAND
    assert reden in client.get(reverse("treffers:detail", args=[treffer.pk])).content.decode()
    client.force_login(midden)
    html = client.get(reverse("treffers:detail", args=[treffer.pk])).content.decode()
    assert "Geen verband" in html and reden not in html


def test_shared_goes_through_the_share_path_with_a_legal_basis(paar, client, twente, midden, grondslag):
    utrecht, enschede = paar
    treffer = _treffer(paar)
    client.force_login(twente)
    response = client.post(reverse("treffers:delen", args=[treffer.pk]), {"grondslag": "", "toelichting": "x"})
    assert response.status_code == 200
    response = client.post(reverse("treffers:delen", args=[treffer.pk]),
                           {"grondslag": grondslag.pk, "toelichting": "Zelfde uitzendbureau; graag afstemmen."})
    assert response.status_code == 302
    treffer.refresh_from_db()
    assert treffer.status == Status.GEDEELD
    deling = SignaalDeling.objects.get(signaal=enschede)
    assert deling.organisatie.naam == "RIEC Midden-Nederland" and deling.grondslag == grondslag
    assert enschede.historie.filter(soort="deling").exists()
    # Now Midden-Nederland sees the shared record, through the share (and only that one).
    assert_has_access(client, midden, enschede)


def test_submitters_with_unusually_many_treffers_in_a_day_are_listed(demo, client, twente, midden, settings):
    settings.TREFFERS_DREMPEL_PER_DAG = 3
    utrecht = demo["coordinator@utrecht.example"]
    for kvk in ("11111111", "22222222", "33333333"):
        maak_signaal(demo["coordinator@enschede.example"], kvk_nummer=kvk)
    client.force_login(twente)
    assert f'data-opvallend="{utrecht.pk}"' not in client.get(reverse("treffers:lijst")).content.decode()
    for kvk in ("11111111", "22222222", "33333333"):  # probing: the same numbers, from Utrecht
        maak_signaal(utrecht, kvk_nummer=kvk)
    for kijker in (twente, midden):
        client.force_login(kijker)
        html = client.get(reverse("treffers:lijst")).content.decode()
        assert f'data-opvallend="{utrecht.pk}"' in html and "3 treffers" in html
    settings.TREFFERS_DREMPEL_PER_DAG = 4
    assert selectors.opvallende_melders(twente) == []


def test_retention_removes_the_index_rows_and_the_treffer(paar, demo):
    """The retention run anonymises Utrecht's signal (passed on 13 months ago): its index rows and treffer go."""
    from django.core.management import call_command

    from signalen.models import SignaalHistorie

    utrecht, enschede = paar
    signaal_services.change_status(utrecht, demo["regisseur@midden-nederland.example"], "doorgezet",
                                   doorgezet_naar="politie_om", notify=False)
    SignaalHistorie.objects.filter(signaal=utrecht).update(tijdstip=timezone.now() - timedelta(days=400))
    call_command("apply_retention", stdout=open("/dev/null", "w"))
    assert Signaal.objects.get(pk=utrecht.pk).verwijderd_op is not None
    assert not IndexRegel.objects.filter(signaal=utrecht).exists()
    assert IndexRegel.objects.filter(signaal=enschede).exists()
    assert not Treffer.objects.exists()
    # A new signal with the same KvK number no longer finds the removed record.
    maak_signaal(demo["coordinator@hengelo.example"], kvk_nummer="12345678")
    assert Treffer.objects.get().gemeente_a_id != utrecht.gemeente_id


def test_an_import_is_indexed_with_one_summary_email_per_ketenregisseur(demo, django_capture_on_commit_callbacks):
    utrecht = demo["coordinator@utrecht.example"]
    for kvk in ("44444444", "55555555", "66666666"):
        maak_signaal(utrecht, kvk_nummer=kvk)
    # Records as the import leaves them: submitted, indexed in one go afterwards (no receiver ran for them).
    geimporteerd = []
    for kvk in ("44444444", "55555555", "66666666"):
        signaal = maak_signaal(demo["coordinator@enschede.example"], kvk_nummer=kvk)
        IndexRegel.objects.filter(signaal=signaal).delete()
        geimporteerd.append(signaal)
    Treffer.objects.all().delete()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        nieuwe = services.indexeer_import(geimporteerd, demo["regisseur@twente.example"])
    assert len(nieuwe) == 3
    assert sorted(adres for m in mail.outbox for adres in m.to) == _ketenregisseurs_van(
        geimporteerd[0].gemeente, Gemeente.objects.get(naam="Utrecht"))
    assert all("3 nieuwe treffers" in m.body for m in mail.outbox)


def test_the_form_checks_the_postcode_and_keeps_it(demo, client):
    from signalen import concept

    coordinator = demo["coordinator@enschede.example"]
    signaal, _nieuw = concept.nieuw(coordinator)
    client.force_login(coordinator)
    url = reverse("signalen:bewerken", args=[signaal.pk])
    response = client.post(url, {"locatie_postcode": "12345", "locatie_huisnummer": "12a", "actie": "opslaan"})
    assert "1234 AB" in response.content.decode()
    signaal.refresh_from_db()
    assert signaal.locatie_postcode == "" and signaal.locatie_huisnummer == "12A"
    client.post(url, {"locatie_postcode": "7511ab", "locatie_huisnummer": "12a", "actie": "opslaan"})
    signaal.refresh_from_db()
    assert signaal.locatie_postcode == "7511 AB"


def test_the_index_command_fills_in_what_is_missing_without_new_treffers_or_mail(paar):
    from django.core.management import call_command

    utrecht, _enschede = paar
    IndexRegel.objects.filter(signaal=utrecht).delete()
    mail.outbox.clear()
    call_command("treffers_indexeren", stdout=open("/dev/null", "w"))
    assert IndexRegel.objects.filter(signaal=utrecht).count() == 3
    assert Treffer.objects.count() == 1 and not mail.outbox
    waarden = set(IndexRegel.objects.values_list("waarde", flat=True))
    call_command("treffers_indexeren", "--opnieuw", stdout=open("/dev/null", "w"))
    assert set(IndexRegel.objects.values_list("waarde", flat=True)) == waarden


def test_records_submitted_inside_a_summary_are_announced_once(demo, django_capture_on_commit_callbacks):
    utrecht = demo["coordinator@utrecht.example"]
    for kvk in ("77777771", "77777772"):
        maak_signaal(utrecht, kvk_nummer=kvk)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        with services.samenvatting() as nieuwe:
            for kvk in ("77777771", "77777772"):
                maak_signaal(demo["coordinator@enschede.example"], kvk_nummer=kvk)
    assert len(nieuwe) == 2
    assert sorted(adres for m in mail.outbox for adres in m.to) == _ketenregisseurs_van(
        Gemeente.objects.get(naam="Enschede"), Gemeente.objects.get(naam="Utrecht"))
    assert all("2 nieuwe treffers" in m.body for m in mail.outbox)


def test_the_list_costs_the_same_number_of_queries_for_one_or_many_treffers(demo, client, twente, settings):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def aantal_queries():
        client.force_login(twente)
        client.get(reverse("treffers:lijst"))  # warm up (session, permissions)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("treffers:lijst")).status_code == 200
        return len(queries)

    settings.TREFFERS_DREMPEL_PER_DAG = 10  # nobody listed as probing: the same page either way
    utrecht, enschede = demo["coordinator@utrecht.example"], demo["coordinator@enschede.example"]
    maak_signaal(utrecht, kvk_nummer="90000001")
    maak_signaal(enschede, kvk_nummer="90000001")
    een = aantal_queries()
    for nummer in range(2, 6):
        maak_signaal(utrecht, kvk_nummer=f"9000000{nummer}")
        maak_signaal(enschede, kvk_nummer=f"9000000{nummer}")
    assert Treffer.objects.count() == 5
    assert aantal_queries() == een


def test_a_business_reported_many_times_pairs_a_new_signal_with_the_newest_per_gemeente(demo):
    """Issue 14 with 19: the same KvK number in many signals does not give every new one a treffer with each of them
    (the number of treffers, and the cost of a submission, would grow with every earlier report): a new signal is
    paired with the newest matching signal of each gemeente where the number is known."""
    utrecht, enschede = demo["coordinator@utrecht.example"], demo["coordinator@enschede.example"]
    for _ in range(3):
        maak_signaal(utrecht, kvk_nummer="88888888")
    eerdere = [maak_signaal(enschede, kvk_nummer="88888888") for _ in range(3)]
    voor = Treffer.objects.count()
    nieuw = maak_signaal(enschede, kvk_nummer="88888888")
    paren = Treffer.objects.filter(Q(signaal_a=nieuw) | Q(signaal_b=nieuw))
    assert Treffer.objects.count() - voor == paren.count() == 2
    nieuwste_utrecht = Signaal.objects.filter(gemeente__naam="Utrecht", kvk_nummer="88888888").latest("pk")
    assert {t.signaal_a_id for t in paren} | {t.signaal_b_id for t in paren} == {
        nieuw.pk, nieuwste_utrecht.pk, eerdere[-1].pk}
