"""The roles a user can have. They live in the platform because the platform decides by role too (the admin, the
navigation, the start page, the audit log) and imports no app; ``partners.models`` re-exports them for the user."""
from django.db import models
from django.utils.translation import gettext_lazy as _


class Rol(models.TextChoices):
    KETENREGISSEUR = "ketenregisseur", _("Chain director")
    COORDINATOR = "coordinator", _("Municipal coordinator")
    PARTNER = "partner", _("Partner")
    PORTEFEUILLEHOUDER = "portefeuillehouder", _("Portfolio holder")
    BEHEERDER = "beheerder", _("Administrator")


# Roles that work for an area (a district or a region) rather than only for their organisation.
ROLLEN_MET_WERKGEBIED = (Rol.KETENREGISSEUR, Rol.PORTEFEUILLEHOUDER)
