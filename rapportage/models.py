"""The quarterly progress report for the board of a werkgebied (a district's DVO, a region's RBO, as the werkgebied's
``bestuurlijk_overleg`` names it): one ``Rapport`` row per version.

A report belongs to one werkgebied (a district or a region) and one quarter. Its figures (``gegevens``) are
counted once, by the background job, and kept with the report: the page, the PDF and the CSV export all show that
one set, suppressed the same way (``presentatie``), so a finalised report never changes afterwards.

Versions: every new concept and every finalisation is a new row with the next ``versie`` number of that werkgebied
and quarter. Finalising copies the figures of the concept it starts from (what the ketenregisseur reviewed is what
the board gets) and adds the toelichting. Earlier versions stay, as the archive. The figures hold no personal data,
no case codes and no free text of signals or cases; the toelichting is the ketenregisseur's own text.
"""
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def een_werkgebied(naam):
    """The check that a row belongs to exactly one werkgebied: a district or a region."""
    return models.CheckConstraint(
        name=naam,
        condition=Q(district__isnull=False, regio__isnull=True) | Q(district__isnull=True, regio__isnull=False),
    )


class OpWerkgebied:
    """For a model with ``district`` and ``regio`` foreign keys of which exactly one is set."""

    @property
    def werkgebied(self):
        return self.district or self.regio

    def audit_scope(self):
        if self.district_id:
            return {"district_id": self.district_id, "regio_id": self.district.regio_id}
        return {"regio_id": self.regio_id}


class RapportStatus(models.TextChoices):
    CONCEPT = "concept", _("draft")
    DEFINITIEF = "definitief", _("final")


class Rapport(OpWerkgebied, models.Model):
    district = models.ForeignKey("tafels.District", on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="rapporten", verbose_name=_("district"))
    regio = models.ForeignKey("tafels.Regio", on_delete=models.PROTECT, null=True, blank=True,
                              related_name="rapporten", verbose_name=_("region"))
    jaar = models.PositiveSmallIntegerField(_("year"))
    kwartaal = models.PositiveSmallIntegerField(_("quarter"))
    versie = models.PositiveIntegerField(_("version"))
    status = models.CharField(_("status"), max_length=20, choices=RapportStatus.choices,
                              default=RapportStatus.CONCEPT, db_index=True)
    toelichting = models.TextField(
        _("explanation"), blank=True, max_length=6000,
        help_text=_("The ketenregisseur's explanation of the figures for the board. No names, no case codes."),
    )
    # Issue 21: the proposal to the board (DVO) made next to the report: the points the ketenregisseur asks it to
    # decide on (one per paragraph), and the board's own references for the agenda. Copied like the toelichting.
    dvo_besluitpunten = models.TextField(
        _("decision points for the board"), blank=True, max_length=3000,
        help_text=_("One decision point per paragraph, for example: “The DVO decides to …”. No names, no case codes."),
    )
    dvo_agendapunt = models.CharField(_("agenda item"), max_length=20, blank=True)
    dvo_registratienummer = models.CharField(_("registration number"), max_length=50, blank=True)
    # The counted figures (see ``cijfers``); None until the job has counted them.
    gegevens = models.JSONField(null=True, blank=True, editable=False)
    geteld_op = models.DateTimeField(_("figures counted on"), null=True, blank=True, editable=False)
    gebaseerd_op = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, editable=False,
                                     related_name="+", verbose_name=_("based on version"))
    job = models.ForeignKey("jobs.Job", on_delete=models.SET_NULL, null=True, blank=True, editable=False,
                            related_name="+")
    # The PDF in the protected store (``PROTECTED_FILES_ROOT / "rapporten"``).
    opslagnaam = models.CharField(max_length=80, blank=True, editable=False)
    grootte = models.PositiveIntegerField(_("size"), null=True, blank=True, editable=False)
    sha256 = models.CharField(max_length=64, blank=True, editable=False)
    gemaakt_op = models.DateTimeField(_("PDF made on"), null=True, blank=True, editable=False)
    # Empty for a concept made by the quarterly schedule.
    aangemaakt_door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                        related_name="+", verbose_name=_("made by"))
    aangemaakt = models.DateTimeField(_("created"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["-jaar", "-kwartaal", "-versie"]
        constraints = [
            een_werkgebied("rapport_een_werkgebied"),
            models.CheckConstraint(name="rapport_kwartaal_1_4", condition=Q(kwartaal__gte=1, kwartaal__lte=4)),
            models.UniqueConstraint(fields=["district", "jaar", "kwartaal", "versie"], condition=Q(district__isnull=False),
                                    name="rapport_versie_district"),
            models.UniqueConstraint(fields=["regio", "jaar", "kwartaal", "versie"], condition=Q(regio__isnull=False),
                                    name="rapport_versie_regio"),
        ]

    def __str__(self):
        return f"{self.werkgebied} K{self.kwartaal} {self.jaar} v{self.versie}"

    @property
    def definitief(self):
        return self.status == RapportStatus.DEFINITIEF

    @property
    def heeft_pdf(self):
        return bool(self.opslagnaam)

    @property
    def dvo_voorstel(self):
        """The proposal's PDF (``DvoVoorstel``), or None while it is not made."""
        try:
            return self.dvo_pdf
        except DvoVoorstel.DoesNotExist:
            return None

    @property
    def heeft_dvo_pdf(self):
        return self.dvo_voorstel is not None

    @property
    def volledig(self):
        """The figures were counted after the quarter ended, so they cover all of it (only such a concept can be
        made final); False while they are not counted yet or were counted while the quarter ran."""
        from .perioden import Kwartaal

        return self.geteld_op is not None and self.geteld_op >= Kwartaal(self.jaar, self.kwartaal).einde



class DvoVoorstel(models.Model):
    """The PDF of the proposal to the board made next to a report (issue 21, ``dvo.py``): in the protected store
    (``PROTECTED_FILES_ROOT / "voorstellen"``) under a random name, made once by the report's job."""

    rapport = models.OneToOneField(Rapport, on_delete=models.CASCADE, related_name="dvo_pdf")
    opslagnaam = models.CharField(max_length=80, unique=True, editable=False)
    grootte = models.PositiveIntegerField(_("size"), editable=False)
    sha256 = models.CharField(max_length=64, editable=False)
    gemaakt_op = models.DateTimeField(_("PDF made on"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("proposal to the board")
        verbose_name_plural = _("proposals to the board")

    def __str__(self):
        return f"{self.rapport} DVO"

    def audit_scope(self):
        return self.rapport.audit_scope()

# --- Basisniveau monitor (issue 9) -------------------------------------------------------------------------------


class BasisniveauItem(models.TextChoices):
    """The seven items of the bestuurlijk basisniveau mensenhandel (seed 002), in the dashboard's order."""

    AANDACHTSFUNCTIONARIS = "aandachtsfunctionaris", _("Designated officer or permanent contact person")
    BELEID = "beleid", _("Policy in development or secured regionally")
    AARD_EN_OMVANG = "aard_en_omvang", _("Insight in local figures on nature and size")
    VORMEN = "vormen", _("Insight in the different forms of exploitation")
    TRAINING = "training", _("Recurring training for staff")
    GEGEVENSUITWISSELING = "gegevensuitwisseling", _("Clarity about information and data exchange")
    PARTNERS = "partners", _("Knows the partners in the approach")


class BasisniveauAntwoord(models.TextChoices):
    JA = "ja", _("yes")
    NEE = "nee", _("no")
    IN_ONTWIKKELING = "in_ontwikkeling", _("in development")
    NIET_BEANTWOORD = "niet_beantwoord", _("not answered")


class Meting(OpWerkgebied, models.Model):
    """One basisniveau measurement of a werkgebied on a date, with its own population of gemeenten (``deelnemers``):
    the gemeenten it asked on that date, kept as they were (a gemeente that merged away later stays in it)."""

    district = models.ForeignKey("tafels.District", on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="metingen", verbose_name=_("district"))
    regio = models.ForeignKey("tafels.Regio", on_delete=models.PROTECT, null=True, blank=True,
                              related_name="metingen", verbose_name=_("region"))
    datum = models.DateField(_("date of the measurement"))
    open = models.BooleanField(_("open for answers"), default=True,
                               help_text=_("While open, the gemeenten's coordinators can fill in their answers."))
    aangemaakt_door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                        related_name="+")
    aangemaakt = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("basisniveau measurement")
        verbose_name_plural = _("basisniveau measurements")
        ordering = ["-datum", "-pk"]
        constraints = [
            een_werkgebied("meting_een_werkgebied"),
        ]

    def __str__(self):
        return f"{self.werkgebied} {self.datum:%d-%m-%Y}"



class MetingGemeente(models.Model):
    """A gemeente in a measurement's population, as it was on the measurement's date. ``gemeente`` links to today's
    gemeente where it still exists (Weesp, merged into Amsterdam in 2022, has none)."""

    meting = models.ForeignKey(Meting, on_delete=models.CASCADE, related_name="gemeenten")
    gemeente = models.ForeignKey("tafels.Gemeente", on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="+", verbose_name=_("municipality"))
    cbs_code = models.CharField(_("CBS code"), max_length=6)
    naam = models.CharField(_("name"), max_length=100)
    ingevuld_door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                      related_name="+", verbose_name=_("filled in by"))
    ingevuld_op = models.DateTimeField(_("filled in on"), null=True, blank=True)

    class Meta:
        verbose_name = _("municipality in a measurement")
        verbose_name_plural = _("municipalities in a measurement")
        ordering = ["naam", "cbs_code"]
        constraints = [models.UniqueConstraint(fields=["meting", "cbs_code"], name="metinggemeente_once")]

    def __str__(self):
        return self.naam

    def audit_scope(self):
        return self.meting.audit_scope()


class MetingAntwoord(models.Model):
    """A gemeente's answer to one item."""

    meting_gemeente = models.ForeignKey(MetingGemeente, on_delete=models.CASCADE, related_name="antwoorden")
    item = models.CharField(_("item"), max_length=30, choices=BasisniveauItem.choices)
    antwoord = models.CharField(_("answer"), max_length=20, choices=BasisniveauAntwoord.choices,
                                default=BasisniveauAntwoord.NIET_BEANTWOORD)
    toelichting = models.TextField(_("explanation"), blank=True, max_length=1000)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [models.UniqueConstraint(fields=["meting_gemeente", "item"], name="metingantwoord_once")]

    def __str__(self):
        return f"{self.meting_gemeente} {self.item}: {self.antwoord}"


# --- Awareness sessions (issue 9) --------------------------------------------------------------------------------


class Afdeling(models.TextChoices):
    PUBLIEKSBALIE = "publieksbalie", _("public counter")
    HANDHAVING = "handhaving", _("enforcement officers (BOA's) / enforcement")
    SOCIAAL_DOMEIN = "sociaal_domein", _("social domain / neighbourhood team")
    VERGUNNINGEN = "vergunningen", _("permits")
    BURGERZAKEN = "burgerzaken", _("civil affairs")
    OVERIG = "overig", _("other")


class Bewustwordingsbijeenkomst(OpWerkgebied, models.Model):
    """An awareness session (seed 001 §1): when, who organised it, which gemeenten and departments it reached."""

    district = models.ForeignKey("tafels.District", on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="bijeenkomsten", verbose_name=_("district"))
    regio = models.ForeignKey("tafels.Regio", on_delete=models.PROTECT, null=True, blank=True,
                              related_name="bijeenkomsten", verbose_name=_("region"))
    datum = models.DateField(_("date"))
    organisator = models.ForeignKey("partners.Organisatie", on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("organiser"))
    gemeenten = models.ManyToManyField("tafels.Gemeente", related_name="bijeenkomsten",
                                       verbose_name=_("municipalities reached"))
    afdelingen = models.JSONField(_("departments reached"), default=list, blank=True)
    afdeling_overig = models.CharField(_("other department"), max_length=150, blank=True)
    deelnemers = models.PositiveIntegerField(_("number of participants"))
    aangemaakt_door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    aangemaakt = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("awareness session")
        verbose_name_plural = _("awareness sessions")
        ordering = ["-datum", "-pk"]
        constraints = [
            een_werkgebied("bijeenkomst_een_werkgebied"),
        ]

    def __str__(self):
        return f"{self.organisator} {self.datum:%d-%m-%Y}"


    def get_afdelingen_display(self):
        labels = dict(Afdeling.choices)
        return [str(labels[a]) for a in self.afdelingen if a in labels and a != Afdeling.OVERIG] + (
            [self.afdeling_overig or str(labels[Afdeling.OVERIG])] if Afdeling.OVERIG in self.afdelingen else [])
