"""Signals of possible human trafficking, their reference lists, history, shares and attachments.

The reference lists (forms, sectors, sources, indicators, legal bases) are data a beheerder can
extend; they are loaded from ``signalen/data/mensenhandel-referentie.md`` (sources named there) by
``manage.py load_signaal_referentie``.
"""
from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase


class Referentielijst(models.Model):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    naam = models.CharField(_("name"), max_length=150)
    volgorde = models.PositiveSmallIntegerField(_("order"), default=100)
    actief = models.BooleanField(_("in use"), default=True, help_text=_("Only items in use can be chosen."))

    class Meta:
        abstract = True
        ordering = ["volgorde", "naam"]

    def __str__(self):
        return self.naam


class Vorm(Referentielijst):
    class Meta(Referentielijst.Meta):
        verbose_name = _("form of exploitation")
        verbose_name_plural = _("forms of exploitation")


class Sector(Referentielijst):
    class Meta(Referentielijst.Meta):
        verbose_name = _("sector")
        verbose_name_plural = _("sectors")


class Bron(Referentielijst):
    class Meta(Referentielijst.Meta):
        verbose_name = _("signal source")
        verbose_name_plural = _("signal sources")


class IndicatorCluster(models.Model):
    naam = models.CharField(_("name"), max_length=150, unique=True)
    volgorde = models.PositiveSmallIntegerField(_("order"), default=100)

    class Meta:
        verbose_name = _("indicator cluster")
        verbose_name_plural = _("indicator clusters")
        ordering = ["volgorde", "naam"]

    def __str__(self):
        return self.naam


class Indicator(models.Model):
    cluster = models.ForeignKey(IndicatorCluster, on_delete=models.PROTECT, related_name="indicatoren",
                                verbose_name=_("cluster"))
    tekst = models.CharField(_("text"), max_length=250)
    volgorde = models.PositiveSmallIntegerField(_("order"), default=100)
    actief = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["cluster__volgorde", "volgorde", "pk"]
        constraints = [models.UniqueConstraint(fields=["cluster", "tekst"], name="indicator_unique_per_cluster")]

    def __str__(self):
        return self.tekst


class GrondslagQuerySet(models.QuerySet):
    def geldig_op(self, datum):
        return self.filter(Q(geldig_van__lte=datum), Q(geldig_tot__isnull=True) | Q(geldig_tot__gte=datum))


class Grondslag(models.Model):
    """A legal basis for sharing a signal; offered only on the days it is valid."""

    naam = models.CharField(_("name"), max_length=200, unique=True)
    omschrijving = models.TextField(_("description"), blank=True)
    geldig_van = models.DateField(_("valid from"))
    geldig_tot = models.DateField(_("valid until"), null=True, blank=True)

    objects = GrondslagQuerySet.as_manager()

    class Meta:
        verbose_name = _("legal basis")
        verbose_name_plural = _("legal bases")
        ordering = ["naam"]

    def __str__(self):
        return self.naam


class Status(models.TextChoices):
    CONCEPT = "concept", _("draft")
    INGEDIEND = "ingediend", _("submitted")
    IN_BEHANDELING = "in_behandeling", _("being assessed")
    INFORMATIE_OPGEVRAAGD = "informatie_opgevraagd", _("information requested")
    OPGEPAKT_IN_CASUS = "opgepakt_in_casus", _("taken up in a case")
    DOORGEZET = "doorgezet", _("passed on")
    AFGESLOTEN = "afgesloten_zonder_vervolg", _("closed without follow-up")


# Decisions that end the triage; a signal can be re-opened from each of them.
BESLUITEN = (Status.OPGEPAKT_IN_CASUS, Status.DOORGEZET, Status.AFGESLOTEN)


class Bestemming(models.TextChoices):
    POLITIE_OM = "politie_om", _("police / public prosecutor")
    NLA = "nla", _("labour inspectorate (NLA)")
    ZORGCOORDINATOR = "zorgcoordinator", _("care coordinator")
    COMENSHA = "comensha", _("CoMensha")
    EMM = "emm", _("Expertisecentrum Mensenhandel en Mensensmokkel (EMM)")
    VEILIG_THUIS = "veilig_thuis", _("Veilig Thuis")
    BESTUURLIJK = "bestuurlijk", _("administrative approach / Bibob")


class Urgentie(models.TextChoices):
    NORMAAL = "normaal", _("normal")
    HOOG = "hoog", _("high")
    ZEER_HOOG = "zeer_hoog", _("very high")


class Antwoord(models.TextChoices):
    WAARGENOMEN = "waargenomen", _("observed")
    NIET_WAARGENOMEN = "niet_waargenomen", _("not observed")
    ONBEKEND = "onbekend", _("unknown")


kvk_validator = RegexValidator(r"^\d{8}$", _("A KvK number has exactly 8 digits."))


class Signaal(models.Model):
    referentie = models.CharField(_("reference"), max_length=20, unique=True, null=True, blank=True, editable=False)
    status = models.CharField(_("status"), max_length=30, choices=Status.choices, default=Status.CONCEPT, db_index=True)
    ingediend_door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="signalen",
                                       verbose_name=_("submitted by"))
    organisatie = models.ForeignKey("partners.Organisatie", on_delete=models.PROTECT, related_name="signalen",
                                    verbose_name=_("submitting organisation"))
    gemeente = models.ForeignKey("tafels.Gemeente", on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="signalen", verbose_name=_("municipality"))
    waargenomen_van = models.DateField(_("observed on or from"), null=True, blank=True)
    waargenomen_tot = models.DateField(_("observed until"), null=True, blank=True)
    vormen = models.ManyToManyField(Vorm, blank=True, related_name="signalen", verbose_name=_("suspected forms"))
    sector = models.ForeignKey(Sector, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("sector"))
    bron = models.ForeignKey(Bron, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("signal source"))
    omschrijving = models.TextField(_("description"), blank=True)
    locatie_naam = models.CharField(_("name of location or business"), max_length=200, blank=True)
    locatie_adres = models.CharField(_("address"), max_length=250, blank=True)
    kvk_nummer = models.CharField(_("KvK number"), max_length=8, blank=True, validators=[kvk_validator])
    # The address as postcode and house number (with addition), matched by the hit/no-hit index (issue 19); the free
    # text of ``locatie_adres`` stays for what does not fit.
    locatie_postcode = models.CharField(_("postcode"), max_length=7, blank=True, default="", db_default="")
    locatie_huisnummer = models.CharField(_("house number"), max_length=10, blank=True, default="", db_default="")
    # The key of the record in the spreadsheet or older registration it was imported from (issue 20); empty for a
    # signal submitted here. Unique per werkgebied (the import checks it).
    extern_kenmerk = models.CharField(_("external reference"), max_length=50, blank=True, editable=False,
                                      default="", db_default="")
    aantal_slachtoffers = models.PositiveSmallIntegerField(_("number of possible victims"), null=True, blank=True)
    minderjarige = models.BooleanField(_("a minor may be involved"), default=False)
    urgentie = models.CharField(_("urgency"), max_length=10, choices=Urgentie.choices, default=Urgentie.NORMAAL)
    prioriteit = models.BooleanField(_("priority"), default=False, editable=False)
    doorgezet_naar = models.CharField(_("passed on to"), max_length=20, choices=Bestemming.choices, blank=True)
    aangemaakt = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    gewijzigd = models.DateTimeField(_("changed"), auto_now=True)
    ingediend_op = models.DateTimeField(_("submitted on"), null=True, blank=True, editable=False, db_index=True)
    # Set when retention anonymised the signal (``signalen.bewaartermijn``): from then on nobody sees it; it is
    # still counted in the figures.
    verwijderd_op = models.DateTimeField(_("removed after its retention period on"), null=True, blank=True,
                                         editable=False)
    # Set when the submitter answers a question, cleared once a ketenregisseur of the werkgebied has read it (opened
    # the signal) or taken the next decision (``services.answer_question`` / ``mark_answer_read``): the start page's
    # "answer received".
    antwoord_ongelezen_sinds = models.DateTimeField(_("unread answer since"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("signal")
        verbose_name_plural = _("signals")
        ordering = ["-ingediend_op", "-aangemaakt"]
        indexes = [
            models.Index(fields=["gemeente", "status"]), models.Index(fields=["organisatie", "status"]),
            # The retention run's candidates: decided signals not removed yet.
            models.Index(fields=["status"], condition=Q(verwijderd_op__isnull=True), name="signaal_bewaren_idx"),
            # The start page's answers waiting to be read: few rows, looked up per werkgebied.
            models.Index(fields=["gemeente"], condition=Q(antwoord_ongelezen_sinds__isnull=False),
                         name="signaal_antwoord_ongelezen_idx"),
            # The import's key: looked up per werkgebied among the few imported signals.
            models.Index(fields=["extern_kenmerk"], condition=~Q(extern_kenmerk=""), name="signaal_extern_kenmerk_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                name="signaal_submitted_has_reference_and_gemeente",
                condition=Q(status="concept") | Q(referentie__isnull=False, gemeente__isnull=False),
            ),
        ]

    def __str__(self):
        return self.referentie or str(_("draft signal"))

    def audit_scope(self):
        if self.gemeente_id:
            return {"gemeente_id": self.gemeente_id, "regio_id": self.gemeente.regio_id}
        return self.organisatie.audit_scope()


class SignaalIndicator(models.Model):
    signaal = models.ForeignKey(Signaal, on_delete=models.CASCADE, related_name="indicatoren")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="+")
    antwoord = models.CharField(_("answer"), max_length=20, choices=Antwoord.choices, default=Antwoord.ONBEKEND)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["signaal", "indicator"], name="signaalindicator_once")]

    def __str__(self):
        return f"{self.indicator}: {self.get_antwoord_display()}"


class Gebeurtenis(models.TextChoices):
    STATUS = "status", _("status changed")
    VRAAG = "vraag", _("question to the submitter")
    ANTWOORD = "antwoord", _("answer from the submitter")
    DELING = "deling", _("shared")
    INTREKKING = "intrekking", _("share withdrawn")
    BIJLAGE = "bijlage", _("attachment added")
    BIJLAGE_VERWIJDERD = "bijlage_weg", _("attachment removed")


class SignaalHistorie(models.Model):
    """The timeline of a signal. Append-only: rows are never changed or removed (but with the signal)."""

    signaal = models.ForeignKey(Signaal, on_delete=models.CASCADE, related_name="historie")
    tijdstip = models.DateTimeField(default=timezone.now, editable=False, db_index=True)
    door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True)
    soort = models.CharField(max_length=20, choices=Gebeurtenis.choices)
    van_status = models.CharField(max_length=30, choices=Status.choices, blank=True)
    naar_status = models.CharField(max_length=30, choices=Status.choices, blank=True)
    # A reason, question or answer; on a decision, the feedback the submitter reads.
    tekst = models.TextField(blank=True)
    terugkoppeling = models.TextField(_("feedback to the submitter"), blank=True)
    doorgezet_naar = models.CharField(_("passed on to"), max_length=20, choices=Bestemming.choices, blank=True)
    organisatie = models.ForeignKey("partners.Organisatie", on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+")

    class Meta:
        ordering = ["tijdstip", "pk"]

    def __str__(self):
        return f"{self.tijdstip:%Y-%m-%d %H:%M} {self.get_soort_display()}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValueError("Signal history is append-only.")
        super().save(*args, **kwargs)


class SignaalDeling(models.Model):
    """A share of a signal with an organisation; the access itself is a django-guardian grant."""

    signaal = models.ForeignKey(Signaal, on_delete=models.CASCADE, related_name="delingen")
    organisatie = models.ForeignKey("partners.Organisatie", on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("organisation"))
    grondslag = models.ForeignKey(Grondslag, on_delete=models.PROTECT, verbose_name=_("legal basis"))
    toelichting = models.TextField(_("note"), blank=True)
    via_tafel = models.ForeignKey("tafels.Tafel", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    gedeeld_door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    gedeeld_op = models.DateTimeField(default=timezone.now)
    ingetrokken_door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                         related_name="+")
    ingetrokken_op = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-gedeeld_op"]
        constraints = [
            models.UniqueConstraint(fields=["signaal", "organisatie"], condition=Q(ingetrokken_op__isnull=True),
                                    name="signaaldeling_one_active_per_organisatie"),
        ]

    def __str__(self):
        return f"{self.signaal} -> {self.organisatie}"


class Bijlage(models.Model):
    """An attachment: stored outside the web root under a random name, served only after an access check."""

    signaal = models.ForeignKey(Signaal, on_delete=models.CASCADE, related_name="bijlagen")
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
        return self.signaal.audit_scope()


class SignaalNummer(models.Model):
    """The last reference number given out per year (SIG-2026-00042), taken under a row lock."""

    jaar = models.PositiveSmallIntegerField(primary_key=True)
    laatste = models.PositiveIntegerField(default=0)

    def __str__(self):
        return f"{self.jaar}: {self.laatste}"


class Standaardtekst(models.Model):
    """Standard feedback texts the ketenregisseur starts from (and adjusts) per decision."""

    status = models.CharField(_("decision"), max_length=30, choices=Status.choices)
    titel = models.CharField(_("title"), max_length=100)
    tekst = models.TextField(_("text"))

    class Meta:
        verbose_name = _("standard feedback text")
        verbose_name_plural = _("standard feedback texts")
        ordering = ["status", "titel"]

    def __str__(self):
        return self.titel


class SignaalUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(Signaal, on_delete=models.CASCADE)


class SignaalGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Signaal, on_delete=models.CASCADE)
