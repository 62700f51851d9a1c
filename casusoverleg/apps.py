from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasusoverlegConfig(AppConfig):
    name = "casusoverleg"
    verbose_name = _("Case meetings")
