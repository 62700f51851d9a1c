"""The invitation, update and cancellation e-mails of a meeting and their iCalendar file.

The .ics is read back line by line (unfolded) as a calendar client would; the e-mails go only to the person or the
functional mailbox that takes part for an organisation, once per version, and say nothing of the cases on the agenda.
"""
import re
import unicodedata
from datetime import UTC, datetime, time, timedelta
from email.mime.base import MIMEBase

import pytest
from django.conf import settings
from django.utils import timezone
from icalendar import Calendar

from casusoverleg import berichten
from casusoverleg.models import (
    Agendapunt,
    AgendapuntSoort,
    Casus,
    Overleg,
    OverlegBericht,
    OverlegDeelnemer,
    OverlegStatus,
    Uitnodiging,
)
from casusoverleg.services import overleggen as services
from partners.models import Organisatie, Rol
from tafels.models import District, Gemeente, Tafel
from tests.factories import UserFactory
from tests.i18n import nl

pytestmark = pytest.mark.django_db

TWENTE = "Casusoverleg Mensenhandel Twente"
MIDDEN = "Casusoverleg Mensenhandel Midden-Nederland"
REGISSEUR = "regisseur@twente.example"
CODE = "TW-2027-014"


def _moment(dag, uur=10):
    return timezone.make_aware(datetime.combine(dag, time(uur, 0)), timezone.get_default_timezone())


def plan(demo, *, tafel=TWENTE, door=REGISSEUR, dag=None, **velden):
    dag = dag or timezone.localdate() + timedelta(days=21)
    velden.setdefault("locatie", "Stadhuis Enschede, zaal 2")
    velden.setdefault("doel", "Casusbespreking mensenhandel.")
    return services.schedule(Tafel.objects.get(naam=tafel), demo[door], begint=_moment(dag), eindigt=_moment(dag, 12),
                             **velden)


@pytest.fixture
def gepland(demo, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        overleg = plan(demo)
    return overleg


def unfold(data):
    """The content lines of an iCalendar stream (RFC 5545 §3.1): CRLF line ends, a leading space continues a line."""
    assert isinstance(data, bytes)
    text = data.decode("utf-8")
    assert text.endswith("\r\n")
    assert "\n" not in text.replace("\r\n", ""), "a bare LF"
    assert "\r" not in text.replace("\r\n", ""), "a bare CR"
    for line in data.split(b"\r\n"):
        assert len(line) <= 75, f"a line of {len(line)} octets: {line!r}"
    return text.replace("\r\n ", "").split("\r\n")[:-1]


def parse(data):
    """{(component path, name): [(params, value), ...]} of a VCALENDAR, checking BEGIN/END nesting."""
    stack, props = [], {}
    for line in unfold(data):
        match = re.match(r"^([A-Z-]+)((?:;[A-Z-]+=(?:\"[^\"]*\"|[^;:,]*))*):(.*)$", line)
        assert match, f"not a content line: {line!r}"
        name, params, value = match.groups()
        if name == "BEGIN":
            stack.append(value)
        elif name == "END":
            assert stack and stack.pop() == value, f"END:{value} does not close {stack}"
        else:
            props.setdefault(("/".join(stack), name), []).append((params, value))
    assert stack == [], f"unclosed {stack}"
    return props


def value(props, name, component="VCALENDAR/VEVENT"):
    values = props[(component, name)]
    assert len(values) == 1, f"{name} appears {len(values)} times"
    return values[0][1]


def unescape(text):
    return re.sub(r"\\([\\;,nN])", lambda m: "\n" if m.group(1) in "nN" else m.group(1), text)


def ics_of(message):
    parts = [part for part in message.attachments if isinstance(part, MIMEBase)]
    assert len(parts) == 1
    return parts[0]


def onderwerp(msgid, overleg):
    """The subject as the Dutch catalogue gives it: "Uitnodiging: <table>, 12 maart 2027"."""
    from django.utils import formats, translation

    with translation.override("nl"):
        datum = formats.date_format(timezone.localtime(overleg.begint), "j F Y")
    return nl(msgid) % {"tafel": overleg.tafel.naam, "datum": datum}


def contacts(overleg):
    """Everyone who takes part: the standing participants' contacts and the chair (issue 18)."""
    deelnemers = {d.contact for d in OverlegDeelnemer.objects.filter(overleg=overleg).select_related("deelnemer")}
    return deelnemers | ({overleg.voorzitter.email} if overleg.voorzitter_id else set())


# --- the iCalendar file ------------------------------------------------------------------------------------


def test_the_ics_is_a_valid_vcalendar_with_uid_sequence_and_utc_times(gepland):
    overleg = gepland
    props = parse(berichten.ics(overleg, methode="REQUEST"))
    assert value(props, "VERSION", "VCALENDAR") == "2.0"
    assert value(props, "PRODID", "VCALENDAR")
    assert value(props, "METHOD", "VCALENDAR") == "REQUEST"
    assert value(props, "UID") == f"{overleg.uid}@127.0.0.1" == berichten.uid(overleg)
    assert value(props, "SEQUENCE") == "0"
    assert re.fullmatch(r"\d{8}T\d{6}Z", value(props, "DTSTAMP"))
    assert value(props, "DTSTART") == overleg.begint.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    assert value(props, "DTEND") == overleg.eindigt.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    assert value(props, "SUMMARY") == TWENTE
    assert unescape(value(props, "LOCATION")) == "Stadhuis Enschede, zaal 2"
    assert value(props, "LOCATION") == "Stadhuis Enschede\\, zaal 2"
    assert value(props, "STATUS") == "CONFIRMED"
    link = f"{settings.SITE_URL}/overleggen/{overleg.pk}/"
    description = unescape(value(props, "DESCRIPTION"))
    assert description.endswith("\n" + link)
    assert description.startswith(nl("The agenda and the documents of this meeting are in Ketenregie Mensenhandel, "
                                      "after logging in:")), "a Dutch line"
    assert value(props, "URL") == link
    assert ("VCALENDAR/VEVENT", "ATTENDEE") not in props
    organizer = props[("VCALENDAR/VEVENT", "ORGANIZER")][0]
    assert organizer[1] == "mailto:noreply@ketenregie.example"


def test_the_ics_folds_long_lines_at_75_octets_and_escapes_text(demo, django_capture_on_commit_callbacks):
    locatie = "Provinciehuis Overijssel; zaal \"De Ijssel\", verdieping 3 — ingang Luttenbergstraat 2\\achter " * 2
    link = "https://vergaderen.example/j/" + "é" * 60
    with django_capture_on_commit_callbacks(execute=True):
        overleg = plan(demo, locatie=locatie.strip(), online_link=link)
    data = berichten.ics(overleg, methode="REQUEST")
    assert b"\r\n " in data, "long lines are folded"
    data.decode("utf-8")  # a fold never splits a UTF-8 character
    for line in data.split(b"\r\n"):
        line.decode("utf-8")
    props = parse(data)
    assert unescape(value(props, "LOCATION")) == f"{locatie.strip()} / {link}"
    raw = value(props, "LOCATION")
    assert "\\;" in raw and "\\," in raw and "\\\\" in raw
    assert "\\n" in value(props, "DESCRIPTION"), "the line break of the description is escaped"


def test_a_cancelled_meeting_gives_cancel_and_cancelled(gepland, demo, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        overleg = services.cancel(gepland, demo[REGISSEUR], "Te weinig casussen.")
    props = parse(berichten.ics(overleg, methode="CANCEL"))
    assert value(props, "METHOD", "VCALENDAR") == "CANCEL"
    assert value(props, "STATUS") == "CANCELLED"
    assert value(props, "SEQUENCE") == "1"
    assert value(props, "UID") == berichten.uid(gepland)


def test_only_the_recipient_is_an_attendee_without_a_name(gepland):
    props = parse(berichten.ics(gepland, methode="REQUEST", ontvanger="casusoverleg.twente@om.example"))
    (params, adres), = props[("VCALENDAR/VEVENT", "ATTENDEE")]
    assert adres == "mailto:casusoverleg.twente@om.example"
    assert "CN=" not in params


# Control characters in a single-line value: VT, U+2028, CRLF, NEL (security issue 16 §5).
VIES = "a\x0bb\u2028c\r\nd\x85e"
SCHOON = "a b c d e"


def stuurtekens(text):
    """The control characters (Unicode Cc, Zl, Zp) in ``text``."""
    return [c for c in text if unicodedata.category(c) in ("Cc", "Zl", "Zp")]


def event_of(data):
    (event,) = Calendar.from_ical(data).walk("VEVENT")
    return event


def test_the_ics_parses_back_to_exactly_the_title_and_place(demo, django_capture_on_commit_callbacks):
    naam = 'Casusoverleg, "Twente"; Enschede\\Hengelo'
    Tafel.objects.filter(naam=TWENTE).update(naam=naam)
    locatie = ("Provinciehuis; zaal \"De IJssel\", ingang C:\\achter — verdieping 3, " * 5)[:199] + "!"
    link = "https://vergaderen.example/j/123?pwd=a,b;c"
    with django_capture_on_commit_callbacks(execute=True):
        overleg = plan(demo, tafel=naam, locatie=locatie, online_link=link)
    assert len(locatie) == 200
    data = berichten.ics(overleg, methode="REQUEST", ontvanger="casusoverleg.twente@om.example")
    parse(data)  # CRLF line ends, no line over 75 octets, BEGIN/END nested
    assert data.endswith(b"\r\n") and b"\n" not in data.replace(b"\r\n", b"")
    assert all(len(line) <= 75 for line in data.split(b"\r\n"))
    event = event_of(data)
    assert str(event["SUMMARY"]) == naam
    assert str(event["LOCATION"]) == f"{locatie} / {link}"
    assert str(event["DESCRIPTION"]).endswith(f"\n{settings.SITE_URL}/overleggen/{overleg.pk}/")
    assert str(event["UID"]) == berichten.uid(overleg) and event["SEQUENCE"] == 0
    assert event.decoded("DTSTART") == overleg.begint and event.decoded("DTEND") == overleg.eindigt
    assert event.decoded("DTSTART").utcoffset() == timedelta(0)
    assert str(event["ATTENDEE"]) == "mailto:casusoverleg.twente@om.example"
    assert event["ATTENDEE"].params["RSVP"] == "FALSE" and "CN" not in event["ATTENDEE"].params
    assert str(event["ORGANIZER"]) == "mailto:noreply@ketenregie.example"
    assert Calendar.from_ical(data)["METHOD"] == "REQUEST"


def test_a_title_or_place_stored_with_line_breaks_is_one_line_in_the_ics(demo, django_capture_on_commit_callbacks):
    """What was stored before the forms stripped control characters still goes out as one clean line."""
    Tafel.objects.filter(naam=TWENTE).update(naam="Casusoverleg,\nTwente;\r\nOost\\West\x0c")
    locatie = "Stadhuis Enschede,\nzaal 2;\x0bingang\\achter\u2029" + "x" * 150
    with django_capture_on_commit_callbacks(execute=True):
        overleg = plan(demo, tafel="Casusoverleg,\nTwente;\r\nOost\\West\x0c", locatie=locatie)
    for methode in ("REQUEST", "CANCEL", "PUBLISH"):
        data = berichten.ics(overleg, methode=methode)
        parse(data)
        assert stuurtekens(data.decode().replace("\r\n", "")) == []
        event = event_of(data)
        assert str(event["SUMMARY"]) == "Casusoverleg, Twente; Oost\\West"
        assert str(event["LOCATION"]) == "Stadhuis Enschede, zaal 2; ingang\\achter " + "x" * 150


def test_control_characters_reach_neither_the_ics_nor_the_mail(demo, mailoutbox, django_capture_on_commit_callbacks):
    naam = f"Casusoverleg {VIES}"
    Tafel.objects.filter(naam=TWENTE).update(naam=naam)
    with django_capture_on_commit_callbacks(execute=True):
        overleg = plan(demo, tafel=naam, locatie=VIES, online_link="https://vergaderen.example/j/1")
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel(overleg, demo[REGISSEUR], "Vervalt.")
    assert len(mailoutbox) == 14  # invitation and cancellation, to six participants and the chair
    for bericht in mailoutbox:
        assert f": Casusoverleg {SCHOON}, " in bericht.subject and stuurtekens(bericht.subject) == []
        assert f"Casusoverleg {SCHOON}" in bericht.body and SCHOON in bericht.body
        assert set(stuurtekens(bericht.body)) <= {"\n"}, "the plain-text body has lines, nothing else"
        bericht.message().as_bytes()  # no header refused for a line break
        data = ics_of(bericht).get_payload(decode=True)
        assert stuurtekens(data.decode().replace("\r\n", "")) == []
        event = event_of(data)
        assert str(event["SUMMARY"]) == f"Casusoverleg {SCHOON}"
        assert str(event["LOCATION"]) == f"{SCHOON} / https://vergaderen.example/j/1"


def test_the_meeting_form_strips_control_characters_before_the_invitation(
    client, demo, mailoutbox, django_capture_on_commit_callbacks
):
    twente = Tafel.objects.get(naam=TWENTE)
    client.force_login(demo[REGISSEUR])
    dag = timezone.localdate() + timedelta(days=30)
    data = {"datum": dag.isoformat(), "begintijd": "13:30", "eindtijd": "15:00", "locatie": f"\u2028 {VIES}\r\n",
            "online_link": "", "doel": "Doelbinding\r\nvan dit\x0boverleg.\u2028", "tafel": twente.pk,
            "voorzitter": demo["burgemeester@twente.example"].pk, "deelnemers": [lid.pk for lid in twente.leden.all()]}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/overleggen/nieuw/?tafel={twente.pk}", data)
    assert response.status_code == 302
    overleg = Overleg.objects.get()
    assert overleg.locatie == SCHOON
    assert overleg.doel == "Doelbinding\nvan dit\noverleg.", "a multi-line field keeps its lines, as LF"
    assert len(mailoutbox) == 7  # six participants and the chair
    for bericht in mailoutbox:
        assert f"{SCHOON}\n" in bericht.body
        assert str(event_of(ics_of(bericht).get_payload(decode=True))["LOCATION"]) == SCHOON


def test_a_line_break_in_the_online_link_makes_it_invalid(client, demo, django_capture_on_commit_callbacks):
    """A line break or other whitespace control becomes a space, which no link has; any other control character is
    dropped."""
    twente = Tafel.objects.get(naam=TWENTE)
    client.force_login(demo[REGISSEUR])
    dag = timezone.localdate() + timedelta(days=30)
    data = {"datum": dag.isoformat(), "begintijd": "13:30", "eindtijd": "15:00", "locatie": "", "doel": "Doel.",
            "tafel": twente.pk, "voorzitter": demo["burgemeester@twente.example"].pk,
            "deelnemers": [lid.pk for lid in twente.leden.all()]}
    for link in ("https://vergaderen.example/j/1\u2028x", "https://vergaderen.example/j/1\x85x",
                 "https://vergaderen.example/j/1\x0bx", "https://vergaderen.example/j/1\r\nBcc: x@example.org"):
        response = client.post(f"/overleggen/nieuw/?tafel={twente.pk}", {**data, "online_link": link})
        assert response.status_code == 200 and "online_link" in response.context["form"].errors, repr(link)
    assert not Overleg.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/overleggen/nieuw/?tafel={twente.pk}",
                               {**data, "online_link": "https://vergaderen.example/j/1\x01\x7f\x9bx"})
    assert response.status_code == 302
    assert Overleg.objects.get().online_link == "https://vergaderen.example/j/1x"


# --- the e-mails -------------------------------------------------------------------------------------------


def test_the_invitation_goes_to_the_person_or_mailbox_of_each_member_only(
    demo, mailoutbox, django_capture_on_commit_callbacks
):
    politie = Organisatie.objects.get(naam="Politie Oost-Nederland")
    collega = UserFactory(organisatie=politie, rol=Rol.PARTNER, email="collega@oost-nederland.example")
    with django_capture_on_commit_callbacks(execute=True):
        overleg = plan(demo)
    ontvangers = [m.to for m in mailoutbox]
    assert all(len(to) == 1 for to in ontvangers), "one message per recipient, nobody sees the others"
    assert {to[0] for to in ontvangers} == {
        "regisseur@twente.example", "casusoverleg.twente@om.example", "politie@oost-nederland.example",
        "casusoverleg.oost@belastingdienst.example", "inspectie@nla.example", "zorgcoordinatie@twente.example",
        "burgemeester@twente.example",  # the chair takes part too (issue 18)
    } == contacts(overleg)
    assert len(mailoutbox) == 7
    assert collega.email not in {to[0] for to in ontvangers}
    assert "mensenhandel@oost-nederland.example" not in {to[0] for to in ontvangers}
    bericht = mailoutbox[0]
    maanden = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
               "november", "december"]
    dag = timezone.localtime(overleg.begint)
    assert bericht.subject == onderwerp("Invitation: %(tafel)s, %(datum)s", overleg)
    assert bericht.subject.endswith(f": {TWENTE}, {dag.day} {maanden[dag.month - 1]} {dag.year}")
    assert "10:00–12:00" in bericht.body and "Stadhuis Enschede, zaal 2" in bericht.body
    assert f"{settings.SITE_URL}/overleggen/{overleg.pk}/" in bericht.body
    bijlage = ics_of(bericht)
    assert bijlage["Content-Type"] == "text/calendar; method=REQUEST; charset=utf-8"
    assert bijlage.get_filename() == "uitnodiging.ics"
    props = parse(bijlage.get_payload(decode=True))
    assert value(props, "UID") == berichten.uid(overleg) and value(props, "SEQUENCE") == "0"
    assert set(OverlegBericht.objects.values_list("soort", "volgnummer").distinct()) == {("uitnodiging", 0)}


def test_midden_nederland_invites_the_coordinator_not_the_portfolio_holder_of_the_same_gemeente(
    demo, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        plan(demo, tafel=MIDDEN, door="regisseur@midden-nederland.example")
    ontvangers = {m.to[0] for m in mailoutbox}
    assert "coordinator@utrecht.example" in ontvangers
    assert "burgemeester@midden-nederland.example" not in ontvangers, "same organisation, but not the participant"
    assert "mensenhandel@utrecht.example" not in ontvangers, "not the organisation's general address"


def test_running_the_job_twice_sends_nothing_twice(gepland, mailoutbox, django_capture_on_commit_callbacks):
    assert len(mailoutbox) == 7
    with django_capture_on_commit_callbacks(execute=True):
        berichten.verstuur(gepland)
        berichten.verstuur(gepland)
    assert berichten.verstuur_berichten(gepland.pk) == {"verzonden": 0, "mislukt": 0}
    assert len(mailoutbox) == 7
    assert OverlegBericht.objects.filter(overleg=gepland).count() == 7


def test_a_new_time_sends_an_update_with_the_same_uid_and_a_higher_sequence(
    gepland, demo, mailoutbox, django_capture_on_commit_callbacks
):
    mailoutbox.clear()
    nieuwe_dag = timezone.localdate(gepland.begint) + timedelta(days=7)
    with django_capture_on_commit_callbacks(execute=True):
        overleg = services.update(gepland, demo[REGISSEUR], begint=_moment(nieuwe_dag, 13), eindigt=_moment(nieuwe_dag, 15))
    assert overleg.ics_volgnummer == 1
    assert {m.to[0] for m in mailoutbox} == contacts(overleg) and len(mailoutbox) == 7
    for bericht in mailoutbox:
        assert bericht.subject == onderwerp("Changed: %(tafel)s, %(datum)s", overleg)
        props = parse(ics_of(bericht).get_payload(decode=True))
        assert value(props, "UID") == berichten.uid(gepland)
        assert value(props, "SEQUENCE") == "1"
        assert value(props, "METHOD", "VCALENDAR") == "REQUEST"
        assert value(props, "DTSTART") == overleg.begint.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    # The job again: nothing new.
    with django_capture_on_commit_callbacks(execute=True):
        berichten.verstuur(overleg)
    assert len(mailoutbox) == 7


def test_a_new_purpose_or_chair_sends_nothing(gepland, demo, mailoutbox, django_capture_on_commit_callbacks):
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        overleg = services.update(gepland, demo[REGISSEUR], doel="Een ander doel.", voorzitter=demo[REGISSEUR])
    assert overleg.ics_volgnummer == 0
    assert mailoutbox == []


def test_cancelling_sends_a_cancel_to_who_was_invited(gepland, demo, mailoutbox, django_capture_on_commit_callbacks):
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel(gepland, demo[REGISSEUR], "Vervalt wegens gebrek aan casussen.")
    assert {m.to[0] for m in mailoutbox} == contacts(gepland) and len(mailoutbox) == 7
    for bericht in mailoutbox:
        assert bericht.subject == onderwerp("Cancelled: %(tafel)s, %(datum)s", gepland)
        assert "gebrek aan casussen" not in bericht.body, "the free-text reason stays in the application"
        bijlage = ics_of(bericht)
        assert bijlage["Content-Type"] == "text/calendar; method=CANCEL; charset=utf-8"
        props = parse(bijlage.get_payload(decode=True))
        assert value(props, "METHOD", "VCALENDAR") == "CANCEL"
        assert value(props, "STATUS") == "CANCELLED"
        assert value(props, "UID") == berichten.uid(gepland) and value(props, "SEQUENCE") == "1"
        assert "gebrek aan casussen" not in bijlage.get_payload(decode=True).decode()
    with django_capture_on_commit_callbacks(execute=True):
        berichten.verstuur(gepland)
    assert len(mailoutbox) == 7


def test_a_cancellation_before_any_invitation_went_out_sends_nothing(demo, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        overleg = plan(demo)
    assert callbacks  # the invitation job was queued but never ran
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel(overleg, demo[REGISSEUR], "Dubbel gepland.")
    assert mailoutbox == []


def _casus_op_agenda(demo, overleg):
    twente = District.objects.get(code="TW")
    casus = Casus.objects.create(code=CODE, district=twente, regio=twente.regio, eigenaar=demo[REGISSEUR],
                                 samenvatting="Uitbuiting in de schoonmaak bij een uitzendbureau.")
    casus.gemeenten.set([Gemeente.objects.get(cbs_code="GM0164")])
    rondvraag = Agendapunt.objects.get(overleg=overleg, soort=AgendapuntSoort.RONDVRAAG)
    punt = Agendapunt.objects.create(overleg=overleg, soort=AgendapuntSoort.CASUS, casus=casus, volgorde=3,
                                     titel=CODE, toelichting="Besproken: de uitzendbureau-eigenaar.")
    rondvraag.volgorde = 4
    rondvraag.save()
    return casus, punt


def test_an_organisation_invited_later_gets_the_current_version_and_nothing_of_the_case(
    gepland, demo, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        overleg = services.update(gepland, demo[REGISSEUR], locatie="Gemeentehuis Hengelo")
    mailoutbox.clear()
    casus, punt = _casus_op_agenda(demo, overleg)
    hengelo = demo["coordinator@hengelo.example"]
    with django_capture_on_commit_callbacks(execute=True):
        Uitnodiging.objects.create(agendapunt=punt, organisatie=hengelo.organisatie, deelnemer=hengelo,
                                   uitgenodigd_door=demo[REGISSEUR])
        berichten.verstuur(overleg)
    assert [m.to for m in mailoutbox] == [[hengelo.email]], "only the newcomer, once"
    bericht = mailoutbox[0]
    assert bericht.subject == onderwerp("Invitation: %(tafel)s, %(datum)s", overleg), "for them it is an invitation"
    props = parse(ics_of(bericht).get_payload(decode=True))
    assert value(props, "SEQUENCE") == "1" and value(props, "UID") == berichten.uid(overleg)
    assert OverlegBericht.objects.get(overleg=overleg, ontvanger=hengelo.email).volgnummer == 1


def test_no_case_code_summary_or_name_in_any_mail_or_ics(demo, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        overleg = plan(demo)
        casus, punt = _casus_op_agenda(demo, overleg)
        hengelo = demo["coordinator@hengelo.example"]
        Uitnodiging.objects.create(agendapunt=punt, organisatie=hengelo.organisatie, deelnemer=hengelo,
                                   uitgenodigd_door=demo[REGISSEUR])
        berichten.verstuur(overleg)
    with django_capture_on_commit_callbacks(execute=True):
        services.update(overleg, demo[REGISSEUR], locatie="Stadhuis Enschede, zaal 3")
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel(overleg, demo[REGISSEUR], f"Casus {CODE} is al besproken.")
    assert len(mailoutbox) == 8 * 3  # six participants, the invitee and the chair
    verboden = [CODE, "TW-", casus.samenvatting, "uitzendbureau", "schoonmaak", "Hengelo",
                *[u.naam for u in demo.values()]]
    for bericht in mailoutbox:
        tekst = f"{bericht.subject}\n{bericht.body}\n{ics_of(bericht).get_payload(decode=True).decode()}"
        for woord in verboden:
            assert woord not in tekst, f"{woord!r} in the mail to {bericht.to}"
    download = berichten.ics(overleg, methode="PUBLISH").decode()
    for woord in (CODE, casus.samenvatting, *[u.naam for u in demo.values()]):
        assert woord not in download


def test_a_deactivated_participant_gets_nothing(demo, mailoutbox, django_capture_on_commit_callbacks):
    politie = demo["politie@oost-nederland.example"]
    politie.is_active = False
    politie.save()
    with django_capture_on_commit_callbacks(execute=True):
        plan(demo)
    assert politie.email not in {m.to[0] for m in mailoutbox}
    assert len(mailoutbox) == 6


def test_a_meeting_that_is_over_or_held_sends_nothing(demo, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        plan(demo, dag=timezone.localdate() - timedelta(days=3))
    assert mailoutbox == []
    overleg = Overleg.objects.get()
    straks = timezone.localdate() + timedelta(days=3)
    Overleg.objects.filter(pk=overleg.pk).update(status=OverlegStatus.GEHOUDEN, begint=_moment(straks),
                                                 eindigt=_moment(straks, 12))
    assert berichten.verstuur_berichten(overleg.pk) == {"verzonden": 0, "mislukt": 0}


def test_a_message_that_fails_is_sent_on_the_next_run(demo, mailoutbox, monkeypatch, django_capture_on_commit_callbacks):
    from django.core.mail import EmailMessage

    echt = EmailMessage.send

    def stuk_voor_politie(self, *args, **kwargs):
        if self.to == ["politie@oost-nederland.example"]:
            raise OSError("mail server away")
        return echt(self, *args, **kwargs)

    monkeypatch.setattr(EmailMessage, "send", stuk_voor_politie)
    with django_capture_on_commit_callbacks(execute=True):
        overleg = plan(demo)
    assert len(mailoutbox) == 6
    assert not OverlegBericht.objects.filter(ontvanger="politie@oost-nederland.example").exists()
    monkeypatch.setattr(EmailMessage, "send", echt)
    assert berichten.verstuur_berichten(overleg.pk) == {"verzonden": 1, "mislukt": 0}
    assert [m.to for m in mailoutbox[6:]] == [["politie@oost-nederland.example"]]


def test_the_mail_is_dutch_whatever_the_active_language(demo, mailoutbox, django_capture_on_commit_callbacks):
    from django.utils import translation

    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        overleg = plan(demo)
    assert mailoutbox[0].subject == onderwerp("Invitation: %(tafel)s, %(datum)s", overleg)
    assert mailoutbox[0].body.startswith(nl("Hello,"))


def test_invitations_the_mail_server_refused_are_sent_by_the_retry(gepland, mailoutbox, django_capture_on_commit_callbacks):
    """Issue 16 §5: no invitation is lost to a mail server that is away; the retry sends only what did not go out."""
    from datetime import timedelta
    from unittest import mock

    from django.utils import timezone

    from casusoverleg.models import OverlegBericht
    from mensenhandel.jobs.models import Job, JobStatus
    from mensenhandel.jobs.services import relay_pending

    OverlegBericht.objects.filter(overleg=gepland).delete()
    mailoutbox.clear()
    with mock.patch("django.core.mail.backends.locmem.EmailBackend.send_messages",
                    side_effect=ConnectionRefusedError(111, "Connection refused")):
        with django_capture_on_commit_callbacks(execute=True):
            job = berichten.verstuur(gepland)
    job.refresh_from_db()
    assert job.status == JobStatus.DONE and job.resultaat["verzonden"] == 0 and job.resultaat["mislukt"] > 0
    opnieuw = Job.objects.get(pk=job.resultaat["opnieuw"])
    assert opnieuw.niet_voor > timezone.now() and mailoutbox == []
    Job.objects.filter(pk=opnieuw.pk).update(niet_voor=timezone.now(), aangemaakt=timezone.now() - timedelta(minutes=5))
    with django_capture_on_commit_callbacks(execute=True):
        assert relay_pending() == 1
    opnieuw.refresh_from_db()
    assert opnieuw.resultaat["verzonden"] == job.resultaat["mislukt"] and opnieuw.resultaat["mislukt"] == 0
    assert len(mailoutbox) == job.resultaat["mislukt"]
    assert "opnieuw" not in opnieuw.resultaat
