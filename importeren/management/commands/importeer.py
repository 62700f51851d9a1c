"""``manage.py importeer {signalen,casussen,acties} FILE --werkgebied CODE [--dry-run] [--door EMAIL]``

The import of issue 20 from the command line, for the beheerder at go-live: the same check and the same preview as
the page (per row valid, imported before or why not), and the import only when every row is valid, in one
transaction. ``--werkgebied`` is the code of a district (TW) or a region (ON); the records are imported on behalf of
a ketenregisseur of that werkgebied (``--door``, or the first active one), who owns the cases and is named in the
timeline ("Geïmporteerd op … door …"). ``--dry-run`` only checks.
"""
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from importeren import services
from importeren.models import Soort
from partners.models import Rol
from tafels.models import District, Regio


def preview_regels(uitkomst, *, alle=False):
    """The preview as lines of text: the counts, problems with the file, and the rows with a problem."""
    regels = [
        _("Rows: %(rows)s; new: %(new)s; imported before (skipped): %(old)s; with a problem: %(bad)s.") % {
            "rows": uitkomst.aantal_rijen, "new": uitkomst.aantal_nieuw, "old": uitkomst.aantal_bestaand,
            "bad": uitkomst.aantal_fout},
    ]
    regels.extend(str(f) for f in uitkomst.bestandsfouten)
    regels.extend(str(m) for m in uitkomst.meldingen)
    if uitkomst.onbekende_kolommen:
        regels.append(_("These columns are not used by the import:") + " "
                      + ", ".join(f"“{k}”" for k in uitkomst.onbekende_kolommen))
    for nummer, kenmerk, _kort, fouten, bestaand in uitkomst.rijen:
        if fouten:
            regels.append(_("Row %(row)s (%(key)s): %(problems)s") % {
                "row": nummer, "key": kenmerk or "–", "problems": " ".join(fouten)})
        elif alle:
            regels.append(_("Row %(row)s (%(key)s): %(result)s") % {
                "row": nummer, "key": kenmerk or "–",
                "result": _("Imported before: skipped") if bestaand else _("Valid: new")})
    return regels


class Command(BaseCommand):
    help = "Import signals, cases or actions from an XLSX or CSV file for a werkgebied (issue 20)."

    def add_arguments(self, parser):
        parser.add_argument("soort", choices=[s.value for s in Soort])
        parser.add_argument("bestand")
        parser.add_argument("--werkgebied", required=True, help="Code of the district (TW) or region.")
        parser.add_argument("--dry-run", action="store_true", help="Only check and show the preview.")
        parser.add_argument("--door", help="E-mail of the ketenregisseur on whose behalf the import runs.")
        parser.add_argument("--alle-rijen", action="store_true", help="Also list the valid rows in the preview.")

    def _werkgebied(self, code):
        werkgebied = District.objects.filter(code__iexact=code).first() or Regio.objects.filter(code__iexact=code).first()
        if werkgebied is None:
            raise CommandError(_("No district or region with code %(code)s.") % {"code": code})
        return werkgebied

    def _door(self, werkgebied, email):
        veld = "werkgebied_district" if isinstance(werkgebied, District) else "werkgebied_regio"
        kandidaten = get_user_model().objects.filter(rol=Rol.KETENREGISSEUR, is_active=True, **{veld: werkgebied})
        if email:
            kandidaten = kandidaten.filter(email__iexact=email)
        door = kandidaten.select_related("organisatie").order_by("pk").first()
        if door is None:
            raise CommandError(_("%(area)s has no active chain director to import on behalf of.") % {
                "area": werkgebied})
        return door

    def handle(self, *args, soort, bestand, werkgebied, dry_run, door, alle_rijen, **options):
        translation.activate(settings.LANGUAGE_CODE)
        pad = Path(bestand)
        if not pad.is_file():
            raise CommandError(_("File %(file)s does not exist.") % {"file": bestand})
        gebied = self._werkgebied(werkgebied)
        gebruiker = self._door(gebied, door)
        try:
            uitkomst = services.importeer_pad(soort, gebied, pad, gebruiker, bestandsnaam=pad.name, dry_run=dry_run)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        except PermissionDenied:
            raise CommandError(_("%(user)s may not import for %(area)s.") % {"user": gebruiker.email, "area": gebied}) \
                from None
        for regel in preview_regels(uitkomst, alle=alle_rijen):
            self.stdout.write(regel)
        if not uitkomst.is_geldig:
            raise CommandError(_("Nothing was imported: not every row is valid."))
        if dry_run:
            self.stdout.write(_("Dry run: nothing was imported."))
        else:
            self.stdout.write(self.style.SUCCESS(
                _("Imported: %(new)s; skipped (imported before): %(old)s.") % {
                    "new": uitkomst.aantal_nieuw, "old": uitkomst.aantal_bestaand}))
