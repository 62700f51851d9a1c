"""Dates with an abbreviated month as Dutch writes them: "23 okt. 2026", not Django's "23 Okt 2026".

``{% load datums %}``, then ``{{ moment|datum:"j M Y" }}`` or ``{{ moment|datum:"j M Y, H:i" }}``: Django's date format
syntax, in which ``M`` is the month abbreviation of the language ("okt.", "mei", "jun."; in English "Oct", "May",
"Jun"). Full month names (``F``) and everything else are Django's own. Like ``|date`` the value is first shown in
local time.
"""
from django import template
from django.utils.dateformat import DateFormat
from django.utils.translation import pgettext_lazy

register = template.Library()

MAANDEN_KORT = {
    1: pgettext_lazy("month abbreviation in a date", "Jan"),
    2: pgettext_lazy("month abbreviation in a date", "Feb"),
    3: pgettext_lazy("month abbreviation in a date", "Mar"),
    4: pgettext_lazy("month abbreviation in a date", "Apr"),
    5: pgettext_lazy("month abbreviation in a date", "May"),
    6: pgettext_lazy("month abbreviation in a date", "Jun"),
    7: pgettext_lazy("month abbreviation in a date", "Jul"),
    8: pgettext_lazy("month abbreviation in a date", "Aug"),
    9: pgettext_lazy("month abbreviation in a date", "Sep"),
    10: pgettext_lazy("month abbreviation in a date", "Oct"),
    11: pgettext_lazy("month abbreviation in a date", "Nov"),
    12: pgettext_lazy("month abbreviation in a date", "Dec"),
}


class _Datum(DateFormat):
    def M(self):  # noqa: N802 (Django's name for the format character)
        return str(MAANDEN_KORT[self.data.month])


@register.filter(expects_localtime=True, is_safe=False)
def datum(waarde, opmaak="j M Y"):
    if waarde in (None, ""):
        return ""
    try:
        return _Datum(waarde).format(opmaak)
    except AttributeError:
        return ""
