"""Regions (police units), districts, municipalities and the standing tables of the chain.

Reference data (Regio, Gemeente) is loaded from ``tafels/data`` by ``manage.py load_reference_data``;
see ``tafels/data/SOURCES.md`` for where it comes from.
"""
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase

# CBS names carry a province suffix where two municipalities share a name: "Hengelo (O.)".
_CBS_SUFFIX = re.compile(r"\s*\([A-Z]{1,3}\.\)$")


def plain_gemeente_name(cbs_name):
    """The name people use: "Hengelo (O.)" -> "Hengelo"."""
    return _CBS_SUFFIX.sub("", cbs_name).strip()


# The board a werkgebied's quarterly report is for ("voor het <name>"), as a new district or region starts out; the
# beheerder sets its own in Beheer. A name of the board itself, in Dutch: data, not a translated text.
DISTRICT_OVERLEG = "districtelijk veiligheidsoverleg (DVO)"
REGIO_OVERLEG = "regionaal bestuurlijk overleg (RBO)"


def bestuurlijk_overleg_veld(default):
    return models.CharField(
        _("administrative board"), max_length=150, default=default,
        help_text=_("The name of the board the quarterly report is for, as it reads after “voor het”, with its "
                    "abbreviation: e.g. “districtelijk veiligheidsoverleg (DVO)” or “regionaal bestuurlijk overleg "
                    "(RBO)”. The report, its pages and the start page use this name."),
    )


class Regio(models.Model):
    """One of the ten regional police units, with its RIEC."""

    naam = models.CharField(_("name"), max_length=100, unique=True)
    code = models.CharField(
        _("code"), max_length=4, unique=True, help_text=_("Short code used in case codes, e.g. MN.")
    )
    riec = models.CharField(_("RIEC"), max_length=100)
    bestuurlijk_overleg = bestuurlijk_overleg_veld(REGIO_OVERLEG)

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["naam"]

    def __str__(self):
        return self.naam


class Gemeente(models.Model):
    """A municipality, looked up by its CBS code (GM0153)."""

    cbs_code = models.CharField(_("CBS code"), max_length=6, unique=True)
    cbs_naam = models.CharField(_("CBS name"), max_length=100)
    naam = models.CharField(_("name"), max_length=100, db_index=True)
    provincie = models.CharField(_("province"), max_length=50)
    regio = models.ForeignKey(Regio, on_delete=models.PROTECT, related_name="gemeenten", verbose_name=_("region"))
    veiligheidsregio = models.CharField(_("safety region"), max_length=100)

    class Meta:
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        ordering = ["naam", "cbs_code"]

    def __str__(self):
        return self.naam


class District(models.Model):
    """A named set of municipalities inside a region (e.g. Twente)."""

    naam = models.CharField(_("name"), max_length=100, unique=True)
    code = models.CharField(_("code"), max_length=4, unique=True, help_text=_("Short code used in case codes, e.g. TW."))
    regio = models.ForeignKey(Regio, on_delete=models.PROTECT, related_name="districten", verbose_name=_("region"))
    gemeenten = models.ManyToManyField(Gemeente, related_name="districten", verbose_name=_("municipalities"))
    bestuurlijk_overleg = bestuurlijk_overleg_veld(DISTRICT_OVERLEG)

    class Meta:
        verbose_name = _("district")
        verbose_name_plural = _("districts")
        ordering = ["naam"]

    def __str__(self):
        return self.naam


class TafelSoort(models.TextChoices):
    REGIONALE_TAFEL_MENSENHANDEL = "regionale_tafel_mensenhandel", _("Regional table on human trafficking")
    CASUSOVERLEG_MENSENHANDEL = "casusoverleg_mensenhandel", _("Case meeting on human trafficking")
    REGIONALE_TAFEL_FRAUDEBESTRIJDING = "regionale_tafel_fraudebestrijding", _("Regional table on fraud")
    REGIEGROEP_PROSTITUTIE = "regiegroep_prostitutie", _("Prostitution steering group")
    OVERIG = "overig", _("Other")


class Tafel(models.Model):
    """A standing consultation structure of a region or district, with its members and rhythm."""

    naam = models.CharField(_("name"), max_length=150, unique=True)
    soort = models.CharField(_("kind"), max_length=40, choices=TafelSoort.choices)
    regio = models.ForeignKey(
        Regio, on_delete=models.PROTECT, null=True, blank=True, related_name="tafels", verbose_name=_("region")
    )
    district = models.ForeignKey(
        District, on_delete=models.PROTECT, null=True, blank=True, related_name="tafels", verbose_name=_("district")
    )
    voorzitter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="voorgezeten_tafels",
        verbose_name=_("chair"),
        help_text=_("The chair (bestuurlijk trekker) of the table and its meetings."),
    )
    vergaderingen_per_jaar = models.PositiveSmallIntegerField(
        _("meetings per year"), default=4, help_text=_("The regular rhythm; extra meetings can be held when needed.")
    )
    organisaties = models.ManyToManyField(
        "partners.Organisatie", through="TafelLid", related_name="tafels", verbose_name=_("member organisations")
    )

    class Meta:
        verbose_name = _("table")
        verbose_name_plural = _("tables")
        ordering = ["naam"]
        constraints = [
            models.CheckConstraint(
                name="tafel_regio_xor_district",
                condition=(Q(regio__isnull=False, district__isnull=True) | Q(regio__isnull=True, district__isnull=False)),
                violation_error_message=_("A table belongs to either a region or a district."),
            )
        ]

    def __str__(self):
        return self.naam

    @property
    def werkgebied(self):
        return self.district or self.regio

    def audit_scope(self):
        if self.district_id:
            return {"district_id": self.district_id, "regio_id": self.district.regio_id}
        return {"regio_id": self.regio_id}


class TafelLidSoort(models.TextChoices):
    """How a member organisation takes part in the meetings of a table (issue 21).

    A full standing member sees every item of the meetings (its coordinators and partners see the case items, as
    ``casusoverleg.selectors`` says). A standing member for the general items only sees the general and theme items
    of every meeting and a case item only when it is invited for that item (and accepted the meeting's
    confidentiality declaration), like any invitee: in Twente the chair of the regiegroep prostitutie, who sits in the
    casusoverleg on behalf of all Twente gemeenten (seed 001).
    """

    VOLLEDIG = "volledig", _("standing member")
    ALLEEN_UITGENODIGD = "alleen_uitgenodigd", _("standing member, only the case items it is invited for")


class TafelLid(models.Model):
    """A member organisation of a table and who takes part for it: a person or a functional mailbox.

    Invitations and reminders go to this person or mailbox, never to a whole organisation.
    """

    tafel = models.ForeignKey(Tafel, on_delete=models.CASCADE, related_name="leden", verbose_name=_("table"))
    organisatie = models.ForeignKey(
        "partners.Organisatie", on_delete=models.PROTECT, related_name="tafellidmaatschappen",
        verbose_name=_("organisation"),
    )
    deelnemer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="tafellidmaatschappen", verbose_name=_("participant"),
    )
    mailbox = models.EmailField(_("functional mailbox"), blank=True)
    soort = models.CharField(
        _("kind of membership"), max_length=20, choices=TafelLidSoort.choices, default=TafelLidSoort.VOLLEDIG,
        help_text=_("A standing member for the general items only sees the general and theme items of every meeting, "
                    "and a case item only when invited for it."),
    )

    class Meta:
        verbose_name = _("table member")
        verbose_name_plural = _("table members")
        ordering = ["tafel", "organisatie__naam"]
        constraints = [
            models.UniqueConstraint(fields=["tafel", "organisatie"], name="tafellid_once_per_organisatie"),
            models.CheckConstraint(
                name="tafellid_person_xor_mailbox",
                condition=(Q(deelnemer__isnull=False, mailbox="") | Q(deelnemer__isnull=True) & ~Q(mailbox="")),
                violation_error_message=_("Name either a participant or a functional mailbox."),
            ),
        ]

    def __str__(self):
        return f"{self.organisatie} @ {self.tafel}"

    def clean(self):
        super().clean()
        # The person who takes part for an organisation is a member of that organisation.
        if self.deelnemer_id and self.organisatie_id and self.deelnemer.organisatie_id != self.organisatie_id:
            raise ValidationError({
                "deelnemer": ValidationError(
                    _("The participant must be a member of the organisation %(organisatie)s."),
                    code="deelnemer_organisatie",
                    params={"organisatie": self.organisatie},
                )
            })

    @property
    def contact(self):
        """Where invitations for this member go."""
        return self.deelnemer.email if self.deelnemer_id else self.mailbox


class TafelUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(Tafel, on_delete=models.CASCADE)


class TafelGroupObjectPermission(GroupObjectPermissionBase):
    """Explicit grants of a table to an organisation's group (e.g. a guest organisation)."""

    content_object = models.ForeignKey(Tafel, on_delete=models.CASCADE)
