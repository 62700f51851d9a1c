"""An uploaded import file while it waits for its preview to be read and the import to run (issue 20).

The file itself lies in the protected store (``importeren.opslag.MAP``) under a random name; the row names it, who
uploaded it, for which werkgebied and which kind of records, and the outcome of the check (the preview). Once the
import has run, the file is removed and the row keeps only the counts: the record of what was imported when.
"""
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Soort(models.TextChoices):
    SIGNALEN = "signalen", _("signals")
    CASUSSEN = "casussen", _("cases")
    ACTIES = "acties", _("actions")


class ImportStatus(models.TextChoices):
    GECONTROLEERD = "gecontroleerd", _("checked, waiting")
    GEIMPORTEERD = "geimporteerd", _("imported")


class Importbestand(models.Model):
    soort = models.CharField(_("kind of records"), max_length=20, choices=Soort.choices)
    status = models.CharField(_("status"), max_length=20, choices=ImportStatus.choices,
                              default=ImportStatus.GECONTROLEERD)
    district = models.ForeignKey("tafels.District", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    regio = models.ForeignKey("tafels.Regio", on_delete=models.PROTECT, related_name="+")
    bestandsnaam = models.CharField(_("file name"), max_length=200)
    # Empty once the file is removed (after the import).
    opslagnaam = models.CharField(max_length=80, blank=True, editable=False)
    grootte = models.PositiveIntegerField(_("size"), editable=False)
    sha256 = models.CharField(max_length=64, editable=False)
    door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    geupload_op = models.DateTimeField(default=timezone.now, editable=False)
    geimporteerd_op = models.DateTimeField(null=True, blank=True, editable=False)
    # The counts of the check, and after the import of what was imported.
    aantal_rijen = models.PositiveIntegerField(default=0)
    aantal_nieuw = models.PositiveIntegerField(default=0)
    aantal_bestaand = models.PositiveIntegerField(default=0)
    aantal_fout = models.PositiveIntegerField(default=0)
    # The preview: problems with the file as a whole, and per row [row number, key, summary, problems]. Cleared after
    # the import.
    bestandsfouten = models.JSONField(default=list, blank=True)
    rijen = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("import file")
        verbose_name_plural = _("import files")
        ordering = ["-geupload_op", "-pk"]
        indexes = [models.Index(fields=["door", "status"])]

    def __str__(self):
        return self.bestandsnaam

    @property
    def werkgebied(self):
        return self.district or self.regio

    @property
    def is_geldig(self):
        return not self.bestandsfouten and self.aantal_fout == 0 and self.aantal_rijen > 0

    def audit_scope(self):
        scope = {"regio_id": self.regio_id}
        if self.district_id:
            scope["district_id"] = self.district_id
        return scope
