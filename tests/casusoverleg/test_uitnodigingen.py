"""Issue 18, meetings and invitations: the chair gets the calendar invitation; a withdrawn invitation cancels the
invitee's calendar entry (same UID, higher SEQUENCE) and nobody else hears of it; a second agenda version says what
changed for each recipient; guests for a general or theme item, with the declaration where the item needs it."""
import pytest
from django.urls import reverse

from casusoverleg import agenda_pdf, berichten, selectors
from casusoverleg.models import AgendaDocument, Agendapunt, AgendapuntSoort, DocumentSoort, OverlegBericht
from casusoverleg.services import agenda as services
from partners.models import Organisatie
from tests.casusoverleg.test_agenda import twente_casus
from tests.casusoverleg.test_berichten import ics_of, parse, plan, value
from tests.i18n import nl

pytestmark = pytest.mark.django_db

REGISSEUR = "regisseur@twente.example"
HENGELO = "coordinator@hengelo.example"
VOORZITTER = "burgemeester@twente.example"


@pytest.fixture
def gepland(demo, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        overleg = plan(demo)
    return overleg


def aan(mailoutbox, adres):
    return [m for m in mailoutbox if m.to == [adres]]


def test_the_chair_gets_the_invitation_and_its_updates(demo, gepland, mailoutbox):
    [uitnodiging] = aan(mailoutbox, VOORZITTER)
    props = parse(ics_of(uitnodiging).get_payload(decode=True))
    assert value(props, "METHOD", "VCALENDAR") == "REQUEST" and value(props, "UID") == berichten.uid(gepland)


def test_withdrawing_an_invitation_cancels_the_invitees_entry_only(
        demo, gepland, mailoutbox, django_capture_on_commit_callbacks):
    regisseur = demo[REGISSEUR]
    punt = services.add_casus(gepland, regisseur, twente_casus("TW-2026-031", "Hengelo", regisseur))
    hengelo = Organisatie.objects.get(naam="Gemeente Hengelo")
    with django_capture_on_commit_callbacks(execute=True):
        uitnodiging = services.invite(punt, regisseur, hengelo)
    [eerste] = aan(mailoutbox, demo[HENGELO].email)
    eerste_seq = int(value(parse(ics_of(eerste).get_payload(decode=True)), "SEQUENCE"))
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services.revoke_invitation(uitnodiging, regisseur)
    [afzegging] = mailoutbox  # the others hear nothing
    assert afzegging.to == [demo[HENGELO].email]
    assert afzegging.subject.startswith(nl("Invitation withdrawn: %(tafel)s, %(datum)s").split(":")[0])
    bijlage = ics_of(afzegging)
    assert bijlage["Content-Type"] == "text/calendar; method=CANCEL; charset=utf-8"
    props = parse(bijlage.get_payload(decode=True))
    assert value(props, "UID") == berichten.uid(gepland) and int(value(props, "SEQUENCE")) > eerste_seq
    assert value(props, "STATUS") == "CANCELLED"
    assert ("VCALENDAR/VEVENT", "URL") not in props, "no link that now answers 404"
    assert f"/overleggen/{gepland.pk}/" not in afzegging.body

    # A second run sends nothing again; inviting it anew sends an invitation with a still higher SEQUENCE.
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        berichten.verstuur(gepland)
    assert mailoutbox == []
    with django_capture_on_commit_callbacks(execute=True):
        services.invite(punt, regisseur, hengelo)
    [opnieuw] = mailoutbox
    props = parse(ics_of(opnieuw).get_payload(decode=True))
    assert value(props, "METHOD", "VCALENDAR") == "REQUEST"
    assert int(value(props, "SEQUENCE")) > int(value(parse(bijlage.get_payload(decode=True)), "SEQUENCE"))


def test_removing_the_item_cancels_its_invitees_entries(demo, gepland, mailoutbox, django_capture_on_commit_callbacks):
    regisseur = demo[REGISSEUR]
    punt = services.add_casus(gepland, regisseur, twente_casus("TW-2026-032", "Hengelo", regisseur))
    with django_capture_on_commit_callbacks(execute=True):
        services.invite(punt, regisseur, Organisatie.objects.get(naam="Gemeente Hengelo"))
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.remove(punt, regisseur)
    assert [m.to for m in mailoutbox] == [[demo[HENGELO].email]]
    assert ics_of(mailoutbox[0])["Content-Type"].startswith("text/calendar; method=CANCEL")


def test_a_withdrawn_invitee_that_also_sits_at_the_table_gets_no_cancellation(
        demo, gepland, mailoutbox, django_capture_on_commit_callbacks):
    regisseur = demo[REGISSEUR]
    punt = services.add_casus(gepland, regisseur, twente_casus("TW-2026-033", "Hengelo", regisseur))
    algemeen = services.add_punt(gepland, regisseur, soort=AgendapuntSoort.ONDERWERP, titel="Thema: uitzendbureaus")
    hengelo = Organisatie.objects.get(naam="Gemeente Hengelo")
    with django_capture_on_commit_callbacks(execute=True):
        uitnodiging = services.invite(punt, regisseur, hengelo)
        services.invite(algemeen, regisseur, hengelo)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.revoke_invitation(uitnodiging, regisseur)
    assert mailoutbox == []  # still invited for the theme item


# --- guests for a general or theme item ---------------------------------------------------------------------------


def test_a_guest_of_a_general_item_sees_the_general_items_never_the_case_items(
        client, demo, gepland, mailoutbox, django_capture_on_commit_callbacks):
    regisseur, gast = demo[REGISSEUR], demo[HENGELO]
    casus = services.add_casus(gepland, regisseur, twente_casus("TW-2026-034", "Hengelo", regisseur))
    thema = services.add_punt(gepland, regisseur, soort=AgendapuntSoort.ONDERWERP, titel="Thema: arbeidsmigratie")
    with django_capture_on_commit_callbacks(execute=True):
        services.invite(thema, regisseur, Organisatie.objects.get(naam="Gemeente Hengelo"))
    assert aan(mailoutbox, gast.email), "the guest gets the calendar invitation"
    zichtbaar = set(selectors.agendapunten_visible_for(gast).filter(overleg=gepland))
    assert thema in zichtbaar and casus not in zichtbaar
    assert not services.moet_verklaren(gast, gepland), "an open general item needs no declaration"
    client.force_login(gast)
    html = client.get(f"/overleggen/{gepland.pk}/").content.decode()
    assert "Thema: arbeidsmigratie" in html and "TW-2026-034" not in html


def test_a_confidential_theme_item_opens_for_its_guests_after_the_declaration(
        client, demo, gepland, django_capture_on_commit_callbacks):
    regisseur, gast = demo[REGISSEUR], demo[HENGELO]
    thema = services.add_punt(gepland, regisseur, soort=AgendapuntSoort.ONDERWERP, titel="Thema: casuïstiek NLA")
    url = reverse("casusoverleg:uitnodigen", kwargs={"pk": thema.pk})
    client.force_login(regisseur)
    hengelo = Organisatie.objects.get(naam="Gemeente Hengelo")
    html = client.post(url, {"organisatie": hengelo.pk, "vertrouwelijk": "on"}).content.decode()
    assert nl("These organisations will be invited for this item:") in html
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, {"organisatie": hengelo.pk, "vertrouwelijk": "True", "bevestigd": "1"}).status_code == 302
    assert Agendapunt.objects.get(pk=thema.pk).vertrouwelijk
    assert services.moet_verklaren(gast, gepland)
    assert thema not in selectors.agendapunten_visible_for(gast)
    politie = demo["politie@oost-nederland.example"]  # a standing participant sees it as before
    assert thema in selectors.agendapunten_visible_for(politie)
    client.force_login(gast)  # the placeholder names a general item, not a case item
    html = client.get(f"/overleggen/{gepland.pk}/").content.decode()
    assert nl("Item for your organisation") in html and nl("Case item for your organisation") not in html
    assert "Thema: casuïstiek NLA" not in html
    services.accept_declaration(gepland, gast)
    assert thema in selectors.agendapunten_visible_for(gast)


# --- a second agenda version ---------------------------------------------------------------------------------------


def test_a_second_agenda_version_says_what_changed_for_each_recipient(demo, gepland, mailoutbox, opslag):
    regisseur = demo[REGISSEUR]
    punt = services.add_casus(gepland, regisseur, twente_casus("TW-2026-035", "Hengelo", regisseur))
    politie = Organisatie.objects.get(naam="Politie Oost-Nederland")
    opening = gepland.agendapunten.get(soort=AgendapuntSoort.OPENING)

    def document(versie, organisatie, punten):
        doc = AgendaDocument.objects.create(overleg=gepland, soort=DocumentSoort.AGENDA, versie=versie,
                                            organisatie=organisatie, opslagnaam=f"{versie:02d}{organisatie.pk:06d}"
                                            + "a" * 40 + ".pdf", grootte=1, sha256="0" * 64)
        doc.punten.set(punten)

    document(1, politie, [opening])
    document(2, politie, [opening, punt])
    mailoutbox.clear()
    agenda_pdf.mail_agenda_klaar(gepland, 1)
    assert all("gewijzigd" not in m.body for m in mailoutbox)
    mailoutbox.clear()
    agenda_pdf.mail_agenda_klaar(gepland, 2)
    [bericht] = aan(mailoutbox, "politie@oost-nederland.example")
    assert bericht.subject.startswith(nl("Agenda changed: %(tafel)s on %(datum)s").split(":")[0])
    assert "1 punt toegevoegd" in bericht.body and "0 punten vervallen" in bericht.body
    assert "TW-2026-035" not in bericht.body
    assert OverlegBericht.objects.filter(overleg=gepland, soort=agenda_pdf.BERICHT_SOORT, volgnummer=2).count() == len(
        mailoutbox)
