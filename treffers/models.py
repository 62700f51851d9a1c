"""The hit/no-hit index across werkgebieden (issue 19) and the treffers it finds.

- ``IndexRegel``: one row per kind of identifier of a submitted signal: the keyed hash (``normalisatie``), the
  record and its gemeente (its werkgebied). Never a raw value; never a draft. It goes when the record goes.
- ``Treffer``: a pair of signals whose hashes of one or more kinds are equal. Across werkgebieden it is shown to the
  ketenregisseurs of both sides without anything of the other record; inside one werkgebied it is a possible
  duplicate. It remembers who submitted the record that triggered it (probing is visible).
- ``TrefferHistorie``: the treffer's own timeline (found, status changes), append-only; shown on the signal's page
  to the ketenregisseur of its werkgebied.
"""
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import normalisatie


class Soort(models.TextChoices):
    KVK = normalisatie.KVK, _("KvK number")
    ADRES = normalisatie.ADRES, _("address")
    NAAM = normalisatie.NAAM, _("business name")


class IndexRegel(models.Model):
    signaal = models.ForeignKey("signalen.Signaal", on_delete=models.CASCADE, related_name="+")
    gemeente = models.ForeignKey("tafels.Gemeente", on_delete=models.PROTECT, related_name="+")
    soort = models.CharField(max_length=10, choices=Soort.choices)
    waarde = models.CharField(max_length=64)  # HMAC-SHA256, hex

    class Meta:
        constraints = [models.UniqueConstraint(fields=["signaal", "soort"], name="indexregel_een_per_soort")]
        # The check on submit looks up each hash of the new signal: an index scan on (soort, waarde).
        indexes = [models.Index(fields=["soort", "waarde"], name="indexregel_hash_idx")]

    def __str__(self):
        return f"{self.signaal_id} {self.soort}"


class Status(models.TextChoices):
    OPEN = "open", _("open")
    CONTACT = "contact_opgenomen", _("contact made")
    GEDEELD = "gedeeld", _("shared")
    GEEN_VERBAND = "geen_verband", _("no connection")


class Treffer(models.Model):
    """Always ``signaal_a_id < signaal_b_id``; the gemeenten are copied so that a werkgebied finds its treffers by an
    index on them (a submitted signal's gemeente does not change)."""

    signaal_a = models.ForeignKey("signalen.Signaal", on_delete=models.CASCADE, related_name="+")
    signaal_b = models.ForeignKey("signalen.Signaal", on_delete=models.CASCADE, related_name="+")
    gemeente_a = models.ForeignKey("tafels.Gemeente", on_delete=models.PROTECT, related_name="+")
    gemeente_b = models.ForeignKey("tafels.Gemeente", on_delete=models.PROTECT, related_name="+")
    kvk = models.BooleanField(_("KvK number"), default=False)
    adres = models.BooleanField(_("address"), default=False)
    naam = models.BooleanField(_("business name"), default=False)
    # Who submitted (or imported) the record whose submission found the pair: audited and shown to both sides.
    aanleiding_door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    aangemaakt = models.DateTimeField(default=timezone.now, editable=False)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.OPEN)
    reden = models.TextField(_("reason"), blank=True)
    # The side(s) of whoever gave the reason ("a", "b" or "ab"): the reason may say something of their own record, so
    # only their side reads it; the other side sees the status.
    reden_kant = models.CharField(max_length=2, blank=True)
    gewijzigd_door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                       related_name="+")
    gewijzigd_op = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("hit")
        verbose_name_plural = _("hits")
        ordering = ["-aangemaakt", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["signaal_a", "signaal_b"], name="treffer_een_per_paar"),
            models.CheckConstraint(condition=Q(signaal_a__lt=models.F("signaal_b")), name="treffer_paar_geordend"),
        ]
        indexes = [
            # Probing: a user's treffers per day.
            models.Index(fields=["aanleiding_door", "aangemaakt"], name="treffer_aanleiding_idx"),
        ]

    def __str__(self):
        return f"treffer {self.pk}"

    def soorten(self):
        return [soort for soort in Soort if getattr(self, soort.value)]

    def audit_scope(self):
        """The side an audit row belongs to: A, or B while ``services`` logs B's row (``_audit_kant``), so each
        werkgebied's ketenregisseur reads its own rows in the audit log."""
        gemeente = self.gemeente_b if getattr(self, "_audit_kant", "a") == "b" else self.gemeente_a
        return {"gemeente_id": gemeente.pk, "regio_id": gemeente.regio_id}


class Gebeurtenis(models.TextChoices):
    GEVONDEN = "gevonden", _("hit found")
    STATUS = "status", _("status changed")


class TrefferHistorie(models.Model):
    treffer = models.ForeignKey(Treffer, on_delete=models.CASCADE, related_name="historie")
    tijdstip = models.DateTimeField(default=timezone.now, editable=False)
    door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    soort = models.CharField(max_length=20, choices=Gebeurtenis.choices)
    status = models.CharField(max_length=20, choices=Status.choices, blank=True)
    tekst = models.TextField(blank=True)
    kant = models.CharField(max_length=2, blank=True)  # of ``door``, as ``Treffer.reden_kant``: who reads ``tekst``

    class Meta:
        ordering = ["tijdstip", "pk"]

    def __str__(self):
        return f"{self.treffer_id} {self.soort}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValueError("The history of a hit is append-only.")
        super().save(*args, **kwargs)

    def soort_labels(self):
        """For a "found" row: the labels of the kinds it names (``tekst``: "adres, kvk")."""
        codes = [code.strip() for code in self.tekst.split(",")]
        return ", ".join(str(Soort(code).label) for code in codes if code in Soort.values)
