"""The changes of a submitted signal: submitting a draft, the ketenregisseur's decisions, the submitter's answer to a
question, and sharing with an organisation and withdrawing that. (A draft is written by ``concept``, an attachment by
``bijlagen``.)

Each function checks who may do it, whoever calls it (a view, a case, the demo): ``submit`` only the draft's author;
``change_status``, ``share`` and ``revoke_share`` only the ketenregisseur whose werkgebied holds the signal's gemeente
(``selectors.may_triage``), else PermissionDenied. Who answers a question (the submitting organisation) is checked by
its view. Then each checks its rule (under a row lock, except ``share``: the database refuses a second active share
with one organisation), appends a history row and writes the audit log. A decision also queues the submitter's 'there
is news' e-mail in the same transaction (``notifications.notify_submitter``): it goes out only once the decision is
committed.

The answer to a question is news for the ketenregisseur: ``answer_question`` queues the "there is news" e-mail to the
ketenregisseurs of the werkgebied (``notifications.notify_ketenregisseurs``) and marks the answer unread
(``Signaal.antwoord_ongelezen_sinds``), which puts it on their start page. It counts as read, for all of them at once,
as soon as one of them opens the signal (``mark_answer_read``, from the detail page) or takes the next decision
(``change_status``): the werkgebied's ketenregisseurs share one worklist, so what one has read is not news to the
others. Opening it through a share (another werkgebied) or as the submitter reads nothing.
"""
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mensenhandel import audit
from mensenhandel.access import grants
from mensenhandel.audit.models import AuditActie

from . import notifications, selectors, signals
from .models import BESLUITEN, Gebeurtenis, Signaal, SignaalDeling, SignaalHistorie, SignaalNummer, Status

# Which status may follow which (the ketenregisseur's decisions; submitting and answering are separate).
TRANSITIONS = {
    Status.INGEDIEND: {Status.IN_BEHANDELING, Status.INFORMATIE_OPGEVRAAGD, *BESLUITEN},
    Status.IN_BEHANDELING: {Status.INFORMATIE_OPGEVRAAGD, *BESLUITEN},
    Status.INFORMATIE_OPGEVRAAGD: {Status.IN_BEHANDELING, *BESLUITEN},
    Status.OPGEPAKT_IN_CASUS: {Status.IN_BEHANDELING},
    Status.DOORGEZET: {Status.IN_BEHANDELING},
    Status.AFGESLOTEN: {Status.IN_BEHANDELING},
}


class StaleStatus(ValidationError):
    """Someone else changed the signal's status in the meantime."""


def _next_reference(now):
    with transaction.atomic():
        nummer, _created = SignaalNummer.objects.select_for_update().get_or_create(jaar=now.year)
        nummer.laatste += 1
        nummer.save(update_fields=["laatste"])
    return f"SIG-{now.year}-{nummer.laatste:05d}"


def _history(signaal, door, soort, **fields):
    return SignaalHistorie.objects.create(
        signaal=signaal, door=door, soort=soort, organisatie=getattr(door, "organisatie", None), **fields
    )


def _require_triage(door, signaal):
    if not selectors.may_triage(door, signaal):
        raise PermissionDenied


@transaction.atomic
def submit(signaal, door, *, notify=True):
    """A draft becomes a signal: it gets its reference and goes to the ketenregisseur of its gemeente. Apps built on
    signals hear of it (``signals.signaal_ingediend``: the hit/no-hit index); ``notify=False`` only for the demo."""
    signaal = Signaal.objects.select_for_update().get(pk=signaal.pk)
    if signaal.status != Status.CONCEPT or signaal.ingediend_door_id != door.pk:
        raise PermissionDenied
    now = timezone.now()
    signaal.referentie = _next_reference(now)
    signaal.status = Status.INGEDIEND
    signaal.ingediend_op = now
    signaal.prioriteit = signaal.minderjarige
    signaal.save(update_fields=["referentie", "status", "ingediend_op", "prioriteit", "gewijzigd"])
    _history(signaal, door, Gebeurtenis.STATUS, van_status=Status.CONCEPT, naar_status=Status.INGEDIEND)
    audit.log(door, AuditActie.CREATE, signaal, omschrijving=signaal.referentie)
    signals.signaal_ingediend.send(sender=Signaal, signaal=signaal, door=door, notify=notify)
    return signaal


@transaction.atomic
def change_status(signaal, door, naar, *, verwacht=None, reden="", terugkoppeling="", doorgezet_naar="", notify=True):
    """The ketenregisseur's decision; the submitter gets an e-mail that there is news (queued here, sent after the
    commit). ``verwacht`` is the status the decider saw: if another decision came first, this one is refused
    (StaleStatus) and nothing changes. ``notify=False`` only for the demo, whose decisions lie in the past."""
    signaal = Signaal.objects.select_for_update().get(pk=signaal.pk)
    _require_triage(door, signaal)
    if verwacht is not None and signaal.status != verwacht:
        raise StaleStatus(
            _("Someone else changed this signal in the meantime: it is now '%(status)s'. Check and decide again.")
            % {"status": signaal.get_status_display()}
        )
    van = signaal.status
    if naar not in TRANSITIONS.get(van, set()):
        raise ValidationError(_("This signal cannot go from '%(from)s' to '%(to)s'.") % {
            "from": signaal.get_status_display(), "to": Status(naar).label})
    if naar == Status.AFGESLOTEN and not reden.strip():
        raise ValidationError(_("Give the reason for closing without follow-up."))
    if naar == Status.DOORGEZET and not doorgezet_naar:
        raise ValidationError(_("Choose where the signal is passed on to."))
    signaal.status = naar
    signaal.doorgezet_naar = doorgezet_naar if naar == Status.DOORGEZET else signaal.doorgezet_naar
    signaal.antwoord_ongelezen_sinds = None  # deciding reads an answer that was waiting
    signaal.save(update_fields=["status", "doorgezet_naar", "antwoord_ongelezen_sinds", "gewijzigd"])
    soort = Gebeurtenis.VRAAG if naar == Status.INFORMATIE_OPGEVRAAGD else Gebeurtenis.STATUS
    _history(signaal, door, soort, van_status=van, naar_status=naar, tekst=reden, terugkoppeling=terugkoppeling,
             doorgezet_naar=doorgezet_naar if naar == Status.DOORGEZET else "")
    audit.log(door, AuditActie.CHANGE, signaal, omschrijving=f"status {van} -> {naar}")
    if notify:
        notifications.notify_submitter(signaal)
    return signaal


@transaction.atomic
def answer_question(signaal, door, tekst, *, notify=True):
    """The submitter answers a question; the signal goes back to the ketenregisseur, for whom the answer is unread
    news: on their start page until read, and an e-mail that there is news (queued here, sent after the commit).
    ``notify=False`` only for the demo, whose answers lie in the past."""
    signaal = Signaal.objects.select_for_update().get(pk=signaal.pk)
    if signaal.status != Status.INFORMATIE_OPGEVRAAGD:
        raise ValidationError(_("There is no open question on this signal."))
    if not tekst.strip():
        raise ValidationError(_("Type your answer."))
    signaal.status = Status.IN_BEHANDELING
    signaal.antwoord_ongelezen_sinds = timezone.now()
    signaal.save(update_fields=["status", "antwoord_ongelezen_sinds", "gewijzigd"])
    _history(signaal, door, Gebeurtenis.ANTWOORD, van_status=Status.INFORMATIE_OPGEVRAAGD,
             naar_status=Status.IN_BEHANDELING, tekst=tekst)
    audit.log(door, AuditActie.CHANGE, signaal, omschrijving="antwoord op vraag")
    if notify:
        notifications.notify_ketenregisseurs(signaal)
    return signaal


def mark_answer_read(signaal, door):
    """A ketenregisseur who may decide on the signal has opened it: an answer waiting for them is read (for every
    ketenregisseur of the werkgebied, see above). Anyone else reads nothing. Returns whether an answer was marked
    read. (The opening itself is in the audit log already; ``gewijzigd`` stays: reading changes nothing.)"""
    if not selectors.may_triage(door, signaal):
        return False
    return bool(Signaal.objects.filter(pk=signaal.pk, antwoord_ongelezen_sinds__isnull=False)
                .update(antwoord_ongelezen_sinds=None))


@transaction.atomic
def share(signaal, door, organisatie, grondslag, toelichting="", via_tafel=None):
    """Share with an organisation: a guardian grant to its group plus a record with the legal basis. Returns None
    when the organisation already has an active share."""
    _require_triage(door, signaal)
    if not type(grondslag).objects.geldig_op(timezone.localdate()).filter(pk=grondslag.pk).exists():
        raise ValidationError(_("This legal basis is not valid today."))
    if signaal.delingen.filter(organisatie=organisatie, ingetrokken_op__isnull=True).exists():
        return None
    deling = SignaalDeling.objects.create(signaal=signaal, organisatie=organisatie, grondslag=grondslag,
                                          toelichting=toelichting, via_tafel=via_tafel, gedeeld_door=door)
    grants.grant(organisatie, signaal)
    _history(signaal, door, Gebeurtenis.DELING, tekst=f"{organisatie}: {grondslag}")
    audit.log(door, AuditActie.CHANGE, signaal, omschrijving=f"gedeeld met organisatie {organisatie.pk}")
    return deling


@transaction.atomic
def revoke_share(deling, door):
    """Withdraw a share: the organisation loses access at once. Withdrawing it again changes nothing."""
    deling = (SignaalDeling.objects.select_for_update(of=("self",)).select_related("signaal", "organisatie")
              .get(pk=deling.pk))
    _require_triage(door, deling.signaal)
    if deling.ingetrokken_op is not None:
        return deling
    deling.ingetrokken_op = timezone.now()
    deling.ingetrokken_door = door
    deling.save(update_fields=["ingetrokken_op", "ingetrokken_door"])
    grants.revoke(deling.organisatie, deling.signaal)
    _history(deling.signaal, door, Gebeurtenis.INTREKKING, tekst=str(deling.organisatie))
    audit.log(door, AuditActie.CHANGE, deling.signaal,
              omschrijving=f"deling ingetrokken organisatie {deling.organisatie_id}")
    return deling
