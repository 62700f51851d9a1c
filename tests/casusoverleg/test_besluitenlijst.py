"""The decision list (besluitenlijst) of a held meeting: one PDF per recipient organisation with only what it may see,
made by the background job (a real Celery worker over Redis in ``test_a_real_worker_makes_every_decision_list``),
read back with pdftotext; the tagging; the progress and download; the e-mail that it is ready; adoption at the next
meeting; who may do what (404 / 403).
"""
import re
import shutil
import subprocess
from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.test import RequestFactory
from django.urls import reverse
from django.utils import formats, timezone, translation

from casusoverleg import agenda_pdf, besluitenlijst_pdf
from casusoverleg.models import (
    Actie,
    ActieSoort,
    ActieStatus,
    AgendaDocument,
    AgendapuntSoort,
    Besluit,
    DocumentSoort,
    Overleg,
    OverlegBericht,
    OverlegStatus,
    Uitnodiging,
)
from casusoverleg.services import agenda as agenda_services
from casusoverleg.services import besluitenlijst as services
from casusoverleg.services import overleggen as overleg_services
from mensenhandel.audit.models import AuditActie, AuditEntry
from mensenhandel.jobs.models import Job, JobStatus
from mensenhandel.jobs.services import execute
from partners.models import Organisatie
from tests.casusoverleg.test_agenda import MIDDEN, TWENTE, plan, twente_casus
from tests.casusoverleg.test_agenda_pdf import STAANDE_ORGANISATIES, pdf_objecten, tekst
from tests.conftest import require
from tests.i18n import nl
from tests.jobs.conftest import celery_conf, job_queue, published_jobs, start_worker, wait_until  # noqa: F401

pytestmark = pytest.mark.django_db

REGISSEUR = "regisseur@twente.example"
WORKER_SECONDS = 120

BESLUIT_ALGEMEEN = "Het jaarplan 2027 wordt vastgesteld."
BESLUIT_ENSCHEDE = "De nagelstudio wordt bestuurlijk aangepakt."
BESLUIT_HENGELO = "De casus blijft op de agenda."
ACTIE_ENSCHEDE = "Nagelstudio bezoeken met de NLA."
ACTIE_ENSCHEDE_2 = "Sluitingsbesluit voorbereiden."
ACTIE_HENGELO = "Inschrijvingen op het adres nagaan."
ACTIE_ALGEMEEN = "Jaarplan naar de partners sturen."


def bouw(demo, *, dagen=-1):
    """A held Twente meeting: a general topic, an Enschede case and a Hengelo case (Gemeente Hengelo invited for it),
    decisions and actions at each, the attendance recorded (Belastingdienst absent)."""
    regisseur = demo[REGISSEUR]
    overleg = plan(TWENTE, regisseur, dagen=dagen)
    enschede = twente_casus("TW-2026-031", "Enschede", regisseur)
    hengelo = twente_casus("TW-2026-032", "Hengelo", regisseur)
    org = {o.naam: o for o in Organisatie.objects.all()}
    onderwerp = agenda_services.add_punt(overleg, regisseur, soort=AgendapuntSoort.ONDERWERP,
                                         titel="Jaarplan aanpak 2027")
    punt_enschede = agenda_services.add_casus(overleg, regisseur, enschede)
    punt_hengelo = agenda_services.add_casus(overleg, regisseur, hengelo)
    agenda_services.invite(punt_hengelo, regisseur, org["Gemeente Hengelo"])
    for punt, besluit in ((onderwerp, BESLUIT_ALGEMEEN), (punt_enschede, BESLUIT_ENSCHEDE),
                          (punt_hengelo, BESLUIT_HENGELO)):
        Besluit.objects.create(agendapunt=punt, tekst=besluit, vastgelegd_door=regisseur)
    vandaag = timezone.localdate()
    for punt, omschrijving, soort, organisatie, persoon, dagen_tot, status in (
        (punt_enschede, ACTIE_ENSCHEDE, ActieSoort.ARBEIDSRECHTELIJK, "Nederlandse Arbeidsinspectie",
         "inspectie@nla.example", 10, ActieStatus.OPEN),
        (punt_enschede, ACTIE_ENSCHEDE_2, ActieSoort.BESTUURLIJK, "Gemeente Enschede", None, -3,
         ActieStatus.IN_UITVOERING),
        (punt_hengelo, ACTIE_HENGELO, ActieSoort.BESTUURLIJK, "Gemeente Hengelo", "coordinator@hengelo.example", 14,
         ActieStatus.OPEN),
        (onderwerp, ACTIE_ALGEMEEN, ActieSoort.BESTUURLIJK, "RIEC Oost-Nederland", None, 7, ActieStatus.GEREED),
    ):
        Actie.objects.create(casus=punt.casus, agendapunt=punt, omschrijving=omschrijving, soort=soort,
                             organisatie=org[organisatie], verantwoordelijke=demo.get(persoon), status=status,
                             deadline=vandaag + timedelta(days=dagen_tot), aangemaakt_door=regisseur)
    overleg.deelnemers.update(aanwezig=True)
    overleg.deelnemers.filter(organisatie__naam="Belastingdienst").update(aanwezig=False)
    Uitnodiging.objects.filter(agendapunt__overleg=overleg).update(aanwezig=True)
    Overleg.objects.filter(pk=overleg.pk).update(status=OverlegStatus.GEHOUDEN, agenda_versie=1)
    overleg.refresh_from_db()
    return overleg


def documenten(overleg, versie=1):
    return {(d.organisatie.naam if d.organisatie else None): d
            for d in AgendaDocument.objects.filter(overleg=overleg, soort=DocumentSoort.BESLUITENLIJST, versie=versie)
            .select_related("organisatie")}


def maak(overleg, door, capture):
    with capture(execute=True):
        services.make(overleg, door)
    overleg.refresh_from_db()
    return overleg


def controleer_documenten(overleg):
    """What every recipient's decision list must and must not hold."""
    docs = documenten(overleg)
    assert set(docs) == {None, "Gemeente Hengelo", *STAANDE_ORGANISATIES}
    pagina_een = f"{nl('page')} 1 {nl('of')} "
    for naam, doc in docs.items():
        inhoud = tekst(doc)
        pagina_s = [p for p in inhoud.split("\f") if p.strip()]
        assert pagina_een in inhoud, naam
        assert all(nl("Confidential").upper() in pagina for pagina in pagina_s), naam
        assert nl("Decision list") in inhoud and "Casusoverleg Mensenhandel Twente" in inhoud
        # The attendance list.
        assert nl("Attendance list") in inhoud and nl("Absent").upper() in inhoud  # small capitals
        assert "Politie Oost-Nederland" in inhoud and "Belastingdienst" in inhoud
        # The general item, and the Hengelo item everybody here saw on the agenda.
        for verwacht in (BESLUIT_ALGEMEEN, ACTIE_ALGEMEEN, "TW-2026-032", BESLUIT_HENGELO, ACTIE_HENGELO,
                         "Fatima El Amrani", "Gemeente Hengelo"):
            assert verwacht in inhoud, (naam, verwacht)
        if naam == "Gemeente Hengelo":
            # Invited for the Hengelo item only: nothing of the Enschede case.
            for verboden in ("TW-2026-031", BESLUIT_ENSCHEDE, ACTIE_ENSCHEDE, ACTIE_ENSCHEDE_2, "nagelstudio"):
                assert verboden not in inhoud, verboden
            assert set(doc.casussen.values_list("code", flat=True)) == {"TW-2026-032"}
        else:
            for verwacht in ("TW-2026-031", BESLUIT_ENSCHEDE, ACTIE_ENSCHEDE, ACTIE_ENSCHEDE_2,
                             "Nederlandse Arbeidsinspectie", "Linda Kamphuis", nl("overdue")):
                assert verwacht in inhoud, (naam, verwacht)
    return docs


# --- made by the job -------------------------------------------------------------------------------------


def test_making_the_list_makes_one_pdf_per_recipient_with_only_what_it_may_see(
        demo, opslag, pdftotext, django_capture_on_commit_callbacks):
    overleg = bouw(demo)
    mail.outbox.clear()
    overleg = maak(overleg, demo[REGISSEUR], django_capture_on_commit_callbacks)

    assert overleg.besluitenlijst_versie == 1
    controleer_documenten(overleg)
    assert besluitenlijst_pdf.voortgang(overleg).gereed
    assert not AgendaDocument.objects.filter(overleg=overleg, soort=DocumentSoort.AGENDA).exists()
    assert AuditEntry.objects.filter(actie=AuditActie.CHANGE, object_type="casusoverleg.overleg",
                                     object_id=str(overleg.pk), omschrijving="besluitenlijst gemaakt, versie 1").exists()

    # One e-mail per contact that the decision list is ready: a link, nothing of the items.
    onderwerp = nl("Decision list ready: %(tafel)s of %(datum)s").split(":")[0]
    berichten = [m for m in mail.outbox if m.subject.startswith(onderwerp)]
    ontvangers = sorted(adres for m in berichten for adres in m.to)
    assert ontvangers == sorted(OverlegBericht.objects.filter(overleg=overleg, soort="besluitenlijst", volgnummer=1)
                                .values_list("ontvanger", flat=True))
    assert len(ontvangers) == 8 and "coordinator@hengelo.example" in ontvangers
    for bericht in berichten:
        for verboden in ("TW-2026-031", "TW-2026-032", "Jaarplan", "nagelstudio", "Hengelo", "NLA"):
            assert verboden not in bericht.subject + bericht.body
        assert reverse("casusoverleg:overleg", kwargs={"pk": overleg.pk}) + "#besluitenlijst" in bericht.body


def test_the_job_is_idempotent_and_skips_a_version_that_is_no_longer_current(
        demo, opslag, django_capture_on_commit_callbacks):
    overleg = bouw(demo)
    regisseur = demo[REGISSEUR]
    overleg = maak(overleg, regisseur, django_capture_on_commit_callbacks)
    aantal_mails = len(mail.outbox)
    bestanden = sorted(p.name for p in (opslag / "agenda").iterdir())

    with django_capture_on_commit_callbacks(execute=True):
        opnieuw = execute(Job.objects.create(naam=besluitenlijst_pdf.JOB, args=[overleg.pk, 1]).pk)
    assert opnieuw.status == JobStatus.DONE and opnieuw.resultaat["gemaakt"] == []
    assert sorted(p.name for p in (opslag / "agenda").iterdir()) == bestanden
    assert len(mail.outbox) == aantal_mails

    # A new version: the old one's job is skipped, the new one gets its own PDFs and e-mails.
    with django_capture_on_commit_callbacks(execute=False):
        services.make(overleg, regisseur)
    with django_capture_on_commit_callbacks(execute=True):
        oud = execute(Job.objects.create(naam=besluitenlijst_pdf.JOB, args=[overleg.pk, 1]).pk)
    assert "overgeslagen" in oud.resultaat
    overleg.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        execute(overleg.besluitenlijst_job_id)
    assert len(documenten(overleg, versie=2)) == 8
    assert OverlegBericht.objects.filter(overleg=overleg, soort="besluitenlijst", volgnummer=2).count() == 8


def test_the_agenda_job_counts_only_agenda_documents(demo, opslag, django_capture_on_commit_callbacks):
    """Agenda version 1 and decision list version 1 are different documents: neither job takes the other's for its
    own (nor does the agenda section list them)."""
    from casusoverleg.views.agenda import agenda_context

    overleg = bouw(demo)
    regisseur = demo[REGISSEUR]
    overleg = maak(overleg, regisseur, django_capture_on_commit_callbacks)
    assert agenda_pdf.voortgang(overleg).klaar == 0
    with django_capture_on_commit_callbacks(execute=True):
        execute(Job.objects.create(naam=agenda_pdf.JOB, args=[overleg.pk, 1]).pk)
    assert AgendaDocument.objects.filter(overleg=overleg, soort=DocumentSoort.AGENDA, versie=1).count() == 8
    assert agenda_pdf.voortgang(overleg).gereed
    assert besluitenlijst_pdf.voortgang(overleg).klaar == 8

    request = RequestFactory().get("/")
    request.user = regisseur
    agenda = agenda_context(request, overleg)["agenda"]
    assert agenda["documenten"] and all(d.soort == DocumentSoort.AGENDA for d in agenda["documenten"])


def test_the_pdf_is_tagged_dutch_titled_and_a4(demo, opslag, django_capture_on_commit_callbacks):
    overleg = maak(bouw(demo), demo[REGISSEUR], django_capture_on_commit_callbacks)
    doc = documenten(overleg)["Politie Oost-Nederland"]
    data = agenda_pdf.pad(doc).read_bytes()
    objecten = pdf_objecten(data)
    assert b"/StructTreeRoot" in objecten
    assert re.search(rb"/Lang\s*\(nl\)", objecten)
    assert re.search(rb"/MarkInfo\s*<<\s*/Marked\s+true", objecten)
    assert b"pdfuaid" in objecten
    assert b"Noto" in objecten

    pdfinfo = shutil.which("pdfinfo")
    require(pdfinfo, "pdfinfo (poppler-utils)")
    info = subprocess.run([pdfinfo, str(agenda_pdf.pad(doc))], capture_output=True, check=True).stdout.decode()
    assert re.search(r"^Tagged:\s+yes", info, re.M)
    assert re.search(rf"^Title:\s+{re.escape(nl('Decision list'))} Casusoverleg Mensenhandel Twente", info, re.M)
    assert re.search(r"^Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)", info, re.M)
    structuur = subprocess.run([pdfinfo, "-struct", str(agenda_pdf.pad(doc))], capture_output=True,
                               check=True).stdout.decode()
    for tag in ("H1", "H2", "H3", "L", "LI", "Table", "TH", "TD"):
        assert re.search(rf"^\s+{tag}\b", structuur, re.M), tag


def test_progress_counts_the_documents_of_the_current_version(client, demo, opslag,
                                                             django_capture_on_commit_callbacks):
    overleg = bouw(demo)
    with django_capture_on_commit_callbacks(execute=False):
        services.make(overleg, demo[REGISSEUR])
    overleg.refresh_from_db()
    voortgang = besluitenlijst_pdf.voortgang(overleg)
    assert (voortgang.klaar, voortgang.totaal, voortgang.bezig) == (0, 8, True)
    with django_capture_on_commit_callbacks(execute=False):
        eerste = execute(overleg.besluitenlijst_job_id)
    overleg.refresh_from_db()
    assert eerste.resultaat["klaar"] == 1 and overleg.besluitenlijst_job_id != eerste.pk
    assert besluitenlijst_pdf.voortgang(overleg).klaar == 1

    url = reverse("casusoverleg:besluitenlijst_voortgang", kwargs={"pk": overleg.pk})
    client.force_login(demo[REGISSEUR])
    # htmx polls the fragment while the PDFs are being made; without JavaScript a page of its own refreshes itself.
    fragment = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert 'hx-trigger="every 2s"' in fragment and "<html" not in fragment
    assert 'value="1"' in fragment and 'max="8"' in fragment
    pagina = client.get(url).content.decode()
    assert '<meta http-equiv="refresh" content="5">' in pagina and "<h1" in pagina
    detail = client.get(reverse("casusoverleg:overleg", kwargs={"pk": overleg.pk})).content.decode()
    assert 'id="besluitenlijst-voortgang"' in detail and f'hx-get="{url}"' in detail

    Job.objects.filter(pk=overleg.besluitenlijst_job_id).update(status=JobStatus.FAILED)
    overleg.refresh_from_db()
    assert besluitenlijst_pdf.voortgang(overleg).mislukt

    # Who does not see the meeting: 404.
    client.force_login(demo["coordinator@utrecht.example"])
    assert client.get(url).status_code == 404


def test_a_mail_server_failure_does_not_lose_the_pdfs_and_a_later_run_sends(
        demo, opslag, monkeypatch, django_capture_on_commit_callbacks):
    from django.core.mail import EmailMessage

    overleg = bouw(demo)
    echt = EmailMessage.send
    onderwerp = nl("Decision list ready: %(tafel)s of %(datum)s").split(":")[0]

    def kapot(self, *args, **kwargs):
        if self.subject.startswith(onderwerp):
            raise OSError("mail server away")
        return echt(self, *args, **kwargs)

    monkeypatch.setattr(EmailMessage, "send", kapot)
    overleg = maak(overleg, demo[REGISSEUR], django_capture_on_commit_callbacks)
    assert len(documenten(overleg)) == 8
    assert not OverlegBericht.objects.filter(overleg=overleg, soort="besluitenlijst").exists()

    monkeypatch.setattr(EmailMessage, "send", echt)
    with django_capture_on_commit_callbacks(execute=True):
        opnieuw = execute(Job.objects.create(naam=besluitenlijst_pdf.JOB, args=[overleg.pk, 1]).pk)
    assert opnieuw.resultaat["mails"] == {"verzonden": 8, "mislukt": 0}


# --- the meeting page and the download -------------------------------------------------------------------


def test_the_meeting_page_and_the_download_show_each_reader_only_its_own_pdf(
        client, demo, opslag, django_capture_on_commit_callbacks):
    overleg = bouw(demo)
    detail = reverse("casusoverleg:overleg", kwargs={"pk": overleg.pk})
    maken = reverse("casusoverleg:besluitenlijst_maken", kwargs={"pk": overleg.pk})

    client.force_login(demo["politie@oost-nederland.example"])
    html = client.get(detail).content.decode()
    assert 'id="besluitenlijst"' in html and maken not in html

    client.force_login(demo[REGISSEUR])
    html = client.get(detail).content.decode()
    assert maken in html and nl("Make the decision list") in html
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(maken)
    assert response.status_code == 302 and response["Location"].endswith("#besluitenlijst")
    docs = documenten(overleg)

    def url(naam):
        return reverse("casusoverleg:document", kwargs={"pk": docs[naam].pk})

    html = client.get(detail).content.decode()
    assert url(None) in html and nl("Make a new version of the decision list") in html
    response = client.get(url(None))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == agenda_pdf.pad(docs[None]).read_bytes()
    assert response["Content-Disposition"].startswith(
        'attachment; filename="besluitenlijst-casusoverleg-mensenhandel-twente-')
    entry = AuditEntry.objects.get(actie=AuditActie.DOWNLOAD, object_type="casusoverleg.agendadocument",
                                   object_id=str(docs[None].pk))
    assert entry.omschrijving == f"besluitenlijst-pdf overleg {overleg.pk} versie 1"

    politie = demo["politie@oost-nederland.example"]
    client.force_login(politie)
    html = client.get(detail).content.decode()
    assert url("Politie Oost-Nederland") in html and url(None) not in html and url("OM Oost-Nederland") not in html
    assert client.get(url("Politie Oost-Nederland")).status_code == 200
    for ander in (None, "Gemeente Hengelo", "OM Oost-Nederland"):
        assert client.get(url(ander)).status_code == 404

    hengelo = demo["coordinator@hengelo.example"]
    client.force_login(hengelo)
    assert client.get(url("Gemeente Hengelo")).status_code == 404  # the declaration first
    assert nl("You can download your decision list PDF after you have accepted the confidentiality declaration.") \
        in client.get(detail).content.decode()
    agenda_services.accept_declaration(overleg, hengelo)
    assert client.get(url("Gemeente Hengelo")).status_code == 200
    assert client.get(url("Politie Oost-Nederland")).status_code == 404

    # The chair gets the full list.
    client.force_login(demo["burgemeester@twente.example"])
    assert client.get(url(None)).status_code == 200

    client.force_login(demo["coordinator@enschede.example"])
    assert client.get(url("Gemeente Hengelo")).status_code == 404
    assert client.get(detail).status_code == 404


def test_making_the_list_only_by_the_manager_of_the_table_and_only_after_the_meeting(
        client, demo, opslag, django_capture_on_commit_callbacks):
    overleg = bouw(demo)
    maken = reverse("casusoverleg:besluitenlijst_maken", kwargs={"pk": overleg.pk})
    # Sees the meeting but does not manage it: 403; does not see it: 404.
    for email, status in (("politie@oost-nederland.example", 403), ("burgemeester@twente.example", 403),
                          ("regisseur@midden-nederland.example", 404), ("coordinator@utrecht.example", 404),
                          ("coordinator@enschede.example", 404)):
        client.force_login(demo[email])
        assert client.post(maken).status_code == status, email
        assert client.get(maken).status_code in (404, 405), email
    with pytest.raises(PermissionDenied):
        services.make(overleg, demo["politie@oost-nederland.example"])
    overleg.refresh_from_db()
    assert overleg.besluitenlijst_versie == 0

    regisseur = demo[REGISSEUR]
    for status in (OverlegStatus.GEPLAND, OverlegStatus.AGENDA_DEFINITIEF, OverlegStatus.GEANNULEERD,
                   OverlegStatus.BESLUITENLIJST_VASTGESTELD):
        Overleg.objects.filter(pk=overleg.pk).update(status=status)
        with pytest.raises(ValidationError):
            services.make(overleg, regisseur)
    client.force_login(regisseur)
    response = client.post(maken, follow=True)
    assert response.status_code == 200
    assert nl("A decision list can be made once the meeting has been held, and no longer after it has been "
              "adopted.") in response.content.decode()
    overleg.refresh_from_db()
    assert overleg.besluitenlijst_versie == 0 and not Job.objects.filter(naam=besluitenlijst_pdf.JOB).exists()


# --- adoption at the next meeting ------------------------------------------------------------------------


def volgend_overleg(demo, status=OverlegStatus.AGENDA_DEFINITIEF, dagen=14):
    overleg = plan(TWENTE, demo[REGISSEUR], dagen=dagen)
    Overleg.objects.filter(pk=overleg.pk).update(status=status)
    overleg.refresh_from_db()
    return overleg


def test_the_next_meeting_adopts_the_decision_list(client, demo, opslag, pdftotext,
                                                   django_capture_on_commit_callbacks):
    regisseur = demo[REGISSEUR]
    vorige = maak(bouw(demo), regisseur, django_capture_on_commit_callbacks)
    volgend = volgend_overleg(demo)
    vaststellen = reverse("casusoverleg:besluitenlijst_vaststellen", kwargs={"pk": volgend.pk})
    detail = reverse("casusoverleg:overleg", kwargs={"pk": volgend.pk})

    client.force_login(demo["politie@oost-nederland.example"])
    html = client.get(detail).content.decode()
    assert nl("Decision list of the previous meeting") in html and vaststellen not in html
    politie_doc = documenten(vorige)["Politie Oost-Nederland"]
    assert reverse("casusoverleg:document", kwargs={"pk": politie_doc.pk}) in html
    assert client.post(vaststellen).status_code == 403

    client.force_login(regisseur)
    html = client.get(detail).content.decode()
    assert vaststellen in html and nl("Decision list adopted") in html
    response = client.post(vaststellen)
    assert response.status_code == 302 and response["Location"].endswith("#besluitenlijst")
    vorige.refresh_from_db()
    assert vorige.status == OverlegStatus.BESLUITENLIJST_VASTGESTELD
    assert vorige.besluitenlijst_vastgesteld_in == volgend
    assert AuditEntry.objects.filter(actie=AuditActie.CHANGE, object_type="casusoverleg.overleg",
                                     object_id=str(vorige.pk), actor=regisseur,
                                     omschrijving=f"besluitenlijst versie 1 vastgesteld in overleg {volgend.pk}").exists()
    html = client.get(detail).content.decode()
    assert nl("Adopted in this meeting.") in html and vaststellen not in html
    html = client.get(reverse("casusoverleg:overleg", kwargs={"pk": vorige.pk})).content.decode()
    assert reverse("casusoverleg:besluitenlijst_maken", kwargs={"pk": vorige.pk}) not in html

    # Twice: refused, nothing changes; the adopted list cannot be made again.
    with pytest.raises(ValidationError):
        services.adopt(volgend, regisseur)
    with pytest.raises(ValidationError):
        services.make(vorige, regisseur)
    # Attendance of an adopted meeting can no longer be changed either (the meeting service's rule).
    assert vorige.status not in overleg_services.PRESENTIE_VANAF

    # The next meeting's own decision list records the adoption at its item on the previous decision list.
    Overleg.objects.filter(pk=volgend.pk).update(status=OverlegStatus.GEHOUDEN)
    volgend = maak(volgend, regisseur, django_capture_on_commit_callbacks)
    inhoud = " ".join(tekst(documenten(volgend)["Politie Oost-Nederland"]).split())
    datum = formats.date_format(timezone.localtime(vorige.begint), "j F Y")
    with translation.override("nl"):
        assert nl("The decision list of the meeting of %(datum)s has been adopted.") % {"datum": datum} in inhoud
        assert f"2.1 {nl('The decision list of the meeting of %(datum)s has been adopted.') % {'datum': datum}}" \
            in inhoud


def test_adoption_rules(demo, opslag, django_capture_on_commit_callbacks):
    regisseur = demo[REGISSEUR]
    vorige = bouw(demo)

    # The next meeting must be final or held.
    gepland = volgend_overleg(demo, status=OverlegStatus.GEPLAND)
    with pytest.raises(ValidationError):
        services.adopt(gepland, regisseur)
    Overleg.objects.filter(pk=gepland.pk).update(status=OverlegStatus.GEANNULEERD)

    volgend = volgend_overleg(demo, status=OverlegStatus.GEHOUDEN, dagen=10)
    # No decision list made yet.
    with pytest.raises(ValidationError) as fout:
        services.adopt(volgend, regisseur)
    assert fout.value.code == "niet_gemaakt"
    # Made, but its PDFs are not ready.
    with django_capture_on_commit_callbacks(execute=False):
        services.make(vorige, regisseur)
    with pytest.raises(ValidationError) as fout:
        services.adopt(volgend, regisseur)
    assert fout.value.code == "niet_klaar"
    vorige.refresh_from_db()
    while not besluitenlijst_pdf.voortgang(vorige).gereed:
        with django_capture_on_commit_callbacks(execute=False):
            execute(vorige.besluitenlijst_job_id)
        vorige.refresh_from_db()

    # Only the manager of the table.
    with pytest.raises(PermissionDenied):
        services.adopt(volgend, demo["politie@oost-nederland.example"])
    with pytest.raises(PermissionDenied):
        services.adopt(volgend, demo["regisseur@midden-nederland.example"])

    # A meeting of another table adopts nothing of Twente.
    midden = plan(MIDDEN, demo["regisseur@midden-nederland.example"], dagen=12)
    Overleg.objects.filter(pk=midden.pk).update(status=OverlegStatus.AGENDA_DEFINITIEF)
    with pytest.raises(ValidationError) as fout:
        services.adopt(midden, demo["regisseur@midden-nederland.example"])
    assert fout.value.code == "geen_vorige"

    # An older held meeting is not the previous one: the latest held meeting before the next one is.
    ouder = plan(TWENTE, regisseur, dagen=-60)
    Overleg.objects.filter(pk=ouder.pk).update(status=OverlegStatus.GEHOUDEN, besluitenlijst_versie=1)
    assert services.adopt(volgend, regisseur) == vorige
    vorige.refresh_from_db()
    ouder.refresh_from_db()
    assert vorige.status == OverlegStatus.BESLUITENLIJST_VASTGESTELD and vorige.besluitenlijst_vastgesteld_in == volgend
    assert ouder.status == OverlegStatus.GEHOUDEN and ouder.besluitenlijst_vastgesteld_in is None
    with pytest.raises(ValidationError) as fout:
        services.adopt(volgend, regisseur)
    assert fout.value.code == "al_vastgesteld"


def test_adopting_answers_404_to_who_does_not_see_the_meeting(client, demo, opslag):
    volgend = volgend_overleg(demo)
    url = reverse("casusoverleg:besluitenlijst_vaststellen", kwargs={"pk": volgend.pk})
    for email in ("regisseur@midden-nederland.example", "coordinator@utrecht.example", "coordinator@hengelo.example",
                  "beheer@ketenregie.example"):
        client.force_login(demo[email])
        assert client.post(url).status_code == 404, email
    client.force_login(demo["burgemeester@twente.example"])
    assert client.post(url).status_code == 403
    client.force_login(demo[REGISSEUR])
    response = client.post(url, follow=True)
    assert nl("There is no earlier held meeting of this table whose decision list could be adopted.") \
        in response.content.decode()


# --- a real worker ---------------------------------------------------------------------------------------


@pytest.mark.postgres
@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_makes_every_decision_list(require_postgres, demo, start_worker, published_jobs, settings,  # noqa: F811
                                                 tmp_path, monkeypatch, pdftotext):
    opslag = tmp_path / "protected"
    settings.PROTECTED_FILES_ROOT = opslag
    monkeypatch.setenv("PROTECTED_FILES_ROOT", str(opslag))  # the worker stores where this test reads
    worker = start_worker(published_jobs)

    with transaction.atomic():
        overleg = bouw(demo)
    with transaction.atomic():
        services.make(overleg, demo[REGISSEUR])

    klaar = wait_until(
        lambda: OverlegBericht.objects.filter(overleg=overleg, soort="besluitenlijst").exists()
        or Job.objects.filter(naam=besluitenlijst_pdf.JOB, status=JobStatus.FAILED).exists(),
        WORKER_SECONDS, interval=0.5,
    )
    jobs = list(Job.objects.filter(naam=besluitenlijst_pdf.JOB).values("status", "pogingen", "fout", "resultaat"))
    assert klaar and len(documenten(overleg)) == 8, f"{jobs}\n--- worker log ---\n{worker.log()}"
    assert all(job["status"] == JobStatus.DONE and job["pogingen"] == 1 for job in jobs), jobs
    eerste = Job.objects.filter(naam=besluitenlijst_pdf.JOB).order_by("aangemaakt").first()
    assert f"Task jobs.run[{eerste.pk}] received" in worker.log(), worker.log()
    controleer_documenten(overleg)
    assert OverlegBericht.objects.filter(overleg=overleg, soort="besluitenlijst", volgnummer=1).count() == 8
