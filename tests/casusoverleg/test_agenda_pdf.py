"""The agenda PDFs: one per recipient organisation with only the items it may see, made by the background job,
read back with pdftotext; the tagging (PDF/UA-1) checked in the PDF's own objects; the e-mail that they are ready;
the permission-checked, audited download.

``test_a_real_worker_makes_every_pdf`` runs the job in a real Celery worker over Redis on PostgreSQL (skipped here
without them, failed in CI); the other tests run the same job in-process (eager) on whatever database is configured.
"""
import hashlib
import re
import shutil
import subprocess
import zlib
from datetime import timedelta

import pytest
from django.core import mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from casusoverleg import agenda_pdf
from casusoverleg.models import (
    Actie,
    ActieSoort,
    AgendaDocument,
    AgendapuntSoort,
    Overleg,
    OverlegBericht,
    OverlegStatus,
)
from casusoverleg.services import agenda as services
from mensenhandel.audit.models import AuditActie, AuditEntry
from mensenhandel.jobs.models import Job, JobStatus
from mensenhandel.jobs.services import execute, relay_pending
from partners.models import Organisatie
from tests.casusoverleg.test_agenda import TWENTE, plan, twente_casus
from tests.conftest import require
from tests.i18n import nl
from tests.jobs.conftest import celery_conf, job_queue, published_jobs, start_worker, wait_until  # noqa: F401

pytestmark = pytest.mark.django_db

STAANDE_ORGANISATIES = ["Belastingdienst", "Nederlandse Arbeidsinspectie", "OM Oost-Nederland",
                        "Politie Oost-Nederland", "RIEC Oost-Nederland", "Zorgcoördinator Twente"]
WORKER_SECONDS = 120


def tekst(document):
    """The text of a stored agenda PDF as pdftotext reads it (pages separated by form feeds)."""
    return subprocess.run(["pdftotext", "-layout", str(agenda_pdf.pad(document)), "-"], capture_output=True,
                          check=True).stdout.decode()


def pdf_objecten(data):
    """The PDF's bytes with every Flate stream decompressed and appended (object streams hold the catalog)."""
    delen = [data]
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", data, re.S):
        try:
            delen.append(zlib.decompress(match.group(1)))
        except zlib.error:
            continue
    return b"\n".join(delen)


def bouw(demo):
    """The Twente meeting with an Enschede case (an overdue and an open action), a Hengelo case (one open action),
    a general topic; Gemeente Hengelo invited for the Hengelo item."""
    regisseur = demo["regisseur@twente.example"]
    overleg = plan(TWENTE, regisseur)
    enschede = twente_casus("TW-2026-021", "Enschede", regisseur)
    hengelo = twente_casus("TW-2026-022", "Hengelo", regisseur)
    organisaties = {o.naam: o for o in Organisatie.objects.all()}
    vandaag = timezone.localdate()
    for casus, omschrijving, organisatie, dagen in (
        (enschede, "Bezoek aan de nagelstudio met de arbeidsinspectie.", "Nederlandse Arbeidsinspectie", -4),
        (enschede, "Gesprek met de verhuurder over de bewoning.", "Gemeente Enschede", 12),
        (hengelo, "Controle inschrijvingen op het adres aan de Enschedesestraat.", "Gemeente Hengelo", 9),
    ):
        Actie.objects.create(casus=casus, omschrijving=omschrijving, soort=ActieSoort.BESTUURLIJK,
                             organisatie=organisaties[organisatie], deadline=vandaag + timedelta(days=dagen),
                             aangemaakt_door=regisseur)
    services.add_punt(overleg, regisseur, soort=AgendapuntSoort.ONDERWERP, titel="Jaarplan aanpak 2027")
    services.add_casus(overleg, regisseur, enschede)
    punt_hengelo = services.add_casus(overleg, regisseur, hengelo)
    services.invite(punt_hengelo, regisseur, organisaties["Gemeente Hengelo"])
    return overleg


def documenten(overleg, versie=1):
    return {(d.organisatie.naam if d.organisatie else None): d
            for d in AgendaDocument.objects.filter(overleg=overleg, versie=versie).select_related("organisatie")}


def controleer_documenten(overleg):
    """What every recipient's PDF must and must not hold."""
    docs = documenten(overleg)
    assert set(docs) == {None, "Gemeente Hengelo", *STAANDE_ORGANISATIES}
    pagina_een = f"{nl('page')} 1 {nl('of')} "
    for naam, doc in docs.items():
        data = agenda_pdf.pad(doc).read_bytes()
        assert doc.grootte == len(data) and doc.sha256 == hashlib.sha256(data).hexdigest()
        inhoud = tekst(doc)
        pagina_s = [p for p in inhoud.split("\f") if p.strip()]
        assert pagina_een in inhoud, naam
        assert all(nl("Confidential").upper() in pagina for pagina in pagina_s), naam
        assert "Casusoverleg Mensenhandel Twente" in inhoud
        assert "Jaarplan aanpak 2027" in inhoud
        for deelnemer in ("Politie Oost-Nederland", "Erik Nijhof", "OM Oost-Nederland"):
            assert deelnemer in inhoud, (naam, deelnemer)
        assert "TW-2026-022" in inhoud, naam
        assert "Controle inschrijvingen op het adres aan de Enschedesestraat." in inhoud
        if naam == "Gemeente Hengelo":
            # Invited for the Hengelo item only: nothing of the Enschede case.
            assert "TW-2026-021" not in inhoud
            assert "nagelstudio" not in inhoud and "verhuurder" not in inhoud
            assert {p.casus.code for p in doc.punten.filter(soort="casus").select_related("casus")} == {"TW-2026-022"}
        else:
            assert "TW-2026-021" in inhoud, naam
            assert "Bezoek aan de nagelstudio met de arbeidsinspectie." in inhoud
            assert nl("overdue") in inhoud
            assert doc.punten.count() == overleg.agendapunten.count()
    return docs


# --- made by the job -------------------------------------------------------------------------------------


def test_finalising_makes_one_pdf_per_recipient_with_only_its_items(
        demo, opslag, pdftotext, django_capture_on_commit_callbacks):
    overleg = bouw(demo)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.finalise(overleg, demo["regisseur@twente.example"])

    docs = controleer_documenten(overleg)
    assert all(agenda_pdf.pad(d).parent == opslag / "agenda" for d in docs.values())
    assert agenda_pdf.voortgang(Overleg.objects.get(pk=overleg.pk)).gereed

    # One e-mail per contact that the agenda is ready: no case codes, nothing of the items.
    berichten = [m for m in mail.outbox if m.subject.startswith(nl("Agenda ready: %(tafel)s on %(datum)s").split(":")[0])]
    ontvangers = sorted(adres for m in berichten for adres in m.to)
    assert ontvangers == sorted(OverlegBericht.objects.filter(overleg=overleg, soort="agenda", volgnummer=1)
                                .values_list("ontvanger", flat=True))
    assert "coordinator@hengelo.example" in ontvangers and "burgemeester@twente.example" in ontvangers
    assert "casusoverleg.oost@belastingdienst.example" in ontvangers  # a functional mailbox
    for bericht in berichten:
        for verboden in ("TW-2026-021", "TW-2026-022", "Jaarplan", "nagelstudio", "Hengelo"):
            assert verboden not in bericht.subject + bericht.body
        assert reverse("casusoverleg:overleg", kwargs={"pk": overleg.pk}) in bericht.body


def test_the_job_is_idempotent_and_skips_a_version_that_is_no_longer_current(
        demo, opslag, pdftotext, django_capture_on_commit_callbacks):
    overleg = bouw(demo)
    regisseur = demo["regisseur@twente.example"]
    with django_capture_on_commit_callbacks(execute=True):
        services.finalise(overleg, regisseur)
    aantal_mails = len(mail.outbox)
    bestanden = sorted(p.name for p in (opslag / "agenda").iterdir())

    with django_capture_on_commit_callbacks(execute=True):
        opnieuw = execute(Job.objects.create(naam=agenda_pdf.JOB, args=[overleg.pk, 1]).pk)
    assert opnieuw.status == JobStatus.DONE and opnieuw.resultaat["gemaakt"] == []
    assert sorted(p.name for p in (opslag / "agenda").iterdir()) == bestanden
    assert len(mail.outbox) == aantal_mails
    assert OverlegBericht.objects.filter(overleg=overleg, soort="agenda").count() == len(set(
        OverlegBericht.objects.filter(overleg=overleg, soort="agenda").values_list("ontvanger", flat=True)))

    services.reopen(overleg, regisseur)
    with django_capture_on_commit_callbacks(execute=True):
        oud = execute(Job.objects.create(naam=agenda_pdf.JOB, args=[overleg.pk, 1]).pk)
    assert "overgeslagen" in oud.resultaat
    with django_capture_on_commit_callbacks(execute=False):
        services.finalise(overleg, regisseur)
    Overleg.objects.filter(pk=overleg.pk).update(status=OverlegStatus.GEPLAND)  # re-opened before the job ran
    with django_capture_on_commit_callbacks(execute=True):
        oud = execute(Job.objects.create(naam=agenda_pdf.JOB, args=[overleg.pk, 2]).pk)
    assert "overgeslagen" in oud.resultaat
    assert not AgendaDocument.objects.filter(overleg=overleg, versie=2).exists()


def test_a_mail_server_failure_does_not_lose_the_pdfs_and_a_later_run_sends(
        demo, opslag, monkeypatch, django_capture_on_commit_callbacks):
    from django.core.mail import EmailMessage

    overleg = bouw(demo)
    echt = EmailMessage.send

    def kapot(self, *args, **kwargs):
        if self.subject.startswith(nl("Agenda ready: %(tafel)s on %(datum)s").split(":")[0]):
            raise OSError("mail server away")
        return echt(self, *args, **kwargs)

    monkeypatch.setattr(EmailMessage, "send", kapot)
    with django_capture_on_commit_callbacks(execute=True):
        services.finalise(overleg, demo["regisseur@twente.example"])
    assert len(documenten(overleg)) == 8
    assert not OverlegBericht.objects.filter(overleg=overleg, soort="agenda").exists()
    laatste = Job.objects.get(pk=Overleg.objects.get(pk=overleg.pk).agenda_job_id)
    mails = laatste.resultaat["mails"]
    assert laatste.status == JobStatus.DONE and (mails["verzonden"], mails["mislukt"]) == (0, 8)
    # Issue 16 §5: the job queued itself again, to run after the first wait of the mail retries.
    opnieuw = Job.objects.get(pk=mails["opnieuw"])
    assert opnieuw.status == JobStatus.QUEUED and opnieuw.args == [overleg.pk, 1]
    assert opnieuw.kwargs == {"mailpoging": 1} and opnieuw.niet_voor > timezone.now()
    assert relay_pending() == 0  # not before its wait is over

    monkeypatch.setattr(EmailMessage, "send", echt)
    Job.objects.filter(pk=opnieuw.pk).update(niet_voor=timezone.now(), aangemaakt=timezone.now() - timedelta(minutes=5))
    with django_capture_on_commit_callbacks(execute=True):
        assert relay_pending() == 1
    opnieuw.refresh_from_db()
    assert opnieuw.status == JobStatus.DONE and opnieuw.resultaat["mails"] == {"verzonden": 8, "mislukt": 0}
    assert OverlegBericht.objects.filter(overleg=overleg, soort="agenda").count() == 8
    with django_capture_on_commit_callbacks(execute=True):
        execute(Job.objects.create(naam=agenda_pdf.JOB, args=[overleg.pk, 1]).pk)
    assert OverlegBericht.objects.filter(overleg=overleg, soort="agenda").count() == 8  # nothing sent twice


def test_the_pdf_is_tagged_dutch_titled_and_a4(demo, opslag, django_capture_on_commit_callbacks):
    overleg = bouw(demo)
    with django_capture_on_commit_callbacks(execute=True):
        services.finalise(overleg, demo["regisseur@twente.example"])
    doc = documenten(overleg)["Gemeente Hengelo"]
    data = agenda_pdf.pad(doc).read_bytes()
    assert data.startswith(b"%PDF-")
    objecten = pdf_objecten(data)
    assert b"/StructTreeRoot" in objecten
    assert re.search(rb"/Lang\s*\(nl\)", objecten)
    assert re.search(rb"/MarkInfo\s*<<\s*/Marked\s+true", objecten)
    assert b"pdfuaid:part" in objecten or b"pdfuaid" in objecten  # PDF/UA identification in the XMP metadata
    assert re.search(rb"<dc:title>.*Casusoverleg Mensenhandel Twente", objecten, re.S)
    assert b"/Title" in objecten
    assert b"/Type /Font" in objecten or b"/Type/Font" in objecten
    assert b"Noto" in objecten  # the vendored font is embedded

    pdfinfo = shutil.which("pdfinfo")
    require(pdfinfo, "pdfinfo (poppler-utils)")
    info = subprocess.run([pdfinfo, str(agenda_pdf.pad(doc))], capture_output=True, check=True).stdout.decode()
    assert re.search(r"^Tagged:\s+yes", info, re.M)
    assert re.search(r"^Title:\s+.*Casusoverleg Mensenhandel Twente", info, re.M)
    assert re.search(r"^Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)", info, re.M)
    structuur = subprocess.run([pdfinfo, "-struct", str(agenda_pdf.pad(doc))], capture_output=True,
                               check=True).stdout.decode()
    assert structuur.lstrip().startswith("Document")
    for tag in ("H1", "H2", "H3", "L", "LI"):
        assert re.search(rf"^\s+{tag}\b", structuur, re.M), tag


def test_progress_counts_the_documents_of_the_current_version(demo, opslag, django_capture_on_commit_callbacks):
    overleg = bouw(demo)
    with django_capture_on_commit_callbacks(execute=False):
        services.finalise(overleg, demo["regisseur@twente.example"])
    overleg.refresh_from_db()
    voortgang = agenda_pdf.voortgang(overleg)
    assert (voortgang.klaar, voortgang.totaal, voortgang.bezig) == (0, 8, True)
    # One run makes one document and queues the next run.
    with django_capture_on_commit_callbacks(execute=False):
        eerste = execute(overleg.agenda_job_id)
    overleg.refresh_from_db()
    assert eerste.resultaat["klaar"] == 1 and overleg.agenda_job_id != eerste.pk
    assert agenda_pdf.voortgang(overleg).klaar == 1
    Job.objects.filter(pk=overleg.agenda_job_id).update(status=JobStatus.FAILED)
    overleg.refresh_from_db()
    assert agenda_pdf.voortgang(overleg).mislukt


# --- the download ----------------------------------------------------------------------------------------


def test_download_only_through_the_selector_with_an_audit_row(client, demo, opslag, django_capture_on_commit_callbacks):
    overleg = bouw(demo)
    with django_capture_on_commit_callbacks(execute=True):
        services.finalise(overleg, demo["regisseur@twente.example"])
    docs = documenten(overleg)

    def url(naam):
        return reverse("casusoverleg:document", kwargs={"pk": docs[naam].pk})

    client.force_login(demo["regisseur@twente.example"])
    response = client.get(url(None))
    assert response.status_code == 200
    data = b"".join(response.streaming_content)
    assert data == agenda_pdf.pad(docs[None]).read_bytes()
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith('attachment; filename="agenda-casusoverleg-mensenhandel-twente-')
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]
    assert AuditEntry.objects.filter(actie=AuditActie.DOWNLOAD, object_type="casusoverleg.agendadocument",
                                     object_id=str(docs[None].pk)).exists()

    politie = demo["politie@oost-nederland.example"]
    client.force_login(politie)
    assert client.get(url("Politie Oost-Nederland")).status_code == 200
    b"".join(client.get(url("Politie Oost-Nederland")).streaming_content)
    for ander in (None, "Gemeente Hengelo", "OM Oost-Nederland"):
        assert client.get(url(ander)).status_code == 404

    hengelo = demo["coordinator@hengelo.example"]
    client.force_login(hengelo)
    assert client.get(url("Gemeente Hengelo")).status_code == 404  # the declaration first
    services.accept_declaration(overleg, hengelo)
    response = client.get(url("Gemeente Hengelo"))
    assert response.status_code == 200
    b"".join(response.streaming_content)
    assert client.get(url("Politie Oost-Nederland")).status_code == 404
    assert client.get(url(None)).status_code == 404

    # The meeting page lists exactly the documents the reader may download.
    html = client.get(reverse("casusoverleg:overleg", kwargs={"pk": overleg.pk})).content.decode()
    assert url("Gemeente Hengelo") in html and url(None) not in html and url("Politie Oost-Nederland") not in html

    client.force_login(demo["coordinator@enschede.example"])
    assert client.get(url("Gemeente Hengelo")).status_code == 404

    # A cancelled meeting opens no case any more: its PDFs stay with the managing director only.
    Overleg.objects.filter(pk=overleg.pk).update(status=OverlegStatus.GEANNULEERD)
    client.force_login(politie)
    assert client.get(url("Politie Oost-Nederland")).status_code == 404
    client.force_login(demo["regisseur@twente.example"])
    response = client.get(url(None))
    assert response.status_code == 200
    b"".join(response.streaming_content)


def test_superseded_documents_stay_listed_as_superseded(client, demo, opslag, django_capture_on_commit_callbacks):
    overleg = bouw(demo)
    regisseur = demo["regisseur@twente.example"]
    with django_capture_on_commit_callbacks(execute=True):
        services.finalise(overleg, regisseur)
    services.reopen(overleg, regisseur)
    client.force_login(regisseur)
    html = client.get(reverse("casusoverleg:overleg", kwargs={"pk": overleg.pk})).content.decode()
    assert nl("Superseded versions") in html
    assert reverse("casusoverleg:document", kwargs={"pk": documenten(overleg)[None].pk}) in html


# --- a real worker ---------------------------------------------------------------------------------------


@pytest.mark.postgres
@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_makes_every_pdf(require_postgres, demo, start_worker, published_jobs, settings, tmp_path,  # noqa: F811
                                       monkeypatch, pdftotext):
    opslag = tmp_path / "protected"
    settings.PROTECTED_FILES_ROOT = opslag
    monkeypatch.setenv("PROTECTED_FILES_ROOT", str(opslag))  # the worker stores where this test reads
    worker = start_worker(published_jobs)

    with transaction.atomic():
        overleg = bouw(demo)
    with transaction.atomic():
        services.finalise(overleg, demo["regisseur@twente.example"])

    klaar = wait_until(
        lambda: OverlegBericht.objects.filter(overleg=overleg, soort="agenda").exists()
        or Job.objects.filter(naam=agenda_pdf.JOB, status=JobStatus.FAILED).exists(),
        WORKER_SECONDS, interval=0.5,
    )
    jobs = list(Job.objects.filter(naam=agenda_pdf.JOB).values("status", "pogingen", "fout", "resultaat"))
    assert klaar and AgendaDocument.objects.filter(overleg=overleg, versie=1).count() == 8, (
        f"{jobs}\n--- worker log ---\n{worker.log()}")
    assert all(job["status"] == JobStatus.DONE and job["pogingen"] == 1 for job in jobs), jobs
    # The first run was handed to the worker through Redis; it queued the next runs itself.
    eerste = Job.objects.filter(naam=agenda_pdf.JOB).order_by("aangemaakt").first()
    assert f"Task jobs.run[{eerste.pk}] received" in worker.log(), worker.log()
    controleer_documenten(overleg)
    # Six standing participants, the invitee and the chair: one e-mail each.
    assert OverlegBericht.objects.filter(overleg=overleg, soort="agenda", volgnummer=1).count() == 8
