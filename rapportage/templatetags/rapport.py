"""Template helpers of the report (page and PDF alike): a displayed figure with the explanation of a hidden one, and
the cells of a table row with their shares.

``{% load rapport %}``, then ``{{ cel|toon }}`` (a ``suppressie.Cel`` or a displayed text such as a headline figure)
and ``{% for cel, aandeel in rij|cellen %}``.
"""
from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

from rapportage.suppressie import AANVULLEND, KLEIN, NIET_GETOOND, Cel

register = template.Library()


def uitleg(tekst):
    """What a hidden entry means, in words (the title of its <abbr> and the legend), or '' for a number."""
    return {
        KLEIN: _("1 to 4: the exact number is not shown"),
        AANVULLEND: _("not shown, so that a number under 5 cannot be worked out from the others"),
        NIET_GETOOND: _("not shown: fewer than 5 to count from"),
    }.get(tekst, "")


@register.filter
def toon(waarde):
    tekst = waarde.tekst if isinstance(waarde, Cel) else ("" if waarde is None else str(waarde))
    titel = uitleg(tekst)
    if titel:
        soort = {KLEIN: "klein", AANVULLEND: "aanvullend"}.get(tekst, "niet-getoond")
        return format_html('<abbr class="rapport-onderdrukt rapport-onderdrukt--{}" title="{}">{}</abbr>', soort, titel,
                           tekst)
    return tekst


@register.filter
def cellen(rij):
    """``[(cel, aandeel), ...]`` of a ``presentatie.Rij``: the share is None when the table has no shares."""
    aandelen = rij.aandelen or [None] * len(rij.cellen)
    return list(zip(rij.cellen, aandelen, strict=False))


@register.filter
def per_periode(waarden, perioden):
    """``[(Kwartaal, displayed value), ...]``: a headline figure's values with their periods."""
    return list(zip(perioden, waarden, strict=False))


@register.simple_tag
def legenda():
    """The three signs of the report with their meaning: ``[(sign, meaning), ...]``."""
    return [(teken, uitleg(teken)) for teken in (KLEIN, AANVULLEND, NIET_GETOOND)]
