"""The write paths of a meeting's agenda: items and their order, cases on the agenda, invitations per case item,
the confidentiality declaration, and making the agenda final (which queues the agenda PDFs).

Each change locks the meeting row (so two ketenregisseurs editing the same agenda take turns), checks the rule,
changes, appends case history where a case is involved and writes the audit log. Only a ketenregisseur who manages
the meeting's table (``selectors.may_manage_overleg``) changes an agenda, and only while the meeting is *gepland*.

``voorstellen(overleg)`` is the one read-only function here: the cases proposed for the agenda, with their reasons.
"""
import hashlib
from dataclasses import dataclass, field
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import BooleanField, Exists, ExpressionWrapper, F, OuterRef, Q
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from mensenhandel import audit
from mensenhandel.audit.models import AuditActie
from mensenhandel.jobs import enqueue
from partners.models import Organisatie, OrganisatieSoort, Rol

from .. import agenda_pdf, berichten, historie, selectors
from ..models import (
    OPEN_ACTIESTATUSSEN,
    Actie,
    Agendapunt,
    AgendapuntSoort,
    Casus,
    CasusGebeurtenis,
    CasusStatus,
    Geheimhoudingsverklaring,
    Overleg,
    OverlegDeelnemer,
    OverlegStatus,
    Uitnodiging,
)
from .overleggen import kan_naar, set_status

# Items that appear at most once on an agenda.
EENMALIG = (AgendapuntSoort.OPENING, AgendapuntSoort.BESLUITENLIJST, AgendapuntSoort.RONDVRAAG)
ALGEMENE_SOORTEN = (AgendapuntSoort.OPENING, AgendapuntSoort.BESLUITENLIJST, AgendapuntSoort.ONDERWERP,
                    AgendapuntSoort.RONDVRAAG)

OMHOOG, OMLAAG = "omhoog", "omlaag"

# Opening a case sets its status_gewijzigd_op too (a moment apart): a change counts from this long after it.
STATUS_MARGE = timedelta(seconds=1)

# Meetings whose agenda counts as "was on an agenda" / "discussed": not a cancelled one.
GEHOUDEN = (OverlegStatus.GEHOUDEN, OverlegStatus.BESLUITENLIJST_VASTGESTELD)


# --- shared checks ----------------------------------------------------------------------------------------


def _lock(overleg):
    return Overleg.objects.select_for_update(of=("self",)).select_related("tafel").get(pk=overleg.pk)


def _mag_beheren(door, overleg):
    if not selectors.may_manage_overleg(door, overleg):
        raise PermissionDenied


def _moet_gepland(overleg):
    if overleg.status != OverlegStatus.GEPLAND:
        raise ValidationError(
            _("The agenda can only be changed while the meeting is planned. Re-open the agenda first."),
            code="niet_gepland",
        )


def _beheer(overleg, door):
    """Lock the meeting and check that ``door`` may change its agenda now."""
    overleg = _lock(overleg)
    _mag_beheren(door, overleg)
    _moet_gepland(overleg)
    return overleg


def _punten(overleg):
    return list(Agendapunt.objects.filter(overleg=overleg).order_by("volgorde", "pk"))


def _nummer(punten):
    """Give the items their order 1..n as listed; only changed rows are written."""
    gewijzigd = []
    for index, punt in enumerate(punten, start=1):
        if punt.volgorde != index:
            punt.volgorde = index
            gewijzigd.append(punt)
    if gewijzigd:
        Agendapunt.objects.bulk_update(gewijzigd, ["volgorde"])


def _invoegplek(punten, soort):
    """Where a new item goes: the opening first, the decision list after it, the rondvraag last, everything
    else before the rondvraag."""
    soorten = [p.soort for p in punten]
    if soort == AgendapuntSoort.OPENING:
        return 0
    if soort == AgendapuntSoort.BESLUITENLIJST:
        return 1 if soorten[:1] == [AgendapuntSoort.OPENING] else 0
    if soort == AgendapuntSoort.RONDVRAAG:
        return len(punten)
    if AgendapuntSoort.RONDVRAAG in soorten:
        return len(soorten) - soorten[::-1].index(AgendapuntSoort.RONDVRAAG) - 1
    return len(punten)


# --- items ------------------------------------------------------------------------------------------------


@transaction.atomic
def add_punt(overleg, door, *, soort, titel="", toelichting=""):
    """A general item: a topic (title required), or the opening, decision list or rondvraag (once each)."""
    overleg = _beheer(overleg, door)
    if soort not in ALGEMENE_SOORTEN:
        raise ValidationError(_("Choose the kind of item."), code="soort")
    titel, toelichting = (titel or "").strip(), (toelichting or "").strip()
    if soort == AgendapuntSoort.ONDERWERP and not titel:
        raise ValidationError(_("Give the topic a title."), code="titel")
    punten = _punten(overleg)
    if soort in EENMALIG and any(p.soort == soort for p in punten):
        raise ValidationError(
            _("The agenda already has the item '%(soort)s'.") % {"soort": AgendapuntSoort(soort).label},
            code="eenmalig",
        )
    punt = Agendapunt.objects.create(overleg=overleg, soort=soort, titel=titel, toelichting=toelichting,
                                     volgorde=len(punten) + 1)
    punten.insert(_invoegplek(punten, soort), punt)
    _nummer(punten)
    audit.log(door, AuditActie.CREATE, punt, omschrijving=f"agendapunt ({soort}) bij overleg {overleg.pk}")
    return punt


@transaction.atomic
def add_casus(overleg, door, casus):
    """Put a case on the agenda (before the rondvraag): a case the ketenregisseur manages, not closed, once."""
    overleg = _beheer(overleg, door)
    casus = selectors.beheerde_casussen(door).select_for_update().filter(pk=casus.pk).first()
    if casus is None:
        raise PermissionDenied
    if casus.status == CasusStatus.AFGESLOTEN:
        raise ValidationError(_("Case %(code)s is closed and cannot be put on the agenda.") % {"code": casus.code},
                              code="afgesloten")
    if Agendapunt.objects.filter(overleg=overleg, casus=casus).exists():
        raise ValidationError(_("Case %(code)s is already on this agenda.") % {"code": casus.code}, code="dubbel")
    punten = _punten(overleg)
    punt = Agendapunt.objects.create(overleg=overleg, soort=AgendapuntSoort.CASUS, casus=casus,
                                     volgorde=len(punten) + 1)
    punten.insert(_invoegplek(punten, AgendapuntSoort.CASUS), punt)
    _nummer(punten)
    historie.add(casus, door, CasusGebeurtenis.AGENDA, overleg=overleg)
    audit.log(door, AuditActie.CREATE, punt, omschrijving=f"casus {casus.pk} op agenda van overleg {overleg.pk}")
    return punt


@transaction.atomic
def move(punt, door, richting):
    """Swap an item with the one above (``omhoog``) or below (``omlaag``). Returns False at the top or bottom."""
    if richting not in (OMHOOG, OMLAAG):
        raise ValueError(richting)
    overleg = _beheer(punt.overleg, door)
    punten = _punten(overleg)
    index = next((i for i, p in enumerate(punten) if p.pk == punt.pk), None)
    if index is None:
        raise ValidationError(_("This item is no longer on the agenda."), code="weg")
    ander = index - 1 if richting == OMHOOG else index + 1
    if not 0 <= ander < len(punten):
        return False
    punten[index], punten[ander] = punten[ander], punten[index]
    _nummer(punten)
    audit.log(door, AuditActie.CHANGE, punten[ander], omschrijving=f"agendapunt {richting} (nu {ander + 1})")
    return True


@transaction.atomic
def remove(punt, door):
    """Take an item off the agenda (a case item with its invitations) and number the rest again."""
    overleg = _beheer(punt.overleg, door)
    punt = Agendapunt.objects.select_for_update().filter(pk=punt.pk, overleg=overleg).first()
    if punt is None:
        raise ValidationError(_("This item is no longer on the agenda."), code="weg")
    if punt.acties.exists():
        raise ValidationError(_("Actions were agreed on this item; it cannot be removed."), code="acties")
    uitnodigingen = list(punt.uitnodigingen.all())
    for uitnodiging in uitnodigingen:
        audit.log(door, AuditActie.DELETE, uitnodiging,
                  omschrijving=f"uitnodiging organisatie {uitnodiging.organisatie_id} met agendapunt {punt.pk}")
    audit.log(door, AuditActie.DELETE, punt, omschrijving=f"agendapunt ({punt.soort}) van overleg {overleg.pk}"
              + (f", casus {punt.casus_id}" if punt.casus_id else ""))
    contacten = [uitnodiging.contact for uitnodiging in uitnodigingen]
    punt.delete()  # its invitations go with it
    _nummer(_punten(overleg))
    if uitnodigingen:
        # Who was invited for this item only gets its calendar entry cancelled (issue 18).
        berichten.na_intrekking(overleg, *contacten)
        berichten.verstuur(overleg)


# --- proposals --------------------------------------------------------------------------------------------

ACTIES, STATUS, NIEUW = "acties", "status", "nieuw"


@dataclass
class Voorstel:
    """A case proposed for a meeting's agenda, why, and its open actions (overdue ones first)."""

    casus: Casus
    redenen: list = field(default_factory=list)  # ACTIES, STATUS, NIEUW
    acties: list = field(default_factory=list)

    @property
    def verlopen(self):
        return [actie for actie in self.acties if actie.is_verlopen]


def vorig_overleg(overleg):
    """The previous held meeting of the same table (None when there was none)."""
    return (
        Overleg.objects.filter(tafel_id=overleg.tafel_id, status__in=GEHOUDEN, begint__lt=overleg.begint)
        .exclude(pk=overleg.pk)
        .order_by("-begint", "-pk")
        .first()
    )


def werkgebied_met_districten_q(tafel, prefix=""):
    """Cases of a table's werkgebied: its district, or its whole region for a regional table."""
    if tafel.district_id:
        return Q(**{f"{prefix}district_id": tafel.district_id})
    return Q(**{f"{prefix}regio_id": tafel.regio_id})


def voorstel_kandidaten(overleg):
    """The cases that can go on this meeting's agenda: the open cases of the table's werkgebied not on it yet, by
    code, each with what ``voorstellen`` proposes it for (``heeft_acties``, ``geagendeerd``, ``status_veranderd``).
    The meeting page reads them once for both the proposals and the list to choose a case from."""
    eerdere_acties = Actie.objects.filter(casus=OuterRef("pk"), status__in=OPEN_ACTIESTATUSSEN).filter(
        Q(agendapunt__isnull=True) | Q(agendapunt__overleg__begint__lt=overleg.begint)
    )
    ooit_geagendeerd = Agendapunt.objects.filter(casus=OuterRef("pk")).exclude(overleg__status=OverlegStatus.GEANNULEERD)
    # A status change after the opening itself (opening sets status_gewijzigd_op too).
    status_gewijzigd = Q(status_gewijzigd_op__gt=F("geopend_op") + STATUS_MARGE)
    return (
        Casus.objects.filter(werkgebied_met_districten_q(overleg.tafel))
        .exclude(status=CasusStatus.AFGESLOTEN)
        .exclude(agendapunten__overleg=overleg)
        .annotate(heeft_acties=Exists(eerdere_acties), geagendeerd=Exists(ooit_geagendeerd),
                  status_veranderd=ExpressionWrapper(status_gewijzigd, output_field=BooleanField()))
        .order_by("code")
    )


def voorstellen(overleg, kandidaten=None):
    """The cases proposed for this meeting's agenda (MARAC practice), each with its reasons:

    - ``acties``: open actions (open or in progress) agreed in an earlier meeting; the case stays proposed until
      they are done;
    - ``status``: its status changed since the previous held meeting of this table;
    - ``nieuw``: opened since then and never on an agenda.

    Only open cases of the table's werkgebied that are not on this agenda yet (``voorstel_kandidaten``; the meeting
    page passes them in, read once with their gemeenten, vormen and ``open_acties``). A fixed number of queries."""
    vorige = vorig_overleg(overleg)
    sinds = vorige.begint if vorige else None
    if kandidaten is None:
        kandidaten = list(voorstel_kandidaten(overleg).prefetch_related("gemeenten", "vormen"))
        acties = selectors.open_acties([c.pk for c in kandidaten])
        for casus in kandidaten:
            casus.open_acties = acties.get(casus.pk, [])
    resultaat = []
    for casus in kandidaten:
        redenen = []
        if casus.heeft_acties:
            redenen.append(ACTIES)
        nieuw = not casus.geagendeerd and (sinds is None or casus.geopend_op > sinds)
        if sinds and casus.status_veranderd and casus.status_gewijzigd_op > sinds:
            redenen.append(STATUS)
        if nieuw:
            redenen.append(NIEUW)
        if redenen:
            resultaat.append(Voorstel(casus, redenen, casus.open_acties))
    # Overdue actions first, then open actions, then the rest; by code within each.
    resultaat.sort(key=lambda v: (not v.verlopen, ACTIES not in v.redenen, v.casus.code))
    return resultaat


# --- invitations ------------------------------------------------------------------------------------------


@dataclass
class UitnodigingsVoorstel:
    """An organisation proposed for a case item, with who would be invited: a person or its general mailbox."""

    organisatie: Organisatie
    deelnemer: object = None
    mailbox: str = ""

    @property
    def contact(self):
        return self.deelnemer.email if self.deelnemer else self.mailbox


def standaard_contact(organisatie):
    """Who is invited for an organisation when nobody is named: its only active coordinator (for a gemeente) or
    only active member (otherwise), else its general e-mail address. Returns (user or None, mailbox)."""
    rollen = [Rol.COORDINATOR] if organisatie.soort == OrganisatieSoort.GEMEENTE else [Rol.COORDINATOR, Rol.PARTNER,
                                                                                       Rol.KETENREGISSEUR]
    kandidaten = list(get_user_model().objects.filter(organisatie=organisatie, is_active=True, rol__in=rollen)[:2])
    if len(kandidaten) == 1:
        return kandidaten[0], ""
    return None, organisatie.email


# The items organisations can be invited for (issue 18): a case item, and a general or theme item with guests.
UITNODIGBAAR = (AgendapuntSoort.CASUS, AgendapuntSoort.ONDERWERP)


def uitnodigingsvoorstellen(punt):
    """For a case item: the coordinator's organisation of each gemeente where the case plays, not a standing
    participant and not invited yet, with its only active coordinator (if exactly one) or its general e-mail. Only
    proposals: nothing is chosen until the ketenregisseur ticks it."""
    if punt.soort != AgendapuntSoort.CASUS:
        return []
    # A standing member for the general items only (issue 21) is proposed like any other gemeente.
    staand = selectors.volledige_deelnemers(punt.overleg).values("organisatie_id")
    al = Uitnodiging.objects.filter(agendapunt=punt).values("organisatie_id")
    organisaties = list(
        Organisatie.objects.filter(soort=OrganisatieSoort.GEMEENTE, gemeente__casussen=punt.casus_id)
        .exclude(pk__in=staand).exclude(pk__in=al).distinct().order_by("naam")
    )
    coordinatoren = {}
    for user in get_user_model().objects.filter(organisatie__in=organisaties, rol=Rol.COORDINATOR, is_active=True):
        coordinatoren.setdefault(user.organisatie_id, []).append(user)
    voorstellen_ = []
    for organisatie in organisaties:
        users = coordinatoren.get(organisatie.pk, [])
        if len(users) == 1:
            voorstellen_.append(UitnodigingsVoorstel(organisatie, users[0], ""))
        else:
            voorstellen_.append(UitnodigingsVoorstel(organisatie, None, organisatie.email))
    return voorstellen_


def uit_te_nodigen(punt):
    """Organisations that can still be invited for ``punt``: not a standing participant that sees the item anyway (a
    standing member for the general items only can be invited for a case item, issue 21), not invited yet."""
    if punt.soort == AgendapuntSoort.CASUS:
        staand = selectors.volledige_deelnemers(punt.overleg).values("organisatie_id")
    else:  # every standing participant sees the general items
        staand = OverlegDeelnemer.objects.filter(overleg_id=punt.overleg_id).values("organisatie_id")
    al = Uitnodiging.objects.filter(agendapunt=punt).values("organisatie_id")
    return (
        Organisatie.objects.exclude(pk__in=staand).exclude(pk__in=al)
        .exclude(soort=OrganisatieSoort.FUNCTIONEEL_BEHEER).order_by("naam")
    )


@transaction.atomic
def invite(punt, door, organisatie, *, deelnemer=None, mailbox=""):
    """Invite an organisation for one item only: a case item, or a general or theme item with guests. Without a person
    or mailbox its standard contact is used."""
    overleg = _beheer(punt.overleg, door)
    punt = Agendapunt.objects.filter(pk=punt.pk, overleg=overleg).select_related("casus").first()
    if punt is None:
        raise ValidationError(_("This item is no longer on the agenda."), code="weg")
    if punt.soort not in UITNODIGBAAR:
        raise ValidationError(_("Organisations can only be invited for a case item or a general topic."),
                              code="geen_casus")
    if selectors.volledige_deelnemers(overleg).filter(organisatie=organisatie).exists() or (
            punt.soort != AgendapuntSoort.CASUS
            and OverlegDeelnemer.objects.filter(overleg=overleg, organisatie=organisatie).exists()):
        raise ValidationError(
            _("%(organisatie)s already takes part in this meeting and need not be invited.")
            % {"organisatie": organisatie.naam}, code="deelnemer")
    if Uitnodiging.objects.filter(agendapunt=punt, organisatie=organisatie).exists():
        raise ValidationError(_("%(organisatie)s is already invited for this item.") % {"organisatie": organisatie.naam},
                              code="dubbel")
    mailbox = (mailbox or "").strip()
    if deelnemer is not None and (deelnemer.organisatie_id != organisatie.pk or not deelnemer.is_active):
        raise ValidationError(
            _("The participant must be an active member of %(organisatie)s.") % {"organisatie": organisatie.naam},
            code="deelnemer_organisatie")
    if deelnemer is None and not mailbox:
        deelnemer, mailbox = standaard_contact(organisatie)
    if deelnemer is None and not mailbox:
        raise ValidationError(
            _("There is no known contact for %(organisatie)s: give an e-mail address.")
            % {"organisatie": organisatie.naam}, code="geen_contact")
    uitnodiging = Uitnodiging.objects.create(
        agendapunt=punt, organisatie=organisatie, deelnemer=deelnemer, mailbox="" if deelnemer else mailbox,
        uitgenodigd_door=door,
    )
    berichten.voor_uitnodiging(overleg, uitnodiging.contact)
    audit.log(door, AuditActie.CREATE, uitnodiging,
              omschrijving=f"organisatie {organisatie.pk} uitgenodigd voor agendapunt {punt.pk}")
    berichten.verstuur(overleg)
    return uitnodiging


@transaction.atomic
def revoke_invitation(uitnodiging, door):
    """Withdraw an invitation: the organisation no longer sees the item (nor the meeting, if it was its only one)."""
    overleg = _beheer(uitnodiging.agendapunt.overleg, door)
    uitnodiging = Uitnodiging.objects.select_for_update().filter(pk=uitnodiging.pk,
                                                                 agendapunt__overleg=overleg).first()
    if uitnodiging is None:
        return False
    audit.log(door, AuditActie.DELETE, uitnodiging,
              omschrijving=f"uitnodiging organisatie {uitnodiging.organisatie_id} voor agendapunt "
                           f"{uitnodiging.agendapunt_id} ingetrokken")
    contact = uitnodiging.contact
    uitnodiging.delete()
    # Its calendar entry is cancelled when it takes part no other way (issue 18); the others hear nothing.
    berichten.na_intrekking(overleg, contact)
    berichten.verstuur(overleg)
    return True


# --- the confidentiality declaration ----------------------------------------------------------------------


def verklaring_tekst(overleg):
    """The declaration as the user reads it: paragraphs, the meeting's purpose (doelbinding) included."""
    tafel = overleg.tafel
    riec = (tafel.district.regio if tafel.district_id else tafel.regio).riec
    datum = formats.date_format(timezone.localtime(overleg.begint), "j F Y")
    return [
        _("Confidentiality declaration for the meeting of %(tafel)s on %(datum)s.") % {"tafel": tafel.naam,
                                                                                      "datum": datum},
        _("Your organisation is invited for one or more items of this meeting. Before you see anything of these "
          "items, you declare the following."),
        _("1. I use the information shared with me for this meeting only for the purpose of this meeting: %(doel)s")
        % {"doel": " ".join(overleg.doel.split())},
        _("2. I do not share this information further, not even within my own organisation, unless that is needed "
          "for this purpose and allowed."),
        _("3. I delete notes and documents with this information (such as the agenda PDF) as soon as I no longer "
          "need them for this purpose."),
        _("4. The information is shared on the basis of the RIEC covenant (%(riec)s) and the agreements on data "
          "sharing in the approach to human trafficking. I keep to them.") % {"riec": riec},
        _("My acceptance is recorded with my name, my organisation and the time."),
    ]


def verklaring_kenmerk(tekst):
    """A fingerprint of the text shown, so an acceptance is refused when the text changed in between."""
    return hashlib.sha256("\n\n".join(tekst).encode()).hexdigest()[:32]


def moet_verklaren(user, overleg):
    """True when the user's organisation is invited for a case item of the meeting, or for a confidential general
    item (standing participants need not)."""
    return bool(user.organisatie_id) and Uitnodiging.objects.filter(
        Q(agendapunt__soort=AgendapuntSoort.CASUS) | Q(agendapunt__vertrouwelijk=True),
        agendapunt__overleg=overleg, organisatie_id=user.organisatie_id).exists()


@transaction.atomic
def set_vertrouwelijk(punt, door, vertrouwelijk):
    """Mark a general item confidential (its guests accept the declaration first) or not. Audited."""
    overleg = _beheer(punt.overleg, door)
    punt = Agendapunt.objects.select_for_update().filter(pk=punt.pk, overleg=overleg).first()
    if punt is None:
        raise ValidationError(_("This item is no longer on the agenda."), code="weg")
    if punt.soort != AgendapuntSoort.ONDERWERP or punt.vertrouwelijk == bool(vertrouwelijk):
        return punt
    punt.vertrouwelijk = bool(vertrouwelijk)
    punt.save(update_fields=["vertrouwelijk"])
    audit.log(door, AuditActie.CHANGE, punt, omschrijving=f"vertrouwelijk: {'ja' if punt.vertrouwelijk else 'nee'}")
    return punt


@transaction.atomic
def accept_declaration(overleg, user, *, kenmerk=None):
    """Record that ``user`` accepted the declaration for ``overleg``, with the full text they saw. Idempotent:
    a second acceptance returns the first. ``kenmerk`` (from the page) must match the text now."""
    overleg = _lock(overleg)
    if user.rol not in (Rol.KETENREGISSEUR, Rol.COORDINATOR, Rol.PARTNER) or not moet_verklaren(user, overleg):
        raise PermissionDenied
    bestaand = Geheimhoudingsverklaring.objects.filter(overleg=overleg, gebruiker=user).first()
    if bestaand is not None:
        return bestaand
    if overleg.status == OverlegStatus.GEANNULEERD:
        raise ValidationError(_("This meeting has been cancelled."), code="geannuleerd")
    tekst = verklaring_tekst(overleg)
    if kenmerk is not None and kenmerk != verklaring_kenmerk(tekst):
        raise ValidationError(_("The text of the declaration has changed in the meantime. Read it again."),
                              code="gewijzigd")
    verklaring = Geheimhoudingsverklaring.objects.create(
        overleg=overleg, gebruiker=user, organisatie=user.organisatie, tekst="\n\n".join(tekst)
    )
    audit.log(user, AuditActie.CHANGE, overleg, omschrijving="geheimhoudingsverklaring geaccepteerd")
    return verklaring


# --- making the agenda final ------------------------------------------------------------------------------


@transaction.atomic
def finalise(overleg, door, *, op=None):
    """'gepland' -> 'agenda_definitief': a new agenda version, whose PDFs a background job makes. ``op``: the moment
    the PDFs say they were made, when not the moment each is made (the demo dates its agendas in its story)."""
    overleg = _beheer(overleg, door)
    if not Agendapunt.objects.filter(overleg=overleg).exists():
        raise ValidationError(_("The agenda has no items yet."), code="leeg")
    set_status(overleg, OverlegStatus.AGENDA_DEFINITIEF)
    overleg.agenda_versie += 1
    overleg.agenda_job = enqueue(agenda_pdf.JOB, overleg.pk, overleg.agenda_versie,
                                 **({"gemaakt_op": op.isoformat()} if op else {}))
    overleg.save(update_fields=["status", "agenda_versie", "agenda_job", "gewijzigd"])
    audit.log(door, AuditActie.CHANGE, overleg, omschrijving=f"agenda definitief, versie {overleg.agenda_versie}")
    return overleg


@transaction.atomic
def reopen(overleg, door):
    """Back to 'gepland' to change the agenda; the PDFs of the old version stay (shown as superseded)."""
    overleg = _lock(overleg)
    _mag_beheren(door, overleg)
    if not kan_naar(overleg, OverlegStatus.GEPLAND):
        raise ValidationError(_("Only a final agenda can be re-opened."), code="niet_definitief")
    set_status(overleg, OverlegStatus.GEPLAND)
    overleg.save(update_fields=["status", "gewijzigd"])
    audit.log(door, AuditActie.CHANGE, overleg, omschrijving=f"agenda heropend (was versie {overleg.agenda_versie})")
    return overleg
