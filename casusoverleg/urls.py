from django.urls import path

from mensenhandel.access.registry import listing_path, object_path
from signalen.models import Signaal

from .models import (
    Actie,
    ActieBijlage,
    AgendaDocument,
    Agendapunt,
    Besluit,
    Casus,
    Overleg,
    Slachtoffer,
    Uitnodiging,
    Zorgtraject,
)
from .views import acties, agenda, besluitenlijst, casussen, overleggen, verslag, zorg

app_name = "casusoverleg"


def _nooit(obj):
    """For pages only the managing ketenregisseur uses: who merely sees the object gets 403, not the page."""
    return False


def _punt_kwargs(punt):
    return {"pk": punt.pk}


def _actie_reveals(actie):
    """How an action shows up in a list or export: its own URL."""
    return f"/acties/{actie.pk}/"


urlpatterns = [
    # Cases
    listing_path("casussen/", casussen.casus_list, name="casussen", model=Casus, reveals=lambda c: c.code),
    path("casussen/nieuw/", casussen.casus_nieuw, name="casus_nieuw"),
    # Issue 17: the ketenregisseur's search for an inzageverzoek (registered as a list of signals: access probes it).
    listing_path("inzageverzoek/", casussen.inzageverzoek, name="inzageverzoek", model=Signaal,
                 reveals=lambda s: f"/signalen/{s.pk}/", query={"term": "personen"}),
    object_path("casussen/<int:pk>/", casussen.casus_detail, name="casus", model=Casus),
    object_path("casussen/<int:pk>/bewerken/", casussen.casus_bewerken, name="casus_bewerken", model=Casus,
                methods=("GET", "POST"), applies_to=_nooit),
    object_path("casussen/<int:pk>/status/", casussen.casus_status, name="casus_status", model=Casus,
                methods=("POST",)),
    object_path("casussen/<int:pk>/slachtofferspoor/", casussen.casus_slachtofferspoor, name="casus_slachtofferspoor",
                model=Casus, methods=("POST",)),
    object_path("casussen/<int:pk>/signalen/", casussen.casus_signalen, name="casus_signalen", model=Casus,
                methods=("GET", "POST"), applies_to=_nooit),
    object_path("casussen/signaal/<int:pk>/koppelen/", casussen.signaal_koppelen, name="signaal_koppelen",
                model=Signaal, methods=("POST",)),
    # Issue 21: the care track of a case has pages of its own, seen by fewer than the case (its zorgcoordinator
    # organisation and the ketenregisseur): registered for ``Zorgtraject``, the case as a care track.
    object_path("casussen/<int:pk>/zorgtraject/", zorg.zorgtraject, name="zorgtraject", model=Zorgtraject),
    object_path("casussen/<int:pk>/zorgtraject/zorgcoordinator/", zorg.zorgcoordinator, name="zorgcoordinator",
                model=Zorgtraject, methods=("POST",)),
    object_path("casussen/<int:pk>/zorgtraject/slachtoffers/", zorg.slachtoffer_nieuw, name="slachtoffer_nieuw",
                model=Zorgtraject, methods=("POST",)),
    object_path("zorgtrajecten/slachtoffers/<int:pk>/", zorg.slachtoffer, name="slachtoffer", model=Slachtoffer,
                methods=("GET", "POST")),
    object_path("zorgtrajecten/slachtoffers/<int:pk>/comensha/", zorg.comensha, name="slachtoffer_comensha",
                model=Slachtoffer),
    listing_path("zorgtrajecten/", zorg.zorgtrajecten, name="zorgtrajecten", model=Zorgtraject,
                 reveals=lambda c: f'data-zorgtraject="{c.pk}"'),
    listing_path("zorgtrajecten/niet-aangemeld/", zorg.niet_aangemeld, name="zorg_niet_aangemeld", model=Slachtoffer,
                 reveals=lambda s: f'data-slachtoffer="{s.pk}"'),
    # Meetings
    listing_path("overleggen/", overleggen.overleg_list, name="overleggen", model=Overleg,
                 reveals=lambda o: f'data-overleg="{o.pk}"'),
    path("overleggen/nieuw/", overleggen.overleg_nieuw, name="overleg_nieuw"),
    path("overleggen/jaarplanning/", overleggen.jaarplanning, name="jaarplanning"),
    object_path("overleggen/<int:pk>/", overleggen.overleg_detail, name="overleg", model=Overleg),
    object_path("overleggen/<int:pk>/bewerken/", overleggen.overleg_bewerken, name="overleg_bewerken", model=Overleg,
                methods=("GET", "POST"), applies_to=_nooit),
    object_path("overleggen/<int:pk>/annuleren/", overleggen.overleg_annuleren, name="overleg_annuleren",
                model=Overleg, methods=("GET", "POST"), applies_to=_nooit),
    object_path("overleggen/<int:pk>/presentie/", overleggen.overleg_presentie, name="overleg_presentie",
                model=Overleg, methods=("GET", "POST"), applies_to=_nooit),
    object_path("overleggen/<int:pk>/uitnodiging.ics", overleggen.overleg_ics, name="overleg_ics", model=Overleg),
    # Agenda
    object_path("overleggen/<int:pk>/agenda/punt/", agenda.punt_toevoegen, name="punt_toevoegen", model=Overleg,
                methods=("POST",)),
    object_path("overleggen/<int:pk>/agenda/casus/", agenda.casus_toevoegen, name="casus_toevoegen", model=Overleg,
                methods=("POST",)),
    object_path("overleggen/punten/<int:pk>/omhoog/", agenda.punt_omhoog, name="punt_omhoog", model=Agendapunt,
                kwargs_for=_punt_kwargs, methods=("POST",)),
    object_path("overleggen/punten/<int:pk>/omlaag/", agenda.punt_omlaag, name="punt_omlaag", model=Agendapunt,
                kwargs_for=_punt_kwargs, methods=("POST",)),
    object_path("overleggen/punten/<int:pk>/verwijderen/", agenda.punt_verwijderen, name="punt_verwijderen",
                model=Agendapunt, kwargs_for=_punt_kwargs, methods=("POST",)),
    object_path("overleggen/punten/<int:pk>/uitnodigen/", agenda.uitnodigen, name="uitnodigen", model=Agendapunt,
                kwargs_for=_punt_kwargs, methods=("GET", "POST"), applies_to=_nooit),
    object_path("overleggen/uitnodigingen/<int:pk>/intrekken/", agenda.uitnodiging_intrekken,
                name="uitnodiging_intrekken", model=Uitnodiging, methods=("POST",)),
    object_path("overleggen/<int:pk>/verklaring/", agenda.verklaring, name="verklaring", model=Overleg,
                methods=("GET", "POST"), applies_to=_nooit),
    object_path("overleggen/<int:pk>/definitief/", agenda.definitief, name="definitief", model=Overleg,
                methods=("POST",)),
    object_path("overleggen/<int:pk>/heropenen/", agenda.heropenen, name="heropenen", model=Overleg,
                methods=("POST",)),
    object_path("overleggen/<int:pk>/voortgang/", agenda.voortgang, name="voortgang", model=Overleg),
    object_path("overleggen/documenten/<int:pk>/", agenda.document, name="document", model=AgendaDocument),
    # During the meeting: minutes, decisions and actions per agenda item (issue 7)
    object_path("overleggen/punten/<int:pk>/verslag/", verslag.notities, name="notities", model=Agendapunt,
                methods=("GET", "POST"), applies_to=_nooit),
    object_path("overleggen/punten/<int:pk>/besluiten/", verslag.besluit_toevoegen, name="besluit_toevoegen",
                model=Agendapunt, methods=("GET", "POST"), applies_to=_nooit),
    object_path("overleggen/besluiten/<int:pk>/", verslag.besluit_bewerken, name="besluit_bewerken", model=Besluit,
                methods=("GET", "POST"), applies_to=_nooit),
    object_path("overleggen/besluiten/<int:pk>/verwijderen/", verslag.besluit_verwijderen, name="besluit_verwijderen",
                model=Besluit, methods=("POST",)),
    object_path("overleggen/punten/<int:pk>/acties/", verslag.actie_toevoegen, name="actie_toevoegen",
                model=Agendapunt, methods=("GET", "POST"), applies_to=_nooit),
    object_path("acties/<int:pk>/bewerken/", verslag.actie_bewerken, name="actie_bewerken", model=Actie,
                methods=("GET", "POST"), applies_to=_nooit),
    # After the meeting: the decision list PDFs and their adoption at the next meeting
    object_path("overleggen/<int:pk>/besluitenlijst/", besluitenlijst.maken, name="besluitenlijst_maken",
                model=Overleg, methods=("POST",)),
    object_path("overleggen/<int:pk>/besluitenlijst/vaststellen/", besluitenlijst.vaststellen,
                name="besluitenlijst_vaststellen", model=Overleg, methods=("POST",)),
    object_path("overleggen/<int:pk>/besluitenlijst/voortgang/", besluitenlijst.voortgang,
                name="besluitenlijst_voortgang", model=Overleg),
    # Actions: mine, follow-up, one action with its feedback
    listing_path("acties/mijn/", acties.mijn_acties, name="mijn_acties", model=Actie, reveals=_actie_reveals),
    listing_path("acties/bewaking/", acties.bewaking, name="actiebewaking", model=Actie, reveals=_actie_reveals),
    listing_path("acties/bewaking/export.csv", acties.bewaking_csv, name="actiebewaking_csv", model=Actie,
                 reveals=_actie_reveals),
    object_path("acties/<int:pk>/", acties.actie_detail, name="actie", model=Actie),
    object_path("acties/<int:pk>/terugkoppelen/", acties.terugkoppelen, name="actie_terugkoppelen", model=Actie,
                methods=("POST",)),
    object_path("acties/<int:pk>/status/", acties.status, name="actie_status", model=Actie, methods=("POST",)),
    object_path("acties/bijlagen/<int:pk>/", acties.bijlage, name="actie_bijlage", model=ActieBijlage),
]
