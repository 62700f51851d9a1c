"""Attachments of a signal: checked by content, cleaned, stored outside the web root.

``add(signaal, uploaded_file, user)`` is the one way in; ``remove`` takes one off a draft and ``open`` reads one back.
What a file is and whether it may be added is the platform's upload check (``mensenhandel.core.uploads.controleer``:
PDF, JPEG, PNG, DOCX and ODT by their content, active content and content loaded from outside refused, images
re-encoded without their metadata), the same check an action's attachment (``casusoverleg.services.acties``) goes
through. A signal has at most ``MAX_PER_SIGNAAL`` attachments. A stored file gets a random name under
``settings.PROTECTED_FILES_ROOT / "bijlagen"`` and is served only by ``signalen.views.bijlagen.download`` after the
access check.
"""
import hashlib
import secrets

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mensenhandel import audit
from mensenhandel.audit.models import AuditActie
from mensenhandel.core import beschermd, uploads
from mensenhandel.core.uploads import controleer, naam_voor_melding, refuse

from .models import Bijlage, Gebeurtenis, Signaal, SignaalHistorie, Status

MAX_PER_SIGNAAL = 5
# For the form's <input type="file" accept="...">: a hint for the file picker only; the content decides.
ALLOWED_ACCEPT = uploads.ALLOWED_ACCEPT


class M(uploads.M):
    """Why a file is refused: the upload check's messages (``mensenhandel.core.uploads.M``) and the signal's own."""

    TE_VEEL = _("A signal can have at most %(max)s attachments; “%(name)s” was not added. Remove an attachment first.")


# --- storing ---------------------------------------------------------------------------------


MAP = beschermd.Map("bijlagen", r"[0-9a-f]{32,64}\.[a-z]{3,4}", model="signalen.Bijlage")


def _map():
    return MAP.pad_map


def pad(bijlage):
    """Where the file of ``bijlage`` is on disk. The stored name is ours (hex + extension), never the user's."""
    return MAP.pad(bijlage.opslagnaam)


_schrijf = beschermd.schrijf


def _mag_bewerken(signaal, user):
    if signaal.status != Status.CONCEPT or signaal.ingediend_door_id != getattr(user, "pk", None):
        raise PermissionDenied


def add(signaal, uploaded_file, user):
    """Check, clean and store one attachment of a draft by its author. Raises ValidationError (Dutch
    message naming the file) when the file is refused, PermissionDenied for anyone but the author of a
    draft. Nothing is stored when it is refused or when the database write fails."""
    _mag_bewerken(signaal, user)
    naam_ruw = naam_voor_melding(getattr(uploaded_file, "name", ""))
    te_veel = M.TE_VEEL
    if signaal.bijlagen.count() >= MAX_PER_SIGNAAL:
        refuse(te_veel, naam_ruw, max=MAX_PER_SIGNAAL)
    weergavenaam, soort, data = controleer(uploaded_file)
    opslagnaam = f"{secrets.token_hex(24)}{soort.extensie}"
    path = _map() / opslagnaam
    geschreven = False
    try:
        with transaction.atomic():
            signaal = Signaal.objects.select_for_update().get(pk=signaal.pk)
            _mag_bewerken(signaal, user)
            if signaal.bijlagen.count() >= MAX_PER_SIGNAAL:
                refuse(te_veel, naam_ruw, max=MAX_PER_SIGNAAL)
            _schrijf(path, data)
            geschreven = True
            bijlage = Bijlage.objects.create(
                signaal=signaal, bestandsnaam=weergavenaam, opslagnaam=opslagnaam, content_type=soort.content_type,
                grootte=len(data), sha256=hashlib.sha256(data).hexdigest(), geupload_door=user,
            )
            # Work on a draft keeps it alive (drafts untouched for 30 days are removed).
            Signaal.objects.filter(pk=signaal.pk).update(gewijzigd=timezone.now())
            SignaalHistorie.objects.create(signaal=signaal, door=user, soort=Gebeurtenis.BIJLAGE,
                                           tekst=weergavenaam, organisatie=getattr(user, "organisatie", None))
            audit.log(user, AuditActie.CREATE, bijlage, omschrijving=f"bijlage bij signaal {signaal.pk} ({soort.label})")
    except BaseException:
        if geschreven:
            path.unlink(missing_ok=True)
        raise
    return bijlage


def remove(bijlage, user):
    """Remove an attachment from a draft (its author only). The file goes once the removal is committed."""
    with transaction.atomic():
        signaal = Signaal.objects.select_for_update().get(pk=bijlage.signaal_id)
        _mag_bewerken(signaal, user)
        bijlage = Bijlage.objects.select_for_update().get(pk=bijlage.pk, signaal=signaal)
        path = pad(bijlage)
        audit.log(user, AuditActie.DELETE, bijlage, omschrijving=f"bijlage bij signaal {signaal.pk}")
        SignaalHistorie.objects.create(
            signaal=signaal, door=user, organisatie=user.organisatie, soort=Gebeurtenis.BIJLAGE_VERWIJDERD,
            tekst=bijlage.bestandsnaam,
        )
        bijlage.delete()
        Signaal.objects.filter(pk=signaal.pk).update(gewijzigd=timezone.now())
        transaction.on_commit(lambda: path.unlink(missing_ok=True))


def open(bijlage):  # noqa: A001  (the contract's name)
    """The stored file, opened for reading in binary mode (FileNotFoundError when it is gone)."""
    return pad(bijlage).open("rb")
