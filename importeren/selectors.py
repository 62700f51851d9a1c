"""Who sees which import file: only the ketenregisseur who uploaded it, while they are one (and in the werkgebied
it was uploaded for). Everyone else: 404."""
from mensenhandel.access.registry import register_selector
from mensenhandel.core.rollen import Rol

from .models import Importbestand, ImportStatus


def importbestanden_visible_for(user):
    if not getattr(user, "is_authenticated", False) or not user.is_active or user.rol != Rol.KETENREGISSEUR:
        return Importbestand.objects.none()
    if user.werkgebied_district_id:
        gebied = {"district_id": user.werkgebied_district_id}
    elif user.werkgebied_regio_id:
        gebied = {"district__isnull": True, "regio_id": user.werkgebied_regio_id}
    else:
        return Importbestand.objects.none()
    return Importbestand.objects.filter(door=user, **gebied)


register_selector(Importbestand, importbestanden_visible_for)


def wachtend(user):
    """The user's upload waiting to be imported, if any."""
    return importbestanden_visible_for(user).filter(status=ImportStatus.GECONTROLEERD).first()


def eerdere_imports(user, aantal=10):
    """The imports of the user's werkgebied that ran (by anyone of it), newest first."""
    from .models import Importbestand as I

    if not getattr(user, "is_authenticated", False) or user.rol != Rol.KETENREGISSEUR:
        return I.objects.none()
    if user.werkgebied_district_id:
        gebied = {"district_id": user.werkgebied_district_id}
    else:
        gebied = {"district__isnull": True, "regio_id": user.werkgebied_regio_id}
    return (I.objects.filter(status=ImportStatus.GEIMPORTEERD, **gebied).select_related("door")
            .order_by("-geimporteerd_op", "-pk")[:aantal])
