"""The retention rules and the runs that apply them."""
from dataclasses import dataclass

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext


class Eenheid(models.TextChoices):
    DAGEN = "dagen", _("days")
    MAANDEN = "maanden", _("months")
    JAREN = "jaren", _("years")


def termijn_tekst(waarde, eenheid):
    """"12 maanden", "5 jaar", "30 dagen"."""
    if eenheid == Eenheid.DAGEN:
        return ngettext("%(n)d day", "%(n)d days", waarde) % {"n": waarde}
    if eenheid == Eenheid.MAANDEN:
        return ngettext("%(n)d month", "%(n)d months", waarde) % {"n": waarde}
    return ngettext("%(n)d year", "%(n)d years", waarde) % {"n": waarde}


_VAST = {Eenheid.DAGEN: ("dag", "dagen"), Eenheid.MAANDEN: ("maand", "maanden"), Eenheid.JAREN: ("jaar", "jaar")}


def termijn_vast(waarde, eenheid):
    """The term in fixed Dutch, whatever language is active: for the audit log and the runs, which must read the same
    tomorrow."""
    enkelvoud, meervoud = _VAST[eenheid]
    return f"{waarde} {enkelvoud if waarde == 1 else meervoud}"


@dataclass(frozen=True)
class Soort:
    """A kind of rule: its default and the bounds the beheerder may set it within (in its unit)."""

    code: str
    label: str
    uitleg: str
    eenheid: str
    standaard: int
    minimum: int
    maximum: int


class Bewaarsoort(models.TextChoices):
    SIGNAAL = "signaal", _("signal without a case")
    CASUS = "casus", _("closed case")
    CONCEPT = "concept", _("draft signal")
    AUDIT = "audit", _("audit log")


# The bounds follow the retention practice of RIEC and Zorg- en Veiligheidshuis protocols
# (signalen/data/mensenhandel-referentie.md: a signal without a case after 6–12 months, a closed case after at most 5
# years). The audit log is kept at least 5 years (our design choice) so that nobody can shorten it to wipe traces;
# the database trigger holds that floor too (audit migration 0006).
SOORTEN = {
    Bewaarsoort.SIGNAAL: Soort(
        Bewaarsoort.SIGNAAL, _("Signal that did not lead to a case"),
        _("After its final decision (closed without follow-up, or passed on). Its attachments go with it."),
        Eenheid.MAANDEN, 12, 6, 12),
    Bewaarsoort.CASUS: Soort(
        Bewaarsoort.CASUS, _("Closed case"),
        _("After it was closed: with its linked signals, the case texts of its agenda items, its decisions and "
          "actions, their attachments, and the agenda and decision-list PDFs that hold it."),
        Eenheid.JAREN, 5, 1, 5),
    Bewaarsoort.CONCEPT: Soort(
        Bewaarsoort.CONCEPT, _("Draft signal"),
        _("After its last change, with its staged attachments."),
        Eenheid.DAGEN, 30, 7, 30),
    Bewaarsoort.AUDIT: Soort(
        Bewaarsoort.AUDIT, _("Audit log"),
        _("Rows older than the term are deleted; nothing else can change or delete them."),
        Eenheid.JAREN, 5, 5, 10),
}


class Bewaartermijn(models.Model):
    """The term of one kind of record, as the beheerder set it. A kind without a row has its default (``SOORTEN``)."""

    soort = models.CharField(_("kind"), max_length=20, choices=Bewaarsoort.choices, unique=True)
    termijn = models.PositiveSmallIntegerField(_("term"), validators=[MinValueValidator(1), MaxValueValidator(120)])
    gewijzigd_door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                       related_name="+", verbose_name=_("changed by"))
    gewijzigd_op = models.DateTimeField(_("changed on"), default=timezone.now)

    class Meta:
        verbose_name = _("retention period")
        verbose_name_plural = _("retention periods")
        ordering = ["soort"]

    def __str__(self):
        return f"{self.get_soort_display()}: {self.tekst}"

    @property
    def spec(self):
        return SOORTEN[self.soort]

    @property
    def tekst(self):
        return termijn_tekst(self.termijn, self.spec.eenheid)

    @property
    def vast(self):
        return termijn_vast(self.termijn, self.spec.eenheid)


# The counts a run keeps, in the order the Beheer page names them.
AANTALLEN = {
    "casussen": _("cases"),
    "signalen": _("signals"),
    "concepten": _("drafts"),
    "acties": _("actions"),
    "besluiten": _("decisions"),
    "bijlagen": _("attachments"),
    "documenten": _("agenda and decision-list PDFs"),
    "barrieres": _("barrier explanations"),
    "auditregels": _("audit-log rows"),
}


class RunStatus(models.TextChoices):
    BEZIG = "bezig", _("running")
    KLAAR = "klaar", _("finished")
    MISLUKT = "mislukt", _("failed")


class BewaarRun(models.Model):
    """One run of the retention rules: when, the terms it applied and how many records of each kind it removed.
    Holds no content: counts only."""

    gestart_op = models.DateTimeField(_("started"), default=timezone.now, db_index=True)
    klaar_op = models.DateTimeField(_("finished"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=RunStatus.choices, default=RunStatus.BEZIG)
    door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                             related_name="+", verbose_name=_("started by"))
    # {"signaal": "12 maanden", ...}: the terms as they were applied.
    termijnen = models.JSONField(_("terms"), default=dict)
    # {"signalen": 3, "casussen": 1, "bijlagen": 2, ...}
    aantallen = models.JSONField(_("removed"), default=dict)
    fout = models.TextField(_("error"), blank=True)

    class Meta:
        verbose_name = _("retention run")
        verbose_name_plural = _("retention runs")
        ordering = ["-gestart_op", "-pk"]

    def __str__(self):
        return f"{self.gestart_op:%Y-%m-%d %H:%M} {self.get_status_display()}"

    @property
    def totaal(self):
        return sum(self.aantallen.values())

    @property
    def regels(self):
        """The counts that are not zero, labelled: [{"label": "signalen", "aantal": 3}, ...]."""
        namen = [*AANTALLEN, *sorted(set(self.aantallen) - set(AANTALLEN))]
        return [{"label": AANTALLEN.get(naam, naam), "aantal": self.aantallen[naam]}
                for naam in namen if self.aantallen.get(naam)]
