"""The "Barriers" section of a case page (``templates/casusoverleg/casus_detail.html``):
``{% load barrieres %}{% barrieres_sectie casus %}``.

casusoverleg knows nothing of barriers (it is the lower app: the import contracts forbid it to import this one); its
template loads this tag library, which reads the barriers through this app's selectors for the user of the request.
They follow the case: whoever reads the case page reads them (the page's own audit row records that read; the
barrier's page audits its own)."""
from django import template

from .. import selectors

register = template.Library()


@register.inclusion_tag("barrieres/_casus_sectie.html", takes_context=True)
def barrieres_sectie(context, casus):
    user = context["request"].user
    barrieres = list(selectors.barrieres_van_casus(user, casus))
    acties = selectors.acties_per_barriere(user, barrieres)
    return {
        "casus": casus,
        "barrieres": [(b, acties.get(b.pk, [])) for b in barrieres],
        "beheer": selectors.may_manage(user, casus),
    }
