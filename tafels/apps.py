from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TafelsConfig(AppConfig):
    name = "tafels"
    verbose_name = _("Regions and tables")
