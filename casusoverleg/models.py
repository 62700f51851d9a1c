"""Cases (Casus), meetings of a table (Overleg), their agenda, invitations per agenda item, the
confidentiality declaration, the agenda PDFs, and the decisions and actions agreed in a meeting.

Who sees what is decided in ``selectors.py``; every change goes through ``services``. History rows
(``CasusHistorie``) are append-only.
"""
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase


class CasusStatus(models.TextChoices):
    OPEN = "open", _("open")
    IN_ONDERZOEK = "in_onderzoek", _("under investigation")
    INTERVENTIES_LOPEN = "interventies_lopen", _("interventions under way")
    AFGESLOTEN = "afgesloten", _("closed")


class Casus(models.Model):
    """A case: a non-identifying code, where it plays, what kind of exploitation, its status and victim track.

    The summary holds no names: the code, gemeenten and forms are what a meeting's agenda shows.
    """

    code = models.CharField(_("code"), max_length=20, unique=True, editable=False)
    district = models.ForeignKey("tafels.District", on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="casussen", verbose_name=_("district"))
    regio = models.ForeignKey("tafels.Regio", on_delete=models.PROTECT, related_name="casussen", verbose_name=_("region"))
    gemeenten = models.ManyToManyField("tafels.Gemeente", related_name="casussen", verbose_name=_("municipalities"))
    vormen = models.ManyToManyField("signalen.Vorm", blank=True, related_name="casussen",
                                    verbose_name=_("forms of exploitation"))
    status = models.CharField(_("status"), max_length=20, choices=CasusStatus.choices, default=CasusStatus.OPEN,
                              db_index=True)
    afsluitreden = models.TextField(_("reason for closing"), blank=True)
    eigenaar = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="casussen",
                                 verbose_name=_("owner"))
    samenvatting = models.TextField(_("summary"), max_length=1000,
                                    help_text=_("A short summary without names of persons or businesses."))
    melder = models.ForeignKey("partners.Organisatie", on_delete=models.PROTECT, null=True, blank=True,
                               related_name="+", verbose_name=_("reported by partner"),
                               help_text=_("For a case opened from a partner's report rather than from signals."))
    comensha_aangemeld_op = models.DateField(_("reported to CoMensha on"), null=True, blank=True)
    zorgcoordinator_betrokken_op = models.DateField(_("care coordinator involved since"), null=True, blank=True)
    geopend_op = models.DateTimeField(_("opened on"), default=timezone.now, editable=False, db_index=True)
    status_gewijzigd_op = models.DateTimeField(_("status changed on"), default=timezone.now, editable=False)
    afgesloten_op = models.DateTimeField(_("closed on"), null=True, blank=True, editable=False)
    gewijzigd = models.DateTimeField(_("changed"), auto_now=True)
    # Set when retention anonymised the case (``casusoverleg.bewaartermijn``): its code stays as a tombstone where a
    # meeting points to it; nobody opens it any more; it is still counted in the figures.
    verwijderd_op = models.DateTimeField(_("removed after its retention period on"), null=True, blank=True,
                                         editable=False)
    signalen = models.ManyToManyField("signalen.Signaal", through="CasusSignaal", related_name="casussen",
                                      verbose_name=_("signals"))

    # The key of the case in the spreadsheet or older registration it was imported from (issue 20); empty otherwise.
    extern_kenmerk = models.CharField(_("external reference"), max_length=50, blank=True, editable=False,
                                      default="", db_default="")
    # Issue 21: the organisation of the care coordinator who keeps the victims' care track (``Slachtoffer``). Its
    # members see and keep the care part of the case (``selectors.zorgtrajecten_visible_for``), not the case itself.
    zorgcoordinator = models.ForeignKey("partners.Organisatie", on_delete=models.PROTECT, null=True, blank=True,
                                        related_name="+", verbose_name=_("care coordinator organisation"))

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["-geopend_op", "-pk"]
        indexes = [
            # The retention run's candidates: closed cases not removed yet, by the day they were closed.
            models.Index(fields=["afgesloten_op"], condition=Q(verwijderd_op__isnull=True), name="casus_bewaren_idx"),
            models.Index(fields=["extern_kenmerk"], condition=~Q(extern_kenmerk=""), name="casus_extern_kenmerk_idx"),
        ]

    def __str__(self):
        return self.code

    @property
    def werkgebied(self):
        return self.district or self.regio

    def audit_scope(self):
        scope = {"regio_id": self.regio_id}
        if self.district_id:
            scope["district_id"] = self.district_id
        return scope


class CasusNummer(models.Model):
    """The last number given out per code prefix (district or region) and year, taken under a row lock."""

    prefix = models.CharField(max_length=4)
    jaar = models.PositiveSmallIntegerField()
    laatste = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["prefix", "jaar"], name="casusnummer_once_per_prefix_jaar")]

    def __str__(self):
        return f"{self.prefix}-{self.jaar}: {self.laatste}"


class CasusSignaal(models.Model):
    casus = models.ForeignKey(Casus, on_delete=models.CASCADE, related_name="koppelingen")
    signaal = models.ForeignKey("signalen.Signaal", on_delete=models.PROTECT, related_name="casuskoppelingen")
    gekoppeld_door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    gekoppeld_op = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["gekoppeld_op", "pk"]
        constraints = [models.UniqueConstraint(fields=["casus", "signaal"], name="casussignaal_once")]

    def __str__(self):
        return f"{self.casus} <- {self.signaal_id}"


class CasusGebeurtenis(models.TextChoices):
    GEOPEND = "geopend", _("case opened")
    STATUS = "status", _("status changed")
    GEWIJZIGD = "gewijzigd", _("details changed")
    SIGNAAL = "signaal", _("signal linked")
    SLACHTOFFERSPOOR = "slachtofferspoor", _("victim track")
    ZORGTRAJECT = "zorgtraject", _("care track")
    AGENDA = "agenda", _("put on an agenda")
    BESPROKEN = "besproken", _("discussed in a meeting")
    BESLUIT = "besluit", _("decision")
    ACTIE = "actie", _("action agreed")
    ACTIE_STATUS = "actie_status", _("action status changed")
    TERUGKOPPELING = "terugkoppeling", _("feedback on an action")


class CasusHistorie(models.Model):
    """The timeline of a case. Append-only: rows are never changed or removed (but with the case)."""

    casus = models.ForeignKey(Casus, on_delete=models.CASCADE, related_name="historie")
    tijdstip = models.DateTimeField(default=timezone.now, editable=False, db_index=True)
    door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    organisatie = models.ForeignKey("partners.Organisatie", on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+")
    soort = models.CharField(max_length=20, choices=CasusGebeurtenis.choices)
    van_status = models.CharField(max_length=20, choices=CasusStatus.choices, blank=True)
    naar_status = models.CharField(max_length=20, choices=CasusStatus.choices, blank=True)
    tekst = models.TextField(blank=True)
    signaal = models.ForeignKey("signalen.Signaal", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    overleg = models.ForeignKey("Overleg", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    actie = models.ForeignKey("Actie", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["tijdstip", "pk"]

    def __str__(self):
        return f"{self.tijdstip:%Y-%m-%d %H:%M} {self.get_soort_display()}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValueError("Case history is append-only.")
        super().save(*args, **kwargs)


class OverlegStatus(models.TextChoices):
    GEPLAND = "gepland", _("planned")
    AGENDA_DEFINITIEF = "agenda_definitief", _("agenda final")
    GEHOUDEN = "gehouden", _("held")
    BESLUITENLIJST_VASTGESTELD = "besluitenlijst_vastgesteld", _("decision list adopted")
    GEANNULEERD = "geannuleerd", _("cancelled")


class Overleg(models.Model):
    """One meeting of a table."""

    tafel = models.ForeignKey("tafels.Tafel", on_delete=models.PROTECT, related_name="overleggen",
                              verbose_name=_("table"))
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # The iCalendar SEQUENCE: raised on every change participants are told about.
    ics_volgnummer = models.PositiveIntegerField(default=0, editable=False)
    begint = models.DateTimeField(_("starts"), db_index=True)
    eindigt = models.DateTimeField(_("ends"))
    locatie = models.CharField(_("place"), max_length=200, blank=True)
    online_link = models.URLField(_("online link"), max_length=500, blank=True)
    voorzitter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="voorgezeten_overleggen", verbose_name=_("chair"))
    doel = models.TextField(_("purpose (doelbinding)"),
                            help_text=_("What the information shared in this meeting may be used for."))
    status = models.CharField(_("status"), max_length=30, choices=OverlegStatus.choices, default=OverlegStatus.GEPLAND,
                              db_index=True)
    annuleringsreden = models.TextField(_("reason for cancelling"), blank=True)
    # Raised each time the agenda is made final; the agenda PDFs belong to one version.
    agenda_versie = models.PositiveIntegerField(default=0, editable=False)
    agenda_job = models.ForeignKey("jobs.Job", on_delete=models.SET_NULL, null=True, blank=True, editable=False,
                                   related_name="+")
    # The decision list after the meeting: its PDF versions, and when the next meeting adopted it.
    besluitenlijst_versie = models.PositiveIntegerField(default=0, editable=False)
    besluitenlijst_job = models.ForeignKey("jobs.Job", on_delete=models.SET_NULL, null=True, blank=True,
                                           editable=False, related_name="+")
    besluitenlijst_vastgesteld_in = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True,
                                                      editable=False, related_name="vastgestelde_besluitenlijsten")
    aangemaakt_door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    aangemaakt = models.DateTimeField(default=timezone.now, editable=False)
    gewijzigd = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["begint", "pk"]
        constraints = [
            models.CheckConstraint(name="overleg_ends_after_start", condition=Q(eindigt__gt=models.F("begint"))),
        ]

    def __str__(self):
        return f"{self.tafel} {timezone.localtime(self.begint):%d-%m-%Y}"

    def audit_scope(self):
        return self.tafel.audit_scope()


class OverlegDeelnemer(models.Model):
    """A standing participant of one meeting (taken from the table's members), and whether it was present."""

    overleg = models.ForeignKey(Overleg, on_delete=models.CASCADE, related_name="deelnemers")
    organisatie = models.ForeignKey("partners.Organisatie", on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("organisation"))
    deelnemer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="+", verbose_name=_("participant"))
    mailbox = models.EmailField(_("functional mailbox"), blank=True)
    aanwezig = models.BooleanField(_("present"), null=True, blank=True)

    class Meta:
        ordering = ["organisatie__naam"]
        constraints = [models.UniqueConstraint(fields=["overleg", "organisatie"], name="overlegdeelnemer_once")]

    def __str__(self):
        return f"{self.organisatie} @ {self.overleg_id}"

    @property
    def contact(self):
        return self.deelnemer.email if self.deelnemer_id else self.mailbox


class AgendapuntSoort(models.TextChoices):
    OPENING = "opening", _("opening")
    BESLUITENLIJST = "besluitenlijst", _("adoption of the decision list of the previous meeting")
    CASUS = "casus", _("case")
    ONDERWERP = "onderwerp", _("general topic")
    RONDVRAAG = "rondvraag", _("any other business")


class Agendapunt(models.Model):
    overleg = models.ForeignKey(Overleg, on_delete=models.CASCADE, related_name="agendapunten")
    volgorde = models.PositiveIntegerField(_("order"), default=0)
    soort = models.CharField(_("kind"), max_length=20, choices=AgendapuntSoort.choices)
    titel = models.CharField(_("title"), max_length=200, blank=True)
    toelichting = models.TextField(_("note"), blank=True)
    casus = models.ForeignKey(Casus, on_delete=models.PROTECT, null=True, blank=True, related_name="agendapunten",
                              verbose_name=_("case"))
    notities = models.TextField(_("minutes"), blank=True)
    # A general or theme item with guests (issue 18): when set, an invited organisation accepts the confidentiality
    # declaration before it sees the item (a case item always needs it). Standing participants see it as before.
    vertrouwelijk = models.BooleanField(
        _("guests accept the confidentiality declaration first"), default=False,
        help_text=_("For a general item with invited guests: they see it only after accepting the declaration."))
    # Optimistic locking: raised on every save of the item's text.
    versie = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["overleg", "volgorde", "pk"]
        constraints = [
            models.CheckConstraint(
                name="agendapunt_casus_iff_soort_casus",
                condition=Q(soort="casus", casus__isnull=False) | (~Q(soort="casus") & Q(casus__isnull=True)),
            ),
            models.UniqueConstraint(fields=["overleg", "casus"], condition=Q(casus__isnull=False),
                                    name="agendapunt_casus_once_per_overleg"),
        ]

    def __str__(self):
        return self.titel or self.get_soort_display()

    def audit_scope(self):
        return self.overleg.audit_scope()


class Uitnodiging(models.Model):
    """An organisation invited for one case item only (e.g. the coordinator of the gemeente where it plays)."""

    agendapunt = models.ForeignKey(Agendapunt, on_delete=models.CASCADE, related_name="uitnodigingen")
    organisatie = models.ForeignKey("partners.Organisatie", on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("organisation"))
    deelnemer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="+", verbose_name=_("participant"))
    mailbox = models.EmailField(_("functional mailbox"), blank=True)
    aanwezig = models.BooleanField(_("present"), null=True, blank=True)
    uitgenodigd_door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uitgenodigd_op = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["organisatie__naam"]
        constraints = [
            models.UniqueConstraint(fields=["agendapunt", "organisatie"], name="uitnodiging_once_per_item"),
            models.CheckConstraint(name="uitnodiging_person_or_mailbox",
                                   condition=Q(deelnemer__isnull=False) | ~Q(mailbox="")),
        ]

    def __str__(self):
        return f"{self.organisatie} @ {self.agendapunt_id}"

    @property
    def contact(self):
        return self.deelnemer.email if self.deelnemer_id else self.mailbox

    def audit_scope(self):
        return self.agendapunt.audit_scope()


class Geheimhoudingsverklaring(models.Model):
    """A person's acceptance of the confidentiality declaration for one meeting (recorded and audited)."""

    overleg = models.ForeignKey(Overleg, on_delete=models.CASCADE, related_name="verklaringen")
    gebruiker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    organisatie = models.ForeignKey("partners.Organisatie", on_delete=models.PROTECT, related_name="+")
    tekst = models.TextField(_("text accepted"))
    geaccepteerd_op = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["overleg", "gebruiker"], name="verklaring_once_per_overleg")]

    def __str__(self):
        return f"{self.gebruiker_id} @ {self.overleg_id}"

    def audit_scope(self):
        return self.overleg.audit_scope()


class DocumentSoort(models.TextChoices):
    AGENDA = "agenda", _("agenda")
    BESLUITENLIJST = "besluitenlijst", _("decision list")


class AgendaDocument(models.Model):
    """A PDF of one version of a meeting's agenda (or decision list) for one recipient organisation, holding only
    the items it may see; ``organisatie`` empty is the full document for the ketenregisseur and the chair."""

    overleg = models.ForeignKey(Overleg, on_delete=models.CASCADE, related_name="documenten")
    soort = models.CharField(max_length=20, choices=DocumentSoort.choices, default=DocumentSoort.AGENDA)
    versie = models.PositiveIntegerField()
    organisatie = models.ForeignKey("partners.Organisatie", on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+")
    punten = models.ManyToManyField(Agendapunt, related_name="+")
    # The cases in the document. Unlike ``punten`` these stay when an item is removed from the agenda later, so
    # a document with a removed case is no longer served to those who saw that case only through its item.
    casussen = models.ManyToManyField(Casus, related_name="+")
    opslagnaam = models.CharField(max_length=80, unique=True, editable=False)
    grootte = models.PositiveIntegerField(editable=False)
    sha256 = models.CharField(max_length=64, editable=False)
    gemaakt_op = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["overleg", "-versie", "organisatie__naam"]
        constraints = [
            models.UniqueConstraint(fields=["overleg", "soort", "versie", "organisatie"],
                                    condition=Q(organisatie__isnull=False), name="agendadocument_once_per_organisatie"),
            models.UniqueConstraint(fields=["overleg", "soort", "versie"], condition=Q(organisatie__isnull=True),
                                    name="agendadocument_one_full_per_versie"),
        ]

    def __str__(self):
        return f"agenda {self.overleg_id} v{self.versie} {self.organisatie_id or 'volledig'}"

    def audit_scope(self):
        return self.overleg.audit_scope()


class OverlegBericht(models.Model):
    """An invitation or update e-mail sent for one iCalendar sequence to one address: sent once, never twice."""

    overleg = models.ForeignKey(Overleg, on_delete=models.CASCADE, related_name="berichten")
    soort = models.CharField(max_length=20)
    volgnummer = models.PositiveIntegerField()
    ontvanger = models.EmailField()
    verzonden_op = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["overleg", "soort", "volgnummer", "ontvanger"], name="overlegbericht_once"),
        ]

    def __str__(self):
        return f"{self.soort} {self.overleg_id}#{self.volgnummer} -> {self.ontvanger}"


class Besluit(models.Model):
    agendapunt = models.ForeignKey(Agendapunt, on_delete=models.CASCADE, related_name="besluiten")
    tekst = models.TextField(_("decision"))
    versie = models.PositiveIntegerField(default=1, editable=False)
    vastgelegd_door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    vastgelegd_op = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["agendapunt", "vastgelegd_op", "pk"]

    def __str__(self):
        return self.tekst[:60]

    def audit_scope(self):
        return self.agendapunt.audit_scope()


class ActieSoort(models.TextChoices):
    STRAFRECHTELIJK = "strafrechtelijk", _("criminal law")
    BESTUURLIJK = "bestuurlijk", _("administrative")
    FISCAAL = "fiscaal", _("tax")
    ARBEIDSRECHTELIJK = "arbeidsrechtelijk", _("labour law")
    ZORG = "zorg", _("care / assistance")


class ActieStatus(models.TextChoices):
    OPEN = "open", _("open")
    IN_UITVOERING = "in_uitvoering", _("in progress")
    GEREED = "gereed", _("done")
    VERVALLEN = "vervallen", _("dropped")


OPEN_ACTIESTATUSSEN = (ActieStatus.OPEN, ActieStatus.IN_UITVOERING)
_OPEN_ACTIE = Q(status__in=OPEN_ACTIESTATUSSEN, verwijderd_op__isnull=True)


class Actie(models.Model):
    """An action agreed in a meeting: what, which kind of intervention, who, by when, and what came of it."""

    casus = models.ForeignKey(Casus, on_delete=models.PROTECT, null=True, blank=True, related_name="acties",
                              verbose_name=_("case"))
    agendapunt = models.ForeignKey(Agendapunt, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="acties", verbose_name=_("agenda item"))
    omschrijving = models.TextField(_("what"))
    soort = models.CharField(_("type of intervention"), max_length=20, choices=ActieSoort.choices)
    organisatie = models.ForeignKey("partners.Organisatie", on_delete=models.PROTECT, related_name="acties",
                                    verbose_name=_("responsible organisation"))
    verantwoordelijke = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                          related_name="acties", verbose_name=_("responsible person"))
    deadline = models.DateField(_("due date"), db_index=True)
    status = models.CharField(_("status"), max_length=20, choices=ActieStatus.choices, default=ActieStatus.OPEN,
                              db_index=True)
    reden_vervallen = models.TextField(_("reason for dropping"), blank=True)
    terugkoppeling = models.TextField(_("feedback"), blank=True)
    gereed_op = models.DateTimeField(_("done on"), null=True, blank=True)
    versie = models.PositiveIntegerField(default=1, editable=False)
    aangemaakt_door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    aangemaakt = models.DateTimeField(default=timezone.now, editable=False)
    gewijzigd = models.DateTimeField(auto_now=True)
    # Set when retention anonymised the action with its case: nobody sees it any more; it is still counted.
    verwijderd_op = models.DateTimeField(_("removed after its retention period on"), null=True, blank=True,
                                         editable=False)
    # The key of the action in the spreadsheet it was imported from (issue 20); empty otherwise.
    extern_kenmerk = models.CharField(_("external reference"), max_length=50, blank=True, editable=False,
                                      default="", db_default="")

    class Meta:
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        ordering = ["deadline", "pk"]
        indexes = [
            # The actions under general agenda items (no case): the access filter looks them up by item, and with
            # this partial index that branch of its OR needs no re-check of every visible row (issue 14).
            models.Index(fields=["agendapunt"], condition=Q(casus__isnull=True), name="actie_algemeen_punt_idx"),
            models.Index(fields=["extern_kenmerk"], condition=~Q(extern_kenmerk=""), name="actie_extern_kenmerk_idx"),
            # The open actions, by each way an action is seen (its case, its organisation, its general item) and by
            # due date: the start pages, Mijn acties and the overdue counts read a few hundred open actions out of ten
            # years of done ones (issue 14).
            models.Index(fields=["casus", "deadline"], condition=_OPEN_ACTIE, name="actie_open_casus_idx"),
            models.Index(fields=["organisatie", "deadline"], condition=_OPEN_ACTIE, name="actie_open_organisatie_idx"),
            models.Index(fields=["agendapunt", "deadline"], condition=_OPEN_ACTIE & Q(casus__isnull=True),
                         name="actie_open_algemeen_idx"),
        ]

    def __str__(self):
        return self.omschrijving[:60]

    @property
    def is_open(self):
        return self.status in OPEN_ACTIESTATUSSEN

    @property
    def is_verlopen(self):
        return self.is_open and self.deadline < timezone.localdate()

    def audit_scope(self):
        if self.casus_id:
            return self.casus.audit_scope()
        return self.organisatie.audit_scope()


class ActieBijlage(models.Model):
    """An attachment to the feedback on an action: checked like a signal's attachment, stored outside the web root
    under a random name, served only after the access check."""

    actie = models.ForeignKey(Actie, on_delete=models.CASCADE, related_name="bijlagen")
    bestandsnaam = models.CharField(_("file name"), max_length=200)
    opslagnaam = models.CharField(max_length=80, unique=True, editable=False)
    content_type = models.CharField(max_length=100, editable=False)
    grootte = models.PositiveIntegerField(_("size"), editable=False)
    sha256 = models.CharField(max_length=64, editable=False)
    geupload_door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    geupload_op = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["geupload_op", "pk"]

    def __str__(self):
        return self.bestandsnaam

    def audit_scope(self):
        return self.actie.audit_scope()


class HerinneringSoort(models.TextChoices):
    BINNENKORT = "binnenkort", _("due soon")
    VERLOPEN = "verlopen", _("overdue")


class Herinnering(models.Model):
    """A reminder sent for an action: once per action when due soon, once per week when overdue (``periode`` is the
    due date, or the ISO week of an overdue reminder), so that running the job twice sends nothing twice."""

    actie = models.ForeignKey(Actie, on_delete=models.CASCADE, related_name="herinneringen")
    soort = models.CharField(max_length=20, choices=HerinneringSoort.choices)
    periode = models.CharField(max_length=10)
    ontvanger = models.EmailField()
    verzonden_op = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-verzonden_op"]
        constraints = [models.UniqueConstraint(fields=["actie", "soort", "periode"], name="herinnering_once")]

    def __str__(self):
        return f"{self.soort} {self.actie_id} {self.periode}"


class CasusUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(Casus, on_delete=models.CASCADE)


class CasusGroupObjectPermission(GroupObjectPermissionBase):
    """Explicit grants of a case to an organisation's group."""

    content_object = models.ForeignKey(Casus, on_delete=models.CASCADE)


# --- the victims' care track (issue 21) -------------------------------------------------------------------------
# Reference lists and their sources: casusoverleg/data/zorgtraject-referentie.md.


class Leeftijdsgroep(models.TextChoices):
    MINDERJARIG = "0-17", _("under 18")
    J18_22 = "18-22", _("18 to 22")
    J23_29 = "23-29", _("23 to 29")
    J30_39 = "30-39", _("30 to 39")
    J40_49 = "40-49", _("40 to 49")
    J50_PLUS = "50+", _("50 or older")
    ONBEKEND = "onbekend", _("unknown")


class Geslacht(models.TextChoices):
    VROUW = "vrouw", _("woman")
    MAN = "man", _("man")
    ANDERS = "anders", _("another gender")
    ONBEKEND = "onbekend", _("unknown")


class Nationaliteitsgroep(models.TextChoices):
    NEDERLANDS = "nederlands", _("Dutch")
    EU_EER = "eu_eer", _("another EU or EEA country, or Switzerland")
    DERDE_LAND = "derde_land", _("a country outside the EU and EEA")
    STAATLOOS = "staatloos", _("stateless")
    ONBEKEND = "onbekend", _("unknown")


class ZorgStapSoort(models.TextChoices):
    """The steps of a victim's care track, in the order they are usually taken (seed 003)."""

    COMENSHA = "comensha", _("registration with CoMensha")
    BEDENKTIJD = "bedenktijd", _("reflection period")
    OPVANG = "opvang", _("shelter")
    BRP = "brp", _("registration in the BRP")
    ZORGVERZEKERING = "zorgverzekering", _("health insurance")
    UITKERING = "uitkering", _("benefits")
    VERBLIJFSVERGUNNING = "verblijfsvergunning", _("residence permit (B8)")
    AANGIFTE = "aangifte", _("report to the police (aangifte)")


class ZorgStapStatus(models.TextChoices):
    NOG_NIET = "nog_niet", _("not started")
    NIET_NODIG = "niet_nodig", _("not needed")
    AANGEVRAAGD = "aangevraagd", _("requested")
    GEREGELD = "geregeld", _("arranged")
    AFGEWEZEN = "afgewezen", _("refused")


class Zorgtraject(Casus):
    """The care part of a case as an object of its own for need to know: the zorgcoordinator organisation and the
    ketenregisseur of the werkgebied see it (``selectors.zorgtrajecten_visible_for``), which is not who sees the
    case. Same rows as ``Casus``."""

    class Meta:
        proxy = True
        verbose_name = _("care track")
        verbose_name_plural = _("care tracks")


class Slachtoffer(models.Model):
    """A possible victim in a case's care track: never a name, only a number within the case ("slachtoffer 2") and
    the groups CoMensha asks for."""

    casus = models.ForeignKey(Casus, on_delete=models.CASCADE, related_name="slachtoffers", verbose_name=_("case"))
    nummer = models.PositiveSmallIntegerField(_("victim number"), editable=False)
    leeftijdsgroep = models.CharField(_("age group"), max_length=10, choices=Leeftijdsgroep.choices,
                                      default=Leeftijdsgroep.ONBEKEND)
    geslacht = models.CharField(_("gender"), max_length=10, choices=Geslacht.choices, default=Geslacht.ONBEKEND)
    nationaliteitsgroep = models.CharField(_("nationality"), max_length=12, choices=Nationaliteitsgroep.choices,
                                           default=Nationaliteitsgroep.ONBEKEND)
    aangemaakt_door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    aangemaakt = models.DateTimeField(default=timezone.now, editable=False)
    gewijzigd = models.DateTimeField(auto_now=True)
    # Optimistic locking: raised on every save, so that two people saving the same victim do not overwrite each other.
    versie = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("possible victim")
        verbose_name_plural = _("possible victims")
        ordering = ["casus", "nummer"]
        constraints = [models.UniqueConstraint(fields=["casus", "nummer"], name="slachtoffer_nummer_once_per_casus")]

    def __str__(self):
        return f"slachtoffer {self.nummer}"

    def audit_scope(self):
        return self.casus.audit_scope()


class ZorgStap(models.Model):
    """One step of a victim's care track: its status, and when it was requested and arranged or refused. Every
    victim has one row per ``ZorgStapSoort`` (made with the victim)."""

    slachtoffer = models.ForeignKey(Slachtoffer, on_delete=models.CASCADE, related_name="stappen")
    soort = models.CharField(_("step"), max_length=20, choices=ZorgStapSoort.choices)
    status = models.CharField(_("status"), max_length=12, choices=ZorgStapStatus.choices,
                              default=ZorgStapStatus.NOG_NIET)
    aangevraagd_op = models.DateField(_("requested on"), null=True, blank=True)
    afgerond_op = models.DateField(_("arranged or refused on"), null=True, blank=True)
    # Who recorded the current status (for CoMensha: who registered the victim), and when.
    vastgelegd_door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                        related_name="+")
    vastgelegd_organisatie = models.ForeignKey("partners.Organisatie", on_delete=models.PROTECT, null=True,
                                               blank=True, related_name="+")
    vastgelegd_op = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("care step")
        verbose_name_plural = _("care steps")
        constraints = [
            models.UniqueConstraint(fields=["slachtoffer", "soort"], name="zorgstap_once_per_slachtoffer"),
            models.CheckConstraint(name="zorgstap_afgerond_na_aangevraagd", condition=Q(
                aangevraagd_op__isnull=True) | Q(afgerond_op__isnull=True) | Q(
                afgerond_op__gte=models.F("aangevraagd_op"))),
        ]
        indexes = [
            # The overview of victims not yet registered with CoMensha and the report's counts go by kind and status.
            models.Index(fields=["soort", "status"], name="zorgstap_soort_status_idx"),
        ]

    def __str__(self):
        return f"{self.slachtoffer_id} {self.soort}: {self.status}"

    def audit_scope(self):
        return self.slachtoffer.audit_scope()
