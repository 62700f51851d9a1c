from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


class EmailBackend(ModelBackend):
    """Log in by e-mail address, case-insensitively. Inactive accounts cannot log in."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        email = (username or kwargs.get("email") or "").strip()
        if not email or password is None:
            return None
        User = get_user_model()
        user = User.objects.filter(email__iexact=email).select_related("organisatie").first()
        if user is None:
            # Spend the same time as for a real account, so timing does not reveal who exists.
            User().set_password(password)
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None

    def get_user(self, user_id):
        """The user of a session, with the organisation and werkgebied every page asks about (one query, not three:
        issue 14)."""
        User = get_user_model()
        try:
            user = User._default_manager.select_related(
                "organisatie", "werkgebied_district", "werkgebied_regio").get(pk=user_id)
        except User.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
