"""The barrier model on the case page (issue 21): the "Barriers" section on every case page (empty state, the
barriers with their actions), adding and changing a barrier (with an action of type bestuurlijk tied to it), the
checks that keep what was typed, the audit log, and the domain list the beheerder edits in Beheer."""
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from barrieres.models import Barriere, BarriereActie, Domein, Instrument, Resultaat
from casusoverleg.models import Actie, ActieSoort
from mensenhandel.audit.models import AuditActie, AuditEntry
from partners.models import Organisatie
from tests.casusoverleg.test_access import wereld as wereld  # noqa: F401,PLC0414  (the fixture)
from tests.i18n import nl

pytestmark = pytest.mark.django_db


def actie(casus, soort=ActieSoort.BESTUURLIJK, omschrijving="Controle op overbewoning door de gemeente."):
    return Actie.objects.create(casus=casus, omschrijving=omschrijving, soort=soort,
                                organisatie=Organisatie.objects.get(naam="Gemeente Enschede"),
                                deadline=timezone.localdate() + timedelta(days=14), aangemaakt_door=casus.eigenaar)


def formulier(**velden):
    data = {"domein": Domein.objects.get(code="huisvesting").pk, "instrument": Instrument.LAST_ONDER_DWANGSOM,
            "organisatie": Organisatie.objects.get(naam="Gemeente Enschede").pk, "gestart_op": "2026-03-02",
            "afgerond_op": "", "resultaat": Resultaat.LOPEND, "toelichting": "Last opgelegd wegens overbewoning."}
    data.update(velden)
    return data


def casus_pagina(client, casus):
    return client.get(reverse("casusoverleg:casus", kwargs={"pk": casus.pk})).content.decode()


def test_every_case_page_has_the_section_with_an_empty_state(client, demo, wereld):  # noqa: F811
    for email in ("regisseur@twente.example", "politie@oost-nederland.example"):
        client.force_login(demo[email])
        html = casus_pagina(client, wereld["enschede"])
        assert 'id="barrieres"' in html
        assert nl("Barriers") in html
        assert "empty-state" in html.split('id="barrieres"')[1].split("</section>")[0]
    # Only the managing ketenregisseur gets the link to add one.
    assert reverse("barrieres:nieuw", kwargs={"casus_pk": wereld["enschede"].pk}) not in html
    client.force_login(demo["regisseur@twente.example"])
    assert reverse("barrieres:nieuw", kwargs={"casus_pk": wereld["enschede"].pk}) in casus_pagina(
        client, wereld["enschede"])


def test_the_ketenregisseur_adds_a_barrier_with_its_administrative_action(client, demo, wereld):  # noqa: F811
    casus = wereld["enschede"]
    bestuurlijk = actie(casus)
    anders = actie(casus, soort=ActieSoort.STRAFRECHTELIJK, omschrijving="Verhoor door de politie.")
    client.force_login(demo["regisseur@twente.example"])
    url = reverse("barrieres:nieuw", kwargs={"casus_pk": casus.pk})
    pagina = client.get(url).content.decode()
    assert bestuurlijk.omschrijving in pagina and anders.omschrijving not in pagina  # only type bestuurlijk
    response = client.post(url, formulier(acties=[bestuurlijk.pk]), follow=True)
    assert response.redirect_chain[-1][0].endswith(f"/casussen/{casus.pk}/#barrieres")
    barriere = Barriere.objects.get(casus=casus)
    assert (barriere.instrument, barriere.gestart_op) == (Instrument.LAST_ONDER_DWANGSOM, date(2026, 3, 2))
    assert list(BarriereActie.objects.filter(barriere=barriere).values_list("actie_id", flat=True)) == [bestuurlijk.pk]
    assert AuditEntry.objects.filter(actie=AuditActie.CREATE, object_type="barrieres.barriere",
                                     object_id=str(barriere.pk)).exists()
    html = response.content.decode()
    assert f'data-barriere="{barriere.pk}"' in html
    assert nl("The barrier has been added to case %(code)s.") % {"code": casus.code} in html
    # The standing participant reads it on the case page, without the link to change it.
    client.force_login(demo["politie@oost-nederland.example"])
    html = casus_pagina(client, casus)
    assert f'data-barriere="{barriere.pk}"' in html
    assert reverse("barrieres:wijzigen", kwargs={"pk": barriere.pk}) not in html
    detail = client.get(reverse("barrieres:barriere", kwargs={"pk": barriere.pk}))
    assert bestuurlijk.omschrijving in detail.content.decode()
    assert AuditEntry.objects.filter(actie=AuditActie.VIEW, object_type="barrieres.barriere",
                                     actor=demo["politie@oost-nederland.example"]).exists()


def test_wrong_dates_and_actions_are_refused_and_what_was_typed_stays(client, demo, wereld):  # noqa: F811
    casus = wereld["enschede"]
    anders = actie(casus, soort=ActieSoort.FISCAAL, omschrijving="Fiscaal onderzoek.")
    client.force_login(demo["regisseur@twente.example"])
    url = reverse("barrieres:nieuw", kwargs={"casus_pk": casus.pk})
    morgen = (timezone.localdate() + timedelta(days=1)).isoformat()
    for velden, fout in (
        ({"gestart_op": morgen}, "This date lies in the future."),
        ({"afgerond_op": "2026-03-01", "resultaat": Resultaat.OPGEWORPEN},
         "The barrier cannot be completed before it started."),
        ({"acties": [anders.pk]}, "Choose actions from the list."),
        ({"gestart_op": ""}, "Fill in the date the barrier was started."),
    ):
        response = client.post(url, formulier(toelichting="Mijn eigen tekst blijft staan.", **velden))
        html = response.content.decode()
        assert response.status_code == 200
        assert nl(fout) in html, fout
        assert "Mijn eigen tekst blijft staan." in html
    assert not Barriere.objects.filter(casus=casus).exists()


def test_changing_a_barrier_records_the_result_and_is_audited(client, demo, wereld):  # noqa: F811
    casus = wereld["enschede"]
    client.force_login(demo["regisseur@twente.example"])
    client.post(reverse("barrieres:nieuw", kwargs={"casus_pk": casus.pk}), formulier())
    barriere = Barriere.objects.get(casus=casus)
    url = reverse("barrieres:wijzigen", kwargs={"pk": barriere.pk})
    assert "Last opgelegd wegens overbewoning." in client.get(url).content.decode()
    client.post(url, formulier(afgerond_op="2026-04-01", resultaat=Resultaat.OPGEWORPEN,
                               toelichting="De bewoning is teruggebracht."))
    barriere.refresh_from_db()
    assert (barriere.resultaat, barriere.afgerond_op) == (Resultaat.OPGEWORPEN, date(2026, 4, 1))
    regel = AuditEntry.objects.get(actie=AuditActie.CHANGE, object_type="barrieres.barriere")
    assert regel.omschrijving == "afgerond_op, resultaat, toelichting"
    # The same again changes nothing and says so.
    response = client.post(url, formulier(afgerond_op="2026-04-01", resultaat=Resultaat.OPGEWORPEN,
                                          toelichting="De bewoning is teruggebracht."), follow=True)
    assert nl("Nothing was changed.") in response.content.decode()
    assert AuditEntry.objects.filter(actie=AuditActie.CHANGE, object_type="barrieres.barriere").count() == 1


def test_the_beheerder_edits_the_domain_list_and_the_form_offers_what_is_in_use(client, demo, wereld):  # noqa: F811
    assert list(Domein.objects.values_list("naam", flat=True)) == [
        "Werving en entree", "Huisvesting", "Identiteit en registratie", "Arbeid", "Financiën", "Verblijf"]
    client.force_login(demo["beheer@ketenregie.example"])
    assert client.get(reverse("admin:barrieres_domein_changelist")).status_code == 200
    response = client.post(reverse("admin:barrieres_domein_add"),
                           {"code": "vervoer", "naam": "Vervoer", "volgorde": 70, "actief": "on"})
    assert response.status_code == 302
    Domein.objects.filter(code="verblijf").update(actief=False)
    client.force_login(demo["regisseur@twente.example"])
    html = client.get(reverse("barrieres:nieuw", kwargs={"casus_pk": wereld["enschede"].pk})).content.decode()
    assert ">Vervoer<" in html and ">Verblijf<" not in html
    # Other roles do not reach the list.
    assert client.get(reverse("admin:barrieres_domein_changelist")).status_code in (302, 403, 404)


def test_retention_clears_the_barrier_text_of_a_removed_case(demo, wereld):  # noqa: F811
    from barrieres import bewaartermijn
    from casusoverleg.models import Casus

    casus = wereld["almelo"]
    barriere = Barriere.objects.create(
        casus=casus, domein=Domein.objects.get(code="arbeid"), instrument=Instrument.CONTROLE,
        organisatie=Organisatie.objects.get(naam="Gemeente Enschede"), gestart_op=date(2026, 2, 2),
        resultaat=Resultaat.OPGEWORPEN, toelichting="Tekst over het bedrijf.", aangemaakt_door=casus.eigenaar)
    grens = timezone.now()
    assert list(bewaartermijn.kandidaten(grens)) == []
    Casus.objects.filter(pk=casus.pk).update(verwijderd_op=timezone.now())
    assert list(bewaartermijn.kandidaten(grens)) == [barriere.pk]

    class Regel:
        soort, vast = "casus", "5 jaar"

    assert bewaartermijn.verwijder(barriere.pk, grens, Regel) == {"barrieres": 1}
    barriere.refresh_from_db()
    assert barriere.toelichting == "" and barriere.resultaat == Resultaat.OPGEWORPEN  # still counted
    assert AuditEntry.objects.filter(actie=AuditActie.RETENTION, object_type="barrieres.barriere",
                                     object_id=str(barriere.pk)).exists()
    assert bewaartermijn.verwijder(barriere.pk, grens, Regel) == {}  # a second run finds nothing
