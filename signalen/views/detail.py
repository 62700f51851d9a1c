"""One submitted signal: the detail page with its timeline, the ketenregisseur's decisions,
the submitter's answer to a question, and sharing with other organisations.

Every view starts from ``selectors.signalen_visible_for`` (drafts excluded: a draft is only shown in
its form), so a signal the user may not see answers 404 on every URL; a user who sees it but may not
do the action gets 403.

Who sees what on the page (need to know):
- the ketenregisseur whose werkgebied holds the signal's gemeente (``selectors.may_triage``) sees
  everything: the internal reasons and notes of decisions, the feedback, the decision form, the
  active shares and the sharing page;
- the submitting organisation (its coordinators and partners) sees the signal, the timeline with
  questions, answers and the feedback meant for it, and answers an open question — but not the
  internal reasons and notes of the ketenregisseur (they may hold information it may not have);
- an organisation the signal is shared with (and a ketenregisseur outside the werkgebied who sees it
  through a share) sees the signal and the timeline — who did what and when, questions and answers —
  but neither the internal reasons nor the feedback, which is addressed to the submitter.
"""
from itertools import groupby

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from mensenhandel import audit
from mensenhandel.audit import views as audit_views
from mensenhandel.audit.models import AuditActie
from mensenhandel.core.rollen import Rol

from .. import secties, selectors, services
from ..models import BESLUITEN, Antwoord, Gebeurtenis, Status
from ..triage_forms import AntwoordForm, BesluitForm, DelenForm


def _ingediend(user):
    return selectors.signalen_visible_for(user).exclude(status=Status.CONCEPT)


def _signaal_or_404(request, pk):
    queryset = _ingediend(request.user).select_related(
        "gemeente", "sector", "bron", "organisatie", "ingediend_door"
    )
    return get_object_or_404(queryset, pk=pk)


def is_indiener(user, signaal):
    """A coordinator or partner of the submitting organisation: reads the feedback, answers questions."""
    return user.rol in (Rol.COORDINATOR, Rol.PARTNER) and user.organisatie_id == signaal.organisatie_id


def _detail_url(signaal):
    return reverse("signalen:detail", kwargs={"pk": signaal.pk})


def _indicatoren(signaal):
    """The answered indicators (observed / not observed), grouped per cluster in the form's order."""
    rijen = (
        signaal.indicatoren.exclude(antwoord=Antwoord.ONBEKEND)
        .select_related("indicator__cluster")
        .order_by("indicator__cluster__volgorde", "indicator__cluster__naam", "indicator__volgorde", "indicator__pk")
    )
    return [(cluster, list(items)) for cluster, items in groupby(rijen, key=lambda r: r.indicator.cluster)]


def _open_vraag(signaal):
    if signaal.status != Status.INFORMATIE_OPGEVRAAGD:
        return None
    return signaal.historie.filter(soort=Gebeurtenis.VRAAG).order_by("-tijdstip", "-pk").first()


# The rows of the conversation with the submitter: decisions, questions and answers (not shares or attachments).
_GESPREK = (Gebeurtenis.STATUS, Gebeurtenis.VRAAG, Gebeurtenis.ANTWOORD)


def _gesprek(historie):
    """Where the conversation with the submitter stands, from the timeline (oldest first):

    - ``laatste_terugkoppeling``: the latest feedback, the one the feedback box shows;
    - ``terugkoppeling_beantwoord``: when that feedback came with a question that has been answered since, the answer
      (the box then says the question was answered instead of asking for an answer again);
    - ``nieuw_antwoord``: while the last step of the conversation is an answer (no decision after it), that answer and
      its question, shown at the top of the page for the ketenregisseur who decides next.
    """
    laatste = next((i for i in range(len(historie) - 1, -1, -1) if historie[i].terugkoppeling), None)
    beantwoord = None
    if laatste is not None and historie[laatste].soort == Gebeurtenis.VRAAG:
        beantwoord = next((r for r in historie[laatste + 1:] if r.soort == Gebeurtenis.ANTWOORD), None)
    gesprek = [r for r in historie if r.soort in _GESPREK]
    nieuw_antwoord = None
    if len(gesprek) >= 2 and gesprek[-1].soort == Gebeurtenis.ANTWOORD and gesprek[-2].soort == Gebeurtenis.VRAAG:
        nieuw_antwoord = {"vraag": gesprek[-2], "antwoord": gesprek[-1]}
    return {
        "laatste_terugkoppeling": historie[laatste] if laatste is not None else None,
        "terugkoppeling_beantwoord": beantwoord,
        "nieuw_antwoord": nieuw_antwoord,
    }


def _render_detail(request, signaal, *, besluit_form=None, antwoord_form=None, besluit_fout="", invoeg_fout="",
                   sectie_staat=None):
    user = request.user
    audit.log(user, AuditActie.VIEW, signaal)
    mag_besluiten = selectors.may_triage(user, signaal)
    if mag_besluiten and signaal.antwoord_ongelezen_sinds is not None:
        # The ketenregisseur has seen the answer now: it leaves their start page (``services.mark_answer_read``).
        services.mark_answer_read(signaal, user)
    indiener = is_indiener(user, signaal)
    open_vraag = _open_vraag(signaal)
    historie = list(signaal.historie.select_related("door", "organisatie"))
    gesprek = _gesprek(historie)
    if mag_besluiten and besluit_form is None:
        besluit_form = BesluitForm(signaal=signaal)
    if indiener and open_vraag is not None and antwoord_form is None:
        antwoord_form = AntwoordForm()
    context = {
        "signaal": signaal,
        "vormen": list(signaal.vormen.all()),
        "indicatoren": _indicatoren(signaal),
        "historie": historie,
        "heropen_van": [status.value for status in BESLUITEN],
        "open_vraag": open_vraag,
        "laatste_terugkoppeling": gesprek["laatste_terugkoppeling"],
        "terugkoppeling_beantwoord": gesprek["terugkoppeling_beantwoord"],
        # The answer the ketenregisseur decides on next: at the top of the page, for them only.
        "nieuw_antwoord": gesprek["nieuw_antwoord"] if mag_besluiten else None,
        "mag_besluiten": mag_besluiten,
        "is_indiener": indiener,
        # Internal reasons and notes only for the ketenregisseur; feedback also for the submitting organisation.
        "ziet_redenen": mag_besluiten,
        "ziet_terugkoppeling": mag_besluiten or indiener,
        "besluit_form": besluit_form if mag_besluiten else None,
        "besluit_fout": besluit_fout,
        "invoeg_fout": invoeg_fout,
        "antwoord_form": antwoord_form if indiener else None,
        "delingen": (
            list(
                signaal.delingen.filter(ingetrokken_op__isnull=True).select_related(
                    "organisatie", "grondslag", "via_tafel", "gedeeld_door"
                )
            )
            if mag_besluiten
            else []
        ),
        "terug_url": reverse("signalen:lijst" if user.rol == Rol.KETENREGISSEUR else "signalen:mijn"),
    }
    # The sections other apps add (casusoverleg: the linked cases; for the ketenregisseur also open/link a case).
    sectie_staat = sectie_staat or {}
    for sectie in secties.alle():
        context.update(sectie.context(user, signaal, sectie_staat.get(sectie.key)))
    context["secties"] = [sectie.template for sectie in secties.alle()]
    # Issue 17: who processed this signal, for the ketenregisseur of its werkgebied (it may question a read).
    context["verwerkingsoverzicht"] = audit_views.verwerkingsoverzicht(
        signaal, ook=list(signaal.bijlagen.only("pk"))) if mag_besluiten else None
    return render(request, "signalen/detail.html", context)


def render_detail(request, signaal, *, sectie, staat):
    """The signal's page as another app's view shows it again: ``staat`` goes to that app's section ``sectie`` (a
    form sent with an error, say). The caller has checked that the user may see the signal."""
    return _render_detail(request, signaal, sectie_staat={sectie: staat})


def signaal_detail(request, pk):
    signaal = _signaal_or_404(request, pk)
    return _render_detail(request, signaal)


def _besluit_initial(data, **overrides):
    initial = {name: data.get(name, "") for name in BesluitForm.base_fields}
    initial.update(overrides)
    return initial


@require_POST
def besluit(request, pk):
    """The ketenregisseur's decision (or 'Insert text': the form again, with a standard text added)."""
    signaal = _signaal_or_404(request, pk)
    if not selectors.may_triage(request.user, signaal):
        raise PermissionDenied
    data = request.POST
    if data.get("actie") == "invoegen":
        standaardtekst = BesluitForm.standaardtekst_voor(data)
        if standaardtekst is None:
            form = BesluitForm(initial=_besluit_initial(data), signaal=signaal)
            return _render_detail(
                request, signaal, besluit_form=form, invoeg_fout=_("Choose a decision or a standard text first.")
            )
        huidig = (data.get("terugkoppeling") or "").rstrip()
        # Insert, don't replace: what the user typed already stays.
        tekst = f"{huidig}\n\n{standaardtekst.tekst}" if huidig else standaardtekst.tekst
        form = BesluitForm(
            initial=_besluit_initial(data, terugkoppeling=tekst, standaardtekst=str(standaardtekst.pk)),
            signaal=signaal,
        )
        return _render_detail(request, signaal, besluit_form=form)

    form = BesluitForm(data, signaal=signaal)
    if form.is_valid():
        cleaned = form.cleaned_data
        try:
            signaal = services.change_status(
                signaal,
                request.user,
                cleaned["naar"],
                verwacht=cleaned["verwacht"],
                reden=cleaned["reden"].strip(),
                terugkoppeling=cleaned["terugkoppeling"].strip(),
                doorgezet_naar=cleaned["doorgezet_naar"] if cleaned["naar"] == Status.DOORGEZET else "",
            )
        except services.StaleStatus as error:
            # Show the signal as it is now, with the decision form as the user filled it in.
            signaal.refresh_from_db()
            form = BesluitForm(initial=_besluit_initial(data, verwacht=signaal.status), signaal=signaal)
            return _render_detail(request, signaal, besluit_form=form, besluit_fout=" ".join(error.messages))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("The decision has been recorded: the signal is now '%(status)s'. The submitter gets an e-mail "
                  "that there is news.") % {"status": signaal.get_status_display()},
            )
            return redirect(_detail_url(signaal))
    return _render_detail(request, signaal, besluit_form=form)


@require_POST
def antwoord(request, pk):
    """The submitting organisation answers the ketenregisseur's question."""
    signaal = _signaal_or_404(request, pk)
    if not is_indiener(request.user, signaal):
        raise PermissionDenied
    form = AntwoordForm(request.POST)
    if form.is_valid():
        try:
            services.answer_question(signaal, request.user, form.cleaned_data["tekst"].strip())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your answer has been sent to the chain director."))
            return redirect(_detail_url(signaal))
    return _render_detail(request, signaal, antwoord_form=form)


def delen(request, pk):
    """Share the signal with an organisation or with the member organisations of a table."""
    signaal = _signaal_or_404(request, pk)
    if not selectors.may_triage(request.user, signaal):
        raise PermissionDenied
    form = DelenForm(request.POST or None, signaal=signaal, user=request.user)
    if request.method == "POST" and form.is_valid():
        ontvangers = form.ontvangers()
        if not ontvangers:
            form.add_error("tafel", _("This table has no other member organisations to share with."))
        else:
            try:
                with transaction.atomic():
                    nieuw = [
                        deling
                        for organisatie in ontvangers
                        if (deling := services.share(
                            signaal, request.user, organisatie, form.cleaned_data["grondslag"],
                            toelichting=form.cleaned_data["toelichting"].strip(),
                            via_tafel=form.cleaned_data.get("tafel"),
                        )) is not None
                    ]
            except ValidationError as error:
                form.add_error(None, error)
            else:
                if nieuw:
                    messages.success(request, ngettext(
                        "The signal has been shared with %(count)d organisation.",
                        "The signal has been shared with %(count)d organisations.",
                        len(nieuw),
                    ) % {"count": len(nieuw)})
                else:
                    messages.info(request, _("Every chosen organisation already had access; nothing has changed."))
                return redirect(_detail_url(signaal))
    audit.log(request.user, AuditActie.VIEW, signaal, omschrijving="delen")
    return render(request, "signalen/delen.html", {"signaal": signaal, "form": form})


@require_POST
def intrekken(request, pk, deling_pk):
    """Withdraw a share: the organisation loses access at once."""
    deling = get_object_or_404(
        selectors.delingen_visible_for(request.user)
        .exclude(signaal__status=Status.CONCEPT)
        .select_related("signaal", "organisatie"),
        pk=deling_pk,
        signaal_id=pk,
    )
    if not selectors.may_triage(request.user, deling.signaal):
        raise PermissionDenied
    if deling.ingetrokken_op is not None:
        messages.info(request, _("This share had already been withdrawn."))
    else:
        services.revoke_share(deling, request.user)
        messages.success(
            request, _("The share with %(organisatie)s has been withdrawn.") % {"organisatie": deling.organisatie}
        )
    return redirect(_detail_url(deling.signaal))
