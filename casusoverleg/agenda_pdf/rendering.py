"""The agenda PDF of one recipient: the template ``casusoverleg/pdf/agenda.html`` rendered by the platform's
``html_to_pdf``, with the running header and footer of a meeting's documents (``pagina_css``, also the decision
list's)."""
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from mensenhandel.core.pdf import css_string, html_to_pdf

from .verzendlijst import deelnemers


def pagina_css(overleg, gemaakt_op, kop=None):
    """Running header and footer of every page: the table and date, 'Vertrouwelijk', page X of Y, when made.
    ``kop`` replaces the header text (the decision list names itself there)."""
    begint = timezone.localtime(overleg.begint)
    if kop is None:
        kop = _("%(tafel)s · agenda of %(datum)s") % {"tafel": overleg.tafel.naam,
                                                      "datum": formats.date_format(begint, "j F Y")}
    gemaakt = timezone.localtime(gemaakt_op)
    voet = _("Made on %(datum)s at %(tijd)s") % {"datum": formats.date_format(gemaakt, "j F Y"),
                                                  "tijd": formats.time_format(gemaakt, "H:i")}
    vertrouwelijk = _("Confidential").upper()
    pagina = _("page")
    van = _("of")
    return (
        "@page {"
        f" @top-left {{ content: {css_string(kop)}; }}"
        f" @top-right {{ content: {css_string(vertrouwelijk)}; }}"
        f" @bottom-left {{ content: {css_string(voet)}; }}"
        f" @bottom-right {{ content: {css_string(pagina)} ' ' counter(page) ' ' {css_string(van)} ' ' counter(pages); }}"
        " }"
    )


def render(overleg, ontvanger, *, staand=None, gemaakt_op=None):
    """The PDF (bytes) of the agenda for one recipient, in Dutch."""
    gemaakt_op = gemaakt_op or timezone.now()
    staand = deelnemers(overleg) if staand is None else staand
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "overleg": overleg,
            "tafel": overleg.tafel,
            "ontvanger": ontvanger,
            "punten": ontvanger.punten,
            "deelnemers": staand,
            "gemaakt_op": gemaakt_op,
            "vandaag": timezone.localdate(),
        }
        html = render_to_string("casusoverleg/pdf/agenda.html", context)
        return html_to_pdf(html, extra_css=pagina_css(overleg, gemaakt_op))
