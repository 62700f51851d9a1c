"""The barrier model of the bestuurlijke aanpak (issue 21): per case, the barriers that were raised along the route
of the exploitation, each in a domain, with the administrative instrument, the organisation that raised it, its dates
and its result.

Seed 001: gemeenten "kunnen ook barrières opwerpen om mensenhandel tegen te gaan". The domains follow the barrier
model of the Expertisecentrum Mensenhandel en Mensensmokkel (EMM: the route of werving, huisvesting, identiteit,
arbeid, financiën) and the VNG/CCV barrier model for labour migrants (verblijf); they are a reference list the
beheerder edits in Beheer (``Domein``, loaded by migration 0002).

The link to an action of the case (type *bestuurlijk*) is a table of this app (``BarriereActie``): casusoverleg knows
nothing of barriers.
"""
from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Domein(models.Model):
    """A domain of the barrier model (reference list). Switched off, never deleted: barriers refer to it."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    naam = models.CharField(_("name"), max_length=150)
    volgorde = models.PositiveSmallIntegerField(_("order"), default=100)
    actief = models.BooleanField(_("in use"), default=True, help_text=_("Only items in use can be chosen."))

    class Meta:
        verbose_name = _("barrier domain")
        verbose_name_plural = _("barrier domains")
        ordering = ["volgorde", "naam"]

    def __str__(self):
        return self.naam


class Instrument(models.TextChoices):
    BIBOB = "bibob", _("Bibob assessment")
    SLUITING = "sluiting", _("closure")
    LAST_ONDER_DWANGSOM = "last_onder_dwangsom", _("order subject to a penalty")
    VERGUNNING_GEWEIGERD = "vergunning_geweigerd", _("permit refused")
    CONTROLE = "controle", _("inspection")


class Resultaat(models.TextChoices):
    LOPEND = "lopend", _("still running")
    OPGEWORPEN = "opgeworpen", _("barrier raised")
    GEEN_EFFECT = "geen_effect", _("no barrier raised")


class Barriere(models.Model):
    casus = models.ForeignKey("casusoverleg.Casus", on_delete=models.PROTECT, related_name="barrieres",
                              verbose_name=_("case"))
    domein = models.ForeignKey(Domein, on_delete=models.PROTECT, related_name="barrieres", verbose_name=_("domain"))
    instrument = models.CharField(_("instrument"), max_length=30, choices=Instrument.choices)
    organisatie = models.ForeignKey("partners.Organisatie", on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("organisation"),
                                    help_text=_("The organisation that raises the barrier (usually the gemeente)."))
    gestart_op = models.DateField(_("started on"))
    afgerond_op = models.DateField(_("completed on"), null=True, blank=True)
    resultaat = models.CharField(_("result"), max_length=20, choices=Resultaat.choices, default=Resultaat.LOPEND)
    toelichting = models.TextField(
        _("explanation of the result"), blank=True, max_length=2000,
        help_text=_("What came of it, briefly. No names, no addresses, nothing that identifies a person."))
    aangemaakt_door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    aangemaakt = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    gewijzigd = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        verbose_name = _("barrier")
        verbose_name_plural = _("barriers")
        ordering = ["gestart_op", "pk"]
        constraints = [
            models.CheckConstraint(name="barriere_afgerond_na_start",
                                   condition=Q(afgerond_op__isnull=True) | Q(afgerond_op__gte=F("gestart_op"))),
        ]

    def __str__(self):
        return f"{self.domein} · {self.get_instrument_display()}"

    def audit_scope(self):
        return self.casus.audit_scope()


class BarriereActie(models.Model):
    """An action of the case (type bestuurlijk) that works on this barrier."""

    barriere = models.ForeignKey(Barriere, on_delete=models.CASCADE, related_name="koppelingen")
    actie = models.ForeignKey("casusoverleg.Actie", on_delete=models.CASCADE, related_name="+",
                              verbose_name=_("action"))

    class Meta:
        verbose_name = _("action of a barrier")
        verbose_name_plural = _("actions of a barrier")
        constraints = [models.UniqueConstraint(fields=["barriere", "actie"], name="barriereactie_eenmaal")]

    def __str__(self):
        return f"{self.barriere_id} → {self.actie_id}"
