"""Organisations of the chain and their members (the user model).

Every organisation has one Django group, kept in sync here; per-object grants (django-guardian)
go to that group, never to single users. A user belongs to exactly one organisation and has
exactly one role; the role decides what kind of thing they may see and do.
"""
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, Group, PermissionsMixin
from django.db import models, transaction
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_otp.models import Device

from mensenhandel.core.rollen import ROLLEN_MET_WERKGEBIED, Rol  # the roles live in the platform; named here too


class OrganisatieSoort(models.TextChoices):
    GEMEENTE = "gemeente", _("Municipality")
    POLITIE = "politie", _("Police")
    OM = "om", _("Public prosecutor (OM)")
    NLA = "nla", _("Labour inspectorate (NLA)")
    KMAR = "kmar", _("Royal Marechaussee (KMar)")
    BELASTINGDIENST = "belastingdienst", _("Tax office / FIOD")
    RIEC = "riec", _("RIEC")
    COMENSHA = "comensha", _("CoMensha")
    ZORGCOORDINATOR = "zorgcoordinator", _("Care coordinator")
    GGD = "ggd", _("GGD")
    ZORG_EN_VEILIGHEIDSHUIS = "zorg_en_veiligheidshuis", _("Zorg- en Veiligheidshuis")
    RECLASSERING = "reclassering", _("Probation service")
    FUNCTIONEEL_BEHEER = "functioneel_beheer", _("Functional administration")
    OVERIG = "overig", _("Other")


class Organisatie(models.Model):
    naam = models.CharField(_("name"), max_length=150, unique=True)
    soort = models.CharField(_("type"), max_length=30, choices=OrganisatieSoort.choices)
    regio = models.ForeignKey(
        "tafels.Regio", on_delete=models.PROTECT, null=True, blank=True, related_name="organisaties",
        verbose_name=_("region"), help_text=_("The region it acts for, if any."),
    )
    district = models.ForeignKey(
        "tafels.District", on_delete=models.PROTECT, null=True, blank=True, related_name="organisaties",
        verbose_name=_("district"), help_text=_("The district it acts for, if any."),
    )
    gemeente = models.ForeignKey(
        "tafels.Gemeente", on_delete=models.PROTECT, null=True, blank=True, related_name="organisaties",
        verbose_name=_("municipality"), help_text=_("The municipality it acts for, if any."),
    )
    email = models.EmailField(_("general e-mail address"), blank=True)
    telefoon = models.CharField(_("telephone"), max_length=30, blank=True)
    group = models.OneToOneField(
        Group, on_delete=models.PROTECT, null=True, blank=True, editable=False, related_name="organisatie"
    )

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["naam"]

    def __str__(self):
        return self.naam

    def save(self, *args, **kwargs):
        with transaction.atomic():
            super().save(*args, **kwargs)
            self._sync_group()

    def delete(self, *args, **kwargs):
        with transaction.atomic():
            group = self.group
            result = super().delete(*args, **kwargs)
            if group is not None:
                group.delete()
            return result

    def audit_scope(self):
        """The area the organisation acts for, for the audit log."""
        if self.gemeente_id:
            return {"gemeente": self.gemeente, "regio_id": self.gemeente.regio_id}
        if self.district_id:
            return {"district": self.district, "regio_id": self.district.regio_id}
        if self.regio_id:
            return {"regio_id": self.regio_id}
        return {}

    def _sync_group(self):
        """One group per organisation; its name follows the organisation's id, not its (changeable) name."""
        name = f"organisatie-{self.pk}"
        if self.group_id is None:
            group, _created = Group.objects.get_or_create(name=name)
            Organisatie.objects.filter(pk=self.pk).update(group=group)
            self.group = group


class UserManager(BaseUserManager):
    use_in_migrations = True

    def normalize_email(self, email):
        return (email or "").strip().lower()

    def create_user(self, email, password=None, **extra):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email), **extra)
        user.set_password(password)
        user.full_clean(exclude=["password"])
        user.save(using=self._db)
        return user

    def create_superuser(self, email, password=None, **extra):
        """`createsuperuser` makes a beheerder of the functional administration."""
        if "organisatie" not in extra and "organisatie_id" not in extra:
            extra["organisatie"], _created = Organisatie.objects.get_or_create(
                naam="Functioneel beheer", defaults={"soort": OrganisatieSoort.FUNCTIONEEL_BEHEER}
            )
        extra.setdefault("rol", Rol.BEHEERDER)
        extra.setdefault("naam", "Beheerder")
        return self.create_user(email, password, **extra)

    def get_by_natural_key(self, username):
        return self.get(email__iexact=username)


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField(_("e-mail address"), unique=True)
    naam = models.CharField(_("name"), max_length=150)
    organisatie = models.ForeignKey(
        Organisatie, on_delete=models.PROTECT, related_name="leden", verbose_name=_("organisation")
    )
    rol = models.CharField(_("role"), max_length=30, choices=Rol.choices)
    werkgebied_district = models.ForeignKey(
        "tafels.District", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("work area (district)"),
    )
    werkgebied_regio = models.ForeignKey(
        "tafels.Regio", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("work area (region)"),
    )
    is_active = models.BooleanField(_("active"), default=True)
    # Raised to end every session of the user at once ("log out everywhere", deactivation, new password).
    sessie_versie = models.PositiveIntegerField(default=0, editable=False)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["naam"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="user_email_case_insensitive_unique"),
            models.CheckConstraint(
                name="user_werkgebied_matches_rol",
                condition=(
                    Q(rol__in=ROLLEN_MET_WERKGEBIED)
                    & (
                        Q(werkgebied_district__isnull=False, werkgebied_regio__isnull=True)
                        | Q(werkgebied_district__isnull=True, werkgebied_regio__isnull=False)
                    )
                )
                | (~Q(rol__in=ROLLEN_MET_WERKGEBIED) & Q(werkgebied_district__isnull=True, werkgebied_regio__isnull=True)),
                violation_error_message=_(
                    "A chain director or portfolio holder has exactly one work area (a district or a region); "
                    "other roles have none."
                ),
            ),
        ]

    def __str__(self):
        return self.naam or self.email

    def get_full_name(self):
        return self.naam

    def get_short_name(self):
        return self.naam

    @property
    def is_staff(self):
        """Only the beheerder may enter the Django admin."""
        return self.is_active and self.rol == Rol.BEHEERDER

    def audit_scope(self):
        return self.organisatie.audit_scope() if self.organisatie_id else {}

    def get_session_auth_hash(self):
        """Sessions carry this hash; it changes with the password and with ``sessie_versie``."""
        from django.utils.crypto import salted_hmac

        return salted_hmac(
            "partners.User.get_session_auth_hash", f"{self.password}:{self.sessie_versie}", algorithm="sha256"
        ).hexdigest()

    @property
    def werkgebied(self):
        """The District or Regio a ketenregisseur or portefeuillehouder works for, else None."""
        return self.werkgebied_district or self.werkgebied_regio

    def save(self, *args, **kwargs):
        self.email = User.objects.normalize_email(self.email)
        with transaction.atomic():
            super().save(*args, **kwargs)
            # Membership of the organisation's group carries the organisation's object grants.
            groep = Organisatie.objects.filter(pk=self.organisatie_id).values_list("group_id", flat=True).first()
            current = set(self.groups.filter(organisatie__isnull=False).values_list("pk", flat=True))
            if current != {groep}:
                if current:
                    self.groups.remove(*current)
                if groep:
                    self.groups.add(groep)


class AccountLinkSoort(models.TextChoices):
    UITNODIGING = "uitnodiging", _("invitation")
    WACHTWOORD_HERSTEL = "wachtwoord_herstel", _("password reset")


class AccountLink(models.Model):
    """A single-use link sent by e-mail: an invitation (set a password and enrol the second factor)
    or a password reset. Only a hash of the token is stored."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="account_links", verbose_name=_("user"))
    soort = models.CharField(_("kind"), max_length=20, choices=AccountLinkSoort.choices)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    aangemaakt = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    verloopt = models.DateTimeField(_("expires"), editable=False)
    gebruikt = models.DateTimeField(_("used"), null=True, blank=True, editable=False)
    ingetrokken = models.DateTimeField(_("withdrawn"), null=True, blank=True, editable=False)
    aangemaakt_door = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("created by")
    )

    class Meta:
        verbose_name = _("account link")
        verbose_name_plural = _("account links")
        ordering = ["-aangemaakt"]

    def __str__(self):
        return f"{self.get_soort_display()} {self.user}"

    @property
    def bruikbaar(self):
        return self.gebruikt is None and self.ingetrokken is None and self.verloopt > timezone.now()


# The fields of an account that decide what its holder may see: changed only with a second beheerder's approval.
GEVOELIGE_VELDEN = ("email", "organisatie", "rol", "werkgebied_district", "werkgebied_regio")


class VerzoekSoort(models.TextChoices):
    AANMAKEN = "aanmaken", _("new user")
    WIJZIGEN = "wijzigen", _("change")


class VerzoekStatus(models.TextChoices):
    OPEN = "open", _("awaiting approval")
    GOEDGEKEURD = "goedgekeurd", _("approved")
    AFGEWEZEN = "afgewezen", _("rejected")
    INGETROKKEN = "ingetrokken", _("withdrawn")


class Wijzigingsverzoek(models.Model):
    """A new user, or a change of who a user is or what they may see, that waits for a second beheerder (vier-ogen).

    Holds the requested values of the sensitive fields (``GEVOELIGE_VELDEN``) and the name; nothing takes
    effect until another beheerder than the requester, and not the user it is about, approves it
    (``partners.services.approve``).
    """

    soort = models.CharField(_("kind"), max_length=10, choices=VerzoekSoort.choices, editable=False)
    status = models.CharField(
        _("status"), max_length=12, choices=VerzoekStatus.choices, default=VerzoekStatus.OPEN, editable=False
    )
    user = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="wijzigingsverzoeken", editable=False,
        verbose_name=_("user"),
    )
    # The requested values.
    email = models.EmailField(_("e-mail address"))
    naam = models.CharField(_("name"), max_length=150)
    organisatie = models.ForeignKey(
        Organisatie, on_delete=models.PROTECT, related_name="+", verbose_name=_("organisation")
    )
    rol = models.CharField(_("role"), max_length=30, choices=Rol.choices)
    werkgebied_district = models.ForeignKey(
        "tafels.District", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("work area (district)"),
    )
    werkgebied_regio = models.ForeignKey(
        "tafels.Regio", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("work area (region)"),
    )
    # The address before the change, so a re-invitation can also tell the old address.
    vorig_email = models.EmailField(_("previous e-mail address"), blank=True, editable=False)
    # The values before a change, so the request keeps saying what it changed after it was decided.
    vorige_organisatie = models.ForeignKey(
        Organisatie, on_delete=models.PROTECT, null=True, blank=True, related_name="+", editable=False,
        verbose_name=_("previous organisation"),
    )
    vorige_rol = models.CharField(_("previous role"), max_length=30, choices=Rol.choices, blank=True, editable=False)
    vorig_werkgebied_district = models.ForeignKey(
        "tafels.District", on_delete=models.PROTECT, null=True, blank=True, related_name="+", editable=False,
        verbose_name=_("previous work area (district)"),
    )
    vorig_werkgebied_regio = models.ForeignKey(
        "tafels.Regio", on_delete=models.PROTECT, null=True, blank=True, related_name="+", editable=False,
        verbose_name=_("previous work area (region)"),
    )
    aangevraagd_door = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", editable=False, verbose_name=_("requested by")
    )
    aangevraagd_op = models.DateTimeField(_("requested on"), default=timezone.now, editable=False)
    beoordeeld_door = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+", editable=False,
        verbose_name=_("decided by"),
    )
    beoordeeld_op = models.DateTimeField(_("decided on"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("account change awaiting approval")
        verbose_name_plural = _("account changes (four-eyes)")
        ordering = ["-aangevraagd_op", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"], condition=Q(status="open", user__isnull=False), name="verzoek_een_open_per_gebruiker"
            ),
            models.UniqueConstraint(
                Lower("email"), condition=Q(status="open", soort="aanmaken"), name="verzoek_een_open_aanmaak_per_email"
            ),
            models.CheckConstraint(
                name="verzoek_wijzigen_heeft_gebruiker",
                condition=Q(soort="aanmaken") | Q(user__isnull=False),
            ),
        ]
        indexes = [models.Index(fields=["status", "-aangevraagd_op"], name="verzoek_status_idx")]

    def __str__(self):
        if self.soort == VerzoekSoort.AANMAKEN:
            return _("New user %(email)s") % {"email": self.email}
        return _("Change of %(user)s") % {"user": self.user}

    @property
    def werkgebied(self):
        return self.werkgebied_district or self.werkgebied_regio

    def vorige(self):
        """The values before the change, as an unsaved user (to read them like a user)."""
        return User(
            email=self.vorig_email, organisatie=self.vorige_organisatie, rol=self.vorige_rol,
            werkgebied_district=self.vorig_werkgebied_district, werkgebied_regio=self.vorig_werkgebied_regio,
        )

    def wijzigingen(self):
        """``(field, label, old, new)`` per requested field that changes; old is None for a new user."""
        result = []
        vorige = self.vorige() if self.soort == VerzoekSoort.WIJZIGEN else None
        for veld in WEERGAVE_VELDEN:
            label = _("work area") if veld == "werkgebied" else self._meta.get_field(veld).verbose_name
            nieuw = weergave(self, veld)
            if vorige is None:
                if nieuw != "—":
                    result.append((veld, label, None, nieuw))
            elif weergave(vorige, veld) != nieuw:
                result.append((veld, label, weergave(vorige, veld), nieuw))
        return result


# The sensitive fields as a person reads them: the two work-area fields are one "work area".
WEERGAVE_VELDEN = ("email", "organisatie", "rol", "werkgebied")


def weergave(obj, veld):
    """How a user's (or request's) field reads in the admin: "—" when empty."""
    if veld == "werkgebied":
        waarde = obj.werkgebied
    elif veld == "rol":
        waarde = obj.get_rol_display() if obj.rol else ""
    elif veld == "organisatie":
        waarde = obj.organisatie if obj.organisatie_id else None
    else:
        waarde = getattr(obj, veld)
    return str(waarde) if waarde else "—"


class OidcKoppeling(Device):
    """An account's identity at an organisation's OpenID provider (issue 22): issuer and ``sub``.

    Made at the first OIDC log-in, which finds the invited account by e-mail address within the organisations and
    domains the provider is bound to; from then on the account is found by issuer and ``sub`` only, never by e-mail
    again. A django-otp device, so that a log-in whose second factor the provider itself vouched for (its ``acr`` or
    ``amr``) counts as verified (``django_otp.login``), just as a code from the authenticator app does.
    """

    issuer = models.CharField(_("issuer"), max_length=255, editable=False)
    sub = models.CharField(_("subject (sub)"), max_length=255, editable=False)
    gekoppeld_op = models.DateTimeField(_("linked on"), default=timezone.now, editable=False)
    laatst_gebruikt = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("log-in with an organisation account")
        verbose_name_plural = _("log-ins with an organisation account")
        ordering = ["-gekoppeld_op"]
        constraints = [
            models.UniqueConstraint(fields=["issuer", "sub"], name="oidc_koppeling_issuer_sub_uniek"),
            models.UniqueConstraint(fields=["user", "issuer"], name="oidc_koppeling_een_per_issuer"),
        ]

    def __str__(self):
        return f"{self.issuer} ({self.user})"

    def verify_token(self, token):
        """Nobody types a code for this device: only the provider's own log-in verifies it."""
        return False
