"""The basisniveau monitor (issue 9): the rules of the figures (rounding half up, the population of a measurement's
date, "niet beantwoord", shares over fewer than 5 answers, the trend), the seed-002 figures on the page as the
ketenregisseur and the portefeuillehouder see it, filling in a gemeente's answers (who, while open, validation),
closing and re-opening, the audit log, and the data for the quarterly report.
"""
import json
import os
import re
from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from mensenhandel.audit.models import AuditActie, AuditEntry
from rapportage import basisniveau, demo_basisniveau
from rapportage.basisniveau import Cijfers, ItemCijfers, met_trend, tel
from rapportage.models import BasisniveauAntwoord, BasisniveauItem, Meting, MetingAntwoord, MetingGemeente
from tafels.models import District, Gemeente, Regio
from tests.i18n import nl

JA, NEE, ONTW, NIET = "ja", "nee", "in_ontwikkeling", "niet_beantwoord"
ITEMS = BasisniveauItem.values
REGISSEUR_MN = "regisseur@midden-nederland.example"
BURGEMEESTER_MN = "burgemeester@midden-nederland.example"
UTRECHT = "coordinator@utrecht.example"
ENSCHEDE = "coordinator@enschede.example"
REGISSEUR_TW = "regisseur@twente.example"
# The seed-002 dashboard, in the items' order.
SEED_002 = {"aandachtsfunctionaris": 75, "beleid": 60, "aard_en_omvang": 14, "vormen": 25, "training": 32,
            "gegevensuitwisseling": 25, "partners": 75}


def _antwoorden(per_gemeente):
    """[(gemeente, item, antwoord)] from {gemeente: {item: antwoord}}."""
    return [(gemeente, item, antwoord) for gemeente, items in per_gemeente.items() for item, antwoord in items.items()]


# --- the rules, as pure functions --------------------------------------------------------------------------------


def test_shares_are_rounded_half_up():
    # 9 of 28 = 32.14 -> 32; 1 of 8 = 12.5 -> 13; 21 of 28 = 75; 4 of 28 = 14.29 -> 14; 28 of 39 = 71.79 -> 72.
    per_gemeente = {f"g{i}": {"training": JA if i < 9 else NEE, "vormen": JA if i < 1 else NEE if i < 8 else NIET,
                              "partners": JA if i < 21 else ONTW, "aard_en_omvang": JA if i < 4 else NEE}
                    for i in range(28)}
    cijfers = tel(_antwoorden(per_gemeente), populatie=39)
    assert cijfers.item("training").aandeel == 32
    assert (cijfers.item("vormen").beantwoord, cijfers.item("vormen").aandeel) == (8, 13)
    assert cijfers.item("partners").aandeel == 75
    assert cijfers.item("aard_en_omvang").aandeel == 14
    assert (cijfers.deelgenomen, cijfers.respons) == (28, 72)
    # Exactly a half goes up: 1 of 8 is 12.5 -> 13, 5 of 8 is 62.5 -> 63 (not banker's rounding to 62).
    assert ItemCijfers("beleid", beantwoord=8, ja=5).aandeel == 63
    assert ItemCijfers("beleid", beantwoord=40, ja=1).aandeel == 3  # 2.5 -> 3


def test_niet_beantwoord_is_not_an_answer_and_a_gemeente_with_only_that_did_not_take_part():
    per_gemeente = {
        "a": {"beleid": JA, "training": NIET},
        "b": {"beleid": NEE, "training": JA},
        "c": {"beleid": ONTW, "training": NIET},
        "d": {"beleid": NIET, "training": JA},
        "e": {"beleid": JA, "training": JA},
        "f": {"beleid": JA, "training": NEE},
        "stil": dict.fromkeys(ITEMS, NIET),
    }
    cijfers = tel(_antwoorden(per_gemeente), populatie=8)
    beleid, training = cijfers.item("beleid"), cijfers.item("training")
    assert (beleid.beantwoord, beleid.ja, beleid.aandeel) == (5, 3, 60)  # d's "niet beantwoord" is not in the 5
    assert (training.beantwoord, training.ja, training.aandeel) == (4, 3, None)  # only 4 answers: not shown
    assert cijfers.deelgenomen == 6  # "stil" answered nothing: did not take part
    assert cijfers.respons == 75  # 6 of 8
    assert cijfers.item("partners").beantwoord == 0 and cijfers.item("partners").aandeel is None


def test_shares_over_fewer_than_5_answers_are_not_shown():
    assert ItemCijfers("training", beantwoord=4, ja=4).aandeel is None
    assert ItemCijfers("training", beantwoord=5, ja=0).aandeel == 0
    assert ItemCijfers("training", beantwoord=0, ja=0).aandeel is None
    assert Cijfers(populatie=4, deelgenomen=4, items=()).respons is None


def test_the_trend_is_the_difference_in_percentage_points_of_the_shares_shown():
    vorig = tel(_antwoorden({f"g{i}": {"beleid": JA if i < 3 else NEE,  # 3/10 = 30
                                       "training": JA if i < 5 else NEE,  # 5/10 = 50
                                       "vormen": JA if i < 2 else NIET,  # 2 answers: not shown
                                       "partners": JA if i < 7 else NEE}  # 7/10 = 70
                             for i in range(10)}), populatie=10)
    huidig = tel(_antwoorden({f"g{i}": {"beleid": JA if i < 7 else NEE,  # 7/20 = 35
                                        "training": JA if i < 9 else NEE,  # 9/20 = 45
                                        "vormen": JA if i < 10 else NEE,  # 10/20 = 50
                                        "partners": JA if i < 14 else ONTW,  # 14/20 = 70
                                        "aard_en_omvang": JA if i < 3 else NIET}  # 3 answers: not shown
                              for i in range(20)}), populatie=20)
    trend = met_trend(huidig, vorig, date(2024, 3, 1))
    assert trend.vorige_datum == date(2024, 3, 1)
    assert (trend.item("beleid").verschil, trend.item("beleid").verschil_tekst) == (5, "+5")
    assert (trend.item("training").verschil, trend.item("training").verschil_tekst) == (-5, "\u22125")
    assert (trend.item("partners").verschil, trend.item("partners").verschil_tekst) == (0, "0")
    assert trend.item("vormen").verschil is None and trend.item("vormen").verschil_tekst == "–"  # earlier not shown
    assert trend.item("aard_en_omvang").verschil is None  # now not shown
    # Without a previous measurement there is no trend.
    assert met_trend(huidig, None).item("beleid").verschil is None and met_trend(huidig, None).vorige_datum is None


def test_demo_answers_give_exactly_the_counts_asked_for():
    for deelnemers, tellingen in ((demo_basisniveau.MN_2022_DEELNEMERS, demo_basisniveau.MN_2022_TELLINGEN),
                                  (demo_basisniveau.MN_2026_DEELNEMERS, demo_basisniveau.MN_2026_TELLINGEN),
                                  (demo_basisniveau.TW_2026_DEELNEMERS, demo_basisniveau.TW_2026_TELLINGEN)):
        antwoorden = demo_basisniveau.antwoorden_voor(deelnemers, tellingen)
        cijfers = tel(_antwoorden(antwoorden), populatie=len(deelnemers))
        assert cijfers.deelgenomen == len(deelnemers)
        for item in cijfers.items:
            assert (item.ja, item.beantwoord) == tellingen[item.sleutel]
        # Not the same gemeenten say "ja" to everything.
        assert len({frozenset(g for g, a in antwoorden.items() if a[item] == JA) for item in ITEMS}) > 3


# --- with the database -------------------------------------------------------------------------------------------


@pytest.fixture
def geseed(demo):
    demo_basisniveau.seed(demo)
    midden = Regio.objects.get(naam="Midden-Nederland")
    twente = District.objects.get(code="TW")
    return {
        **demo,
        "mn_2022": Meting.objects.get(regio=midden, datum=date(2022, 2, 15)),
        "mn_2026": Meting.objects.get(regio=midden, datum=date(2026, 10, 1)),
        "tw_2026": Meting.objects.get(district=twente, datum=date(2026, 3, 16)),
    }


def _html(client, user, url):
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


def _aandelen_op_pagina(html):
    """{item: the share as the page shows it} from the rows of the items table."""
    uitkomst = {}
    for item, rij in re.findall(r'<tr class="utrecht-table__row" data-item="([a-z_]+)">(.*?)</tr>', html, re.S):
        match = re.search(r'data-aandeel="(\d*)">([^<]*)<', rij)
        uitkomst[item] = match.group(2)
        assert match.group(1) == match.group(2).rstrip("%") or (match.group(1) == "" and match.group(2) == "–")
    return uitkomst


def _respons_tekst(respons, deel, totaal):
    return nl("based on %(respons)s%% of the municipalities (%(deel)s of %(totaal)s)") % {
        "respons": respons, "deel": deel, "totaal": totaal}


@pytest.mark.django_db
def test_the_february_2022_measurement_keeps_its_population_with_weesp(geseed):
    meting = geseed["mn_2022"]
    assert meting.gemeenten.count() == 39
    assert not meting.open
    weesp = meting.gemeenten.get(cbs_code="GM0457")
    assert weesp.naam == "Weesp" and weesp.gemeente is None
    assert not Gemeente.objects.filter(cbs_code="GM0457").exists()
    today = set(Gemeente.objects.filter(regio__naam="Midden-Nederland").values_list("cbs_code", flat=True))
    assert len(today) == 38
    assert set(meting.gemeenten.values_list("cbs_code", flat=True)) == today | {"GM0457"}
    cijfers = basisniveau.cijfers(meting)
    assert (cijfers.populatie, cijfers.deelgenomen, cijfers.respons) == (39, 28, 72)
    assert {item.sleutel: item.aandeel for item in cijfers.items} == SEED_002
    assert [(i.ja, i.beantwoord) for i in cijfers.items] == [(21, 28), (15, 25), (4, 28), (7, 28), (9, 28), (7, 28),
                                                             (21, 28)]
    assert weesp.antwoorden.exclude(antwoord=NIET).exists()  # Weesp took part, and counts


@pytest.mark.django_db
def test_a_gemeente_added_to_the_region_later_is_not_in_an_earlier_measurement(geseed):
    midden = Regio.objects.get(naam="Midden-Nederland")
    regisseur = geseed[REGISSEUR_MN]
    meting = basisniveau.nieuwe_meting(midden, timezone.localdate() - timedelta(days=3), regisseur)
    assert meting.gemeenten.count() == 38 and meting.open
    assert MetingAntwoord.objects.filter(meting_gemeente__meting=meting, antwoord=NIET).count() == 38 * 7
    Gemeente.objects.create(cbs_code="GM9999", cbs_naam="Nieuwstad", naam="Nieuwstad", provincie="Utrecht",
                            regio=midden, veiligheidsregio="Utrecht")
    assert meting.gemeenten.count() == 38
    assert basisniveau.cijfers(meting).populatie == 38
    assert basisniveau.cijfers(geseed["mn_2022"]).respons == 72  # still 28 of 39
    # A measurement made now asks the new gemeente too.
    nieuw = basisniveau.nieuwe_meting(midden, timezone.localdate(), regisseur)
    assert nieuw.gemeenten.filter(cbs_code="GM9999").exists() and nieuw.gemeenten.count() == 39


@pytest.mark.django_db
def test_the_seed_002_figures_on_the_page_of_the_ketenregisseur(client, geseed):
    meting = geseed["mn_2022"]
    html = _html(client, geseed[REGISSEUR_MN], reverse("basisniveau:meting", kwargs={"pk": meting.pk}))
    assert _respons_tekst(72, 28, 39) in html
    assert "72%" in html
    assert _aandelen_op_pagina(html) == {item: f"{pct}%" for item, pct in SEED_002.items()}
    assert "februari 2022" in html.lower() or "february 2022" in html.lower()
    assert "Midden-Nederland" in html
    # Per item the number of answers.
    rij_beleid = re.search(r'data-item="beleid">(.*?)</tr>', html, re.S).group(1)
    assert re.search(r"\b25\b", re.sub(r"<[^>]+>", " ", rij_beleid.split("bn-items__n")[1]))
    # The ketenregisseur sees every gemeente's answers, Weesp included, with the explanations.
    assert html.count('data-gemeente="') == 39
    assert 'data-gemeente="GM0457"' in html and "Weesp sluit aan bij het beleid van Amsterdam" in html
    assert 'id="per-gemeente-kop"' in html
    # No earlier measurement: no trend column.
    assert "bn-items__trend" not in html


@pytest.mark.django_db
def test_seed_demo_holds_the_seed_002_measurement_and_the_page_shows_its_figures(client, settings, tmp_path):
    """The real ``seed_demo`` (the quarterly reports left out, they do not hold the measurement; that a second run
    adds none is tests/partners/test_seed_demo.py): the February 2022 page as the ketenregisseur and the
    portefeuillehouder of Midden-Nederland."""
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    settings.PROTECTED_FILES_ROOT = tmp_path
    call_command("seed_demo", "--zonder-rapporten", stdout=open(os.devnull, "w"))
    assert Meting.objects.count() == 3
    meting = Meting.objects.get(regio__naam="Midden-Nederland", datum=date(2022, 2, 15))
    url = reverse("basisniveau:meting", kwargs={"pk": meting.pk})
    users = get_user_model().objects
    for email, per_gemeente in ((REGISSEUR_MN, True), (BURGEMEESTER_MN, False)):
        html = _html(client, users.get(email=email), url)
        assert _respons_tekst(72, 28, 39) in html
        assert [tekst for tekst in _aandelen_op_pagina(html).values()] == [
            "75%", "60%", "14%", "25%", "32%", "25%", "75%"]
        assert ('data-gemeente="' in html) == per_gemeente, email
        assert ("Weesp" in html) == per_gemeente, email


@pytest.mark.django_db
def test_the_portefeuillehouder_sees_the_regional_figures_only(client, geseed):
    meting = geseed["mn_2022"]
    html = _html(client, geseed[BURGEMEESTER_MN], reverse("basisniveau:meting", kwargs={"pk": meting.pk}))
    assert _respons_tekst(72, 28, 39) in html
    assert _aandelen_op_pagina(html) == {item: f"{pct}%" for item, pct in SEED_002.items()}
    assert 'data-gemeente="' not in html and 'id="per-gemeente-kop"' not in html
    for naam in ("Amersfoort", "Weesp", "Zeewolde"):
        assert naam not in html
    assert "Weesp sluit aan" not in html and "Aandachtsfunctionaris mensenhandel bij" not in html
    assert reverse("basisniveau:meting_sluiten", kwargs={"pk": meting.pk}) not in html
    client.force_login(geseed[BURGEMEESTER_MN])
    assert client.post(reverse("basisniveau:meting_sluiten", kwargs={"pk": meting.pk}), {"open": "1"}).status_code == 403
    mg = meting.gemeenten.get(naam="Utrecht")
    assert client.get(reverse("basisniveau:gemeente_invullen", kwargs={"pk": mg.pk})).status_code == 404


@pytest.mark.django_db
def test_the_trend_against_the_previous_measurement_on_the_page(client, geseed):
    meting = geseed["mn_2026"]
    html = _html(client, geseed[REGISSEUR_MN], reverse("basisniveau:meting", kwargs={"pk": meting.pk}))
    # 2026 so far: 19/22, 15/21, 6/22, 9/22, 10/22, 8/20, 20/22 -> 86, 71, 27, 41, 45, 40, 91.
    nu = {"aandachtsfunctionaris": 86, "beleid": 71, "aard_en_omvang": 27, "vormen": 41, "training": 45,
          "gegevensuitwisseling": 40, "partners": 91}
    assert _aandelen_op_pagina(html) == {item: f"{pct}%" for item, pct in nu.items()}
    verschillen = dict(re.findall(r'data-item="([a-z_]+)">.*?data-verschil="(-?\d*)"', html, re.S))
    assert verschillen == {item: str(nu[item] - SEED_002[item]) for item in ITEMS}
    assert ">+11<" in html  # 86 - 75
    assert _respons_tekst(58, 22, 38) in html  # 22 of 38 = 57.9 -> 58
    figuren = basisniveau.cijfers_met_trend(meting)
    assert figuren.vorige_datum == date(2022, 2, 15)


@pytest.mark.django_db
def test_few_queries_for_the_regional_page(client, geseed, django_assert_max_num_queries):
    client.force_login(geseed[REGISSEUR_MN])
    url = reverse("basisniveau:meting", kwargs={"pk": geseed["mn_2026"].pk})
    with django_assert_max_num_queries(20):
        assert client.get(url).status_code == 200


@pytest.mark.django_db
def test_the_coordinator_of_utrecht_fills_in_utrecht(client, geseed):
    meting = geseed["mn_2026"]
    utrecht = meting.gemeenten.get(naam="Utrecht")
    coordinator = geseed[UTRECHT]
    assert utrecht.ingevuld_op is None and not utrecht.antwoorden.exclude(antwoord=NIET).exists()
    url = reverse("basisniveau:gemeente_invullen", kwargs={"pk": utrecht.pk})
    html = _html(client, coordinator, url)
    assert html.count('type="radio"') == 7 * 4 and html.count("<fieldset") == 7 and html.count("<legend") == 7
    data = {item: JA for item in ITEMS}
    data.update({"beleid": ONTW, "aard_en_omvang": NEE, "training": NIET,
                 "aandachtsfunctionaris_toelichting": "Twee aandachtsfunctionarissen bij OOV."})
    response = client.post(url, data)
    assert response.status_code == 302
    assert response["Location"] == reverse("basisniveau:meting", kwargs={"pk": meting.pk})
    utrecht.refresh_from_db()
    assert utrecht.ingevuld_door == coordinator and utrecht.ingevuld_op is not None
    antwoorden = dict(utrecht.antwoorden.values_list("item", "antwoord"))
    assert antwoorden == {**dict.fromkeys(ITEMS, JA), "beleid": ONTW, "aard_en_omvang": NEE, "training": NIET}
    assert utrecht.antwoorden.get(item="aandachtsfunctionaris").toelichting == "Twee aandachtsfunctionarissen bij OOV."
    entry = AuditEntry.objects.filter(actie=AuditActie.CHANGE, object_type="rapportage.metinggemeente",
                                      object_id=str(utrecht.pk)).get()
    assert entry.actor == coordinator and "Utrecht" not in entry.omschrijving and "OOV" not in entry.omschrijving
    # The confirmation, and the regional page counts Utrecht now (23 of 38).
    volgende = client.get(response["Location"])
    tekst = volgende.content.decode()
    assert (nl("The answers of %(gemeente)s have been saved.") % {"gemeente": "Utrecht"}) in tekst
    assert _respons_tekst(61, 23, 38) in tekst  # 23/38 = 60.5 -> 61
    # The coordinator sees the regional figures and a link to their own gemeente, not the others' answers.
    assert 'data-gemeente="' not in tekst and url in tekst and "Amersfoort" not in tekst


@pytest.mark.django_db
def test_the_coordinator_of_utrecht_finds_nothing_of_amersfoort_or_twente(client, geseed):
    client.force_login(geseed[UTRECHT])
    amersfoort = geseed["mn_2026"].gemeenten.get(naam="Amersfoort")
    url = reverse("basisniveau:gemeente_invullen", kwargs={"pk": amersfoort.pk})
    voor = list(amersfoort.antwoorden.order_by("item").values_list("antwoord", flat=True))
    assert client.get(url).status_code == 404
    assert client.post(url, dict.fromkeys(ITEMS, NEE)).status_code == 404
    assert list(amersfoort.antwoorden.order_by("item").values_list("antwoord", flat=True)) == voor
    twente = geseed["tw_2026"]
    assert client.get(reverse("basisniveau:meting", kwargs={"pk": twente.pk})).status_code == 404
    enschede = twente.gemeenten.get(naam="Enschede")
    assert client.get(reverse("basisniveau:gemeente_invullen", kwargs={"pk": enschede.pk})).status_code == 404
    lijst = client.get(reverse("basisniveau:metingen")).content.decode()
    assert f'data-meting="{twente.pk}"' not in lijst
    assert f'data-meting="{geseed["mn_2022"].pk}"' in lijst and f'data-meting="{geseed["mn_2026"].pk}"' in lijst
    assert client.post(reverse("basisniveau:meting_sluiten", kwargs={"pk": geseed["mn_2026"].pk}),
                       {"open": "0"}).status_code == 403


@pytest.mark.django_db
def test_the_list_links_the_coordinator_to_their_gemeente_while_open(client, geseed):
    html = _html(client, geseed[UTRECHT], reverse("basisniveau:metingen"))
    open_mg = geseed["mn_2026"].gemeenten.get(naam="Utrecht")
    gesloten_mg = geseed["mn_2022"].gemeenten.get(naam="Utrecht")
    vul_in = nl("Fill in the measurement for %(gemeente)s") % {"gemeente": "Utrecht"}
    rij_open = re.search(rf'data-meting="{geseed["mn_2026"].pk}">(.*?)</tr>', html, re.S).group(1)
    rij_dicht = re.search(rf'data-meting="{geseed["mn_2022"].pk}">(.*?)</tr>', html, re.S).group(1)
    assert vul_in in rij_open and reverse("basisniveau:gemeente_invullen", kwargs={"pk": open_mg.pk}) in rij_open
    assert vul_in not in rij_dicht
    assert reverse("basisniveau:gemeente_invullen", kwargs={"pk": gesloten_mg.pk}) in rij_dicht
    assert "72%" in rij_dicht, rij_dicht
    assert 'id="nieuwe-meting"' not in html


@pytest.mark.django_db
def test_a_closed_measurement_shows_the_answers_read_only_and_refuses_changes(client, geseed):
    meting = geseed["mn_2022"]
    utrecht = meting.gemeenten.get(naam="Utrecht")
    voor = list(utrecht.antwoorden.order_by("item").values_list("item", "antwoord", "toelichting"))
    url = reverse("basisniveau:gemeente_invullen", kwargs={"pk": utrecht.pk})
    html = _html(client, geseed[UTRECHT], url)
    assert 'type="radio"' not in html and "<textarea" not in html
    assert "Aandachtsfunctionaris mensenhandel bij de afdeling" in html  # the saved explanation, read-only
    assert "bn-gesloten" in html
    response = client.post(url, dict.fromkeys(ITEMS, NEE), follow=True)
    assert response.redirect_chain == [(url, 302)]
    assert nl("Your answers have not been saved.") in " ".join(str(m) for m in response.context["messages"])
    assert list(utrecht.antwoorden.order_by("item").values_list("item", "antwoord", "toelichting")) == voor
    assert not AuditEntry.objects.filter(actie=AuditActie.CHANGE, object_id=str(utrecht.pk),
                                         object_type="rapportage.metinggemeente").exists()
    with pytest.raises(ValidationError):
        basisniveau.antwoorden_opslaan(utrecht, geseed[UTRECHT], {item: (NEE, "") for item in ITEMS})


@pytest.mark.django_db
def test_validation_keeps_what_was_typed(client, geseed):
    utrecht = geseed["mn_2026"].gemeenten.get(naam="Utrecht")
    url = reverse("basisniveau:gemeente_invullen", kwargs={"pk": utrecht.pk})
    client.force_login(geseed[UTRECHT])
    data = {item: NEE for item in ITEMS}
    data.update({"beleid": ONTW, "partners": "misschien", "training_toelichting": "x" * 1001,
                 "vormen_toelichting": "Zicht op arbeidsuitbuiting in de land- en tuinbouw."})
    response = client.post(url, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="foutoverzicht"' in html
    assert 'href="#id_partners_0"' in html and 'href="#id_training_toelichting"' in html
    assert "Zicht op arbeidsuitbuiting in de land- en tuinbouw." in html  # kept
    assert re.search(r'<input[^>]*name="beleid"[^>]*value="in_ontwikkeling"[^>]*checked', html)  # kept
    assert "x" * 1001 in html
    utrecht.refresh_from_db()
    assert utrecht.ingevuld_op is None and not utrecht.antwoorden.exclude(antwoord=NIET).exists()


@pytest.mark.django_db
def test_the_ketenregisseur_fills_in_for_a_gemeente_closes_and_reopens(client, geseed):
    meting = geseed["mn_2026"]
    regisseur = geseed[REGISSEUR_MN]
    client.force_login(regisseur)
    houten = meting.gemeenten.get(naam="Houten")
    url = reverse("basisniveau:gemeente_invullen", kwargs={"pk": houten.pk})
    response = client.post(url, dict.fromkeys(ITEMS, JA))
    assert response["Location"] == reverse("basisniveau:meting", kwargs={"pk": meting.pk}) + f"#gemeente-{houten.pk}"
    houten.refresh_from_db()
    assert houten.ingevuld_door == regisseur

    sluiten = reverse("basisniveau:meting_sluiten", kwargs={"pk": meting.pk})
    assert client.post(sluiten, {"open": "0"}).status_code == 302
    meting.refresh_from_db()
    assert not meting.open
    assert AuditEntry.objects.filter(actie=AuditActie.CHANGE, object_type="rapportage.meting",
                                     object_id=str(meting.pk), omschrijving__endswith="gesloten").count() == 1
    # Closed: the coordinator can no longer save.
    utrecht = meting.gemeenten.get(naam="Utrecht")
    client.force_login(geseed[UTRECHT])
    client.post(reverse("basisniveau:gemeente_invullen", kwargs={"pk": utrecht.pk}), dict.fromkeys(ITEMS, JA))
    assert not utrecht.antwoorden.filter(antwoord=JA).exists()
    # Re-opened: they can.
    client.force_login(regisseur)
    assert client.post(sluiten, {"open": "1"}).status_code == 302
    meting.refresh_from_db()
    assert meting.open
    client.force_login(geseed[UTRECHT])
    client.post(reverse("basisniveau:gemeente_invullen", kwargs={"pk": utrecht.pk}), dict.fromkeys(ITEMS, JA))
    assert utrecht.antwoorden.filter(antwoord=JA).count() == 7
    # The Twente ketenregisseur cannot close Midden-Nederland's measurement: it does not exist for them.
    client.force_login(geseed[REGISSEUR_TW])
    assert client.post(sluiten, {"open": "0"}).status_code == 404
    with pytest.raises(PermissionDenied):
        basisniveau.zet_open(meting, geseed[REGISSEUR_TW], False)


@pytest.mark.django_db
def test_a_new_measurement_through_the_page(client, geseed):
    regisseur = geseed[REGISSEUR_TW]
    client.force_login(regisseur)
    lijst = client.get(reverse("basisniveau:metingen")).content.decode()
    assert 'id="nieuwe-meting"' in lijst and f'data-meting="{geseed["tw_2026"].pk}"' in lijst
    assert f'data-meting="{geseed["mn_2022"].pk}"' not in lijst
    # Not in the future, and not twice on one date: the error summary, the date kept.
    morgen = timezone.localdate() + timedelta(days=1)
    response = client.post(reverse("basisniveau:meting_nieuw"), {"nieuw-datum": morgen.isoformat()})
    assert response.status_code == 200 and 'id="foutoverzicht"' in response.content.decode()
    assert f'value="{morgen.isoformat()}"' in response.content.decode()
    response = client.post(reverse("basisniveau:meting_nieuw"), {"nieuw-datum": "2026-03-16"})
    assert response.status_code == 200 and 'id="foutoverzicht"' in response.content.decode()
    assert Meting.objects.filter(district__code="TW").count() == 1
    # A valid date: the measurement with the 14 Twente gemeenten, open.
    vandaag = timezone.localdate()
    response = client.post(reverse("basisniveau:meting_nieuw"), {"nieuw-datum": vandaag.isoformat()})
    meting = Meting.objects.get(district__code="TW", datum=vandaag)
    assert response["Location"] == reverse("basisniveau:meting", kwargs={"pk": meting.pk})
    assert meting.open and meting.gemeenten.count() == 14 and meting.aangemaakt_door == regisseur
    assert AuditEntry.objects.filter(actie=AuditActie.CREATE, object_type="rapportage.meting",
                                     object_id=str(meting.pk), actor=regisseur).exists()
    # The trend of the new measurement is against March 2026.
    assert basisniveau.cijfers_met_trend(meting).vorige_datum == date(2026, 3, 16)
    # Nobody else starts one.
    for email in (BURGEMEESTER_MN, UTRECHT):
        client.force_login(geseed[email])
        assert client.post(reverse("basisniveau:meting_nieuw"), {"nieuw-datum": vandaag.isoformat()}).status_code == 403
    client.force_login(geseed["politie@oost-nederland.example"])
    assert client.post(reverse("basisniveau:meting_nieuw"), {"nieuw-datum": vandaag.isoformat()}).status_code == 404
    with pytest.raises(PermissionDenied):
        basisniveau.nieuwe_meting(District.objects.get(code="TW"), vandaag, geseed[REGISSEUR_MN])


@pytest.mark.django_db
def test_reads_and_lists_are_audited(client, geseed):
    regisseur = geseed[REGISSEUR_MN]
    meting = geseed["mn_2022"]
    _html(client, regisseur, reverse("basisniveau:metingen"))
    _html(client, regisseur, reverse("basisniveau:meting", kwargs={"pk": meting.pk}))
    mg = meting.gemeenten.get(naam="Amersfoort")
    _html(client, regisseur, reverse("basisniveau:gemeente_invullen", kwargs={"pk": mg.pk}))
    rijen = AuditEntry.objects.filter(actor=regisseur)
    assert rijen.filter(actie=AuditActie.LIST, object_type="rapportage.meting").exists()
    view = rijen.get(actie=AuditActie.VIEW, object_type="rapportage.meting", object_id=str(meting.pk))
    assert view.regio_id == meting.regio_id
    assert rijen.filter(actie=AuditActie.VIEW, object_type="rapportage.metinggemeente", object_id=str(mg.pk)).exists()


@pytest.mark.django_db
def test_the_pages_for_roles_without_the_monitor_and_the_navigation(client, geseed):
    client.force_login(geseed["politie@oost-nederland.example"])
    assert client.get(reverse("basisniveau:metingen")).status_code == 404
    assert 'href="/basisniveau/"' not in client.get("/").content.decode()
    for email in (REGISSEUR_MN, BURGEMEESTER_MN, UTRECHT):
        client.force_login(geseed[email])
        start = client.get("/").content.decode()
        assert 'href="/basisniveau/"' in start and 'href="/bewustwording/"' in start, email


@pytest.mark.django_db
def test_an_empty_list(client, demo):
    html = _html(client, demo[REGISSEUR_MN], reverse("basisniveau:metingen"))
    assert "empty-state" in html and 'id="nieuwe-meting"' in html
    html = _html(client, demo[UTRECHT], reverse("basisniveau:metingen"))
    assert "empty-state" in html and 'id="nieuwe-meting"' not in html


@pytest.mark.django_db
def test_the_demo_is_idempotent_and_leaves_what_users_did(geseed):
    utrecht = geseed["mn_2026"].gemeenten.get(naam="Utrecht")
    basisniveau.antwoorden_opslaan(utrecht, geseed[UTRECHT], {item: (JA, "") for item in ITEMS})
    aantallen = (Meting.objects.count(), MetingGemeente.objects.count(), MetingAntwoord.objects.count())
    assert demo_basisniveau.seed(geseed) == {"metingen": 0}
    assert (Meting.objects.count(), MetingGemeente.objects.count(), MetingAntwoord.objects.count()) == aantallen
    assert utrecht.antwoorden.filter(antwoord=JA).count() == 7
    # Enschede has not filled in the open Twente measurement, so its coordinator can.
    enschede = geseed["tw_2026"].gemeenten.get(naam="Enschede")
    assert enschede.ingevuld_op is None and basisniveau.mag_invullen(geseed[ENSCHEDE], enschede)
    assert basisniveau.cijfers(geseed["tw_2026"]).deelgenomen == 10


@pytest.mark.django_db
def test_figures_for_the_quarterly_report(geseed):
    midden = Regio.objects.get(naam="Midden-Nederland")
    assert basisniveau.cijfers_voor_rapport(midden, date(2021, 12, 31)) is None
    data = basisniveau.cijfers_voor_rapport(midden, date(2025, 12, 31))
    assert json.loads(json.dumps(data)) == data
    assert (data["datum"], data["populatie"], data["deelgenomen"], data["respons"], data["open"]) == (
        "2022-02-15", 39, 28, 72, False)
    assert [(i["sleutel"], i["beantwoord"], i["ja"], i["aandeel"]) for i in data["items"]] == [
        (item, ja_n[1], ja_n[0], SEED_002[item]) for item, ja_n in demo_basisniveau.MN_2022_TELLINGEN.items()]
    assert data["vorige"] is None and all(i["verschil"] is None for i in data["items"])
    data = basisniveau.cijfers_voor_rapport(midden, date(2026, 12, 31))
    assert (data["datum"], data["open"], data["populatie"]) == ("2026-10-01", True, 38)
    assert data["vorige"]["datum"] == "2022-02-15"
    assert {i["sleutel"]: i["vorig_aandeel"] for i in data["items"]} == SEED_002
    assert data["items"][0]["verschil"] == 86 - 75
    twente = District.objects.get(code="TW")
    assert basisniveau.cijfers_voor_rapport(twente, date(2026, 3, 31))["populatie"] == 14
    assert json.dumps(basisniveau.cijfers_voor_rapport(twente, date(2026, 3, 31)))


def test_answer_choices_are_the_four_of_the_issue():
    assert [BasisniveauAntwoord(a).value for a in (JA, NEE, ONTW, NIET)] == BasisniveauAntwoord.values
    assert len(ITEMS) == 7


@pytest.mark.django_db
def test_the_list_pages(client, demo):
    twente = District.objects.get(code="TW")
    for dag in range(23):
        Meting.objects.create(district=twente, datum=date(2024, 1, 1) + timedelta(days=dag))
    client.force_login(demo[REGISSEUR_TW])
    eerste = client.get(reverse("basisniveau:metingen")).content.decode()
    assert eerste.count('data-meting="') == 20 and "pagina=2" in eerste
    tweede = client.get(reverse("basisniveau:metingen"), {"pagina": 2}).content.decode()
    assert tweede.count('data-meting="') == 3
    oudste = Meting.objects.get(datum=date(2024, 1, 1))
    assert f'data-meting="{oudste.pk}"' in tweede and f'data-meting="{oudste.pk}"' not in eerste
