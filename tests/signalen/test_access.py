"""Who sees a signal, for every role (need to know), with the platform's access helper.

assert_no_access proves: not in the selector, 404 on every URL of the object (detail, decision, answer,
share, withdraw, attachment, form), and absent from every list and export; assert_has_access the mirror.
"""
import pytest
from django.urls import reverse

from partners.models import Rol
from signalen import selectors, services
from signalen.models import Bijlage, Grondslag, Signaal, SignaalDeling, Status
from tafels.models import Gemeente
from tests.access import assert_has_access, assert_no_access
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def maak_signaal(door, gemeente=None, *, indienen=True, **velden):
    """A signal as the form would leave it: a draft of ``door``'s organisation, then submitted via the service."""
    if gemeente is None:
        gemeente = door.organisatie.gemeente or Gemeente.objects.get(cbs_code="GM0153")  # Enschede
    elif isinstance(gemeente, str):
        gemeente = Gemeente.objects.get(naam=gemeente)
    velden.setdefault("omschrijving", "Meerdere personen wonen op één adres en worden 's nachts opgehaald.")
    signaal = Signaal.objects.create(ingediend_door=door, organisatie=door.organisatie, gemeente=gemeente, **velden)
    if not indienen:
        return signaal
    return services.submit(signaal, door)


def grondslag():
    return Grondslag.objects.get(naam__startswith="Convenant RIEC/LIEC")


@pytest.fixture
def signalen(demo):
    return {
        "enschede": maak_signaal(demo["coordinator@enschede.example"]),
        "hengelo": maak_signaal(demo["coordinator@hengelo.example"]),
        "politie": maak_signaal(demo["politie@oost-nederland.example"], "Almelo"),
        "utrecht": maak_signaal(demo["coordinator@utrecht.example"]),
    }


def test_enschedes_coordinator_sees_enschedes_signal(client, demo, signalen):
    assert_has_access(client, demo["coordinator@enschede.example"], signalen["enschede"])


def test_hengelos_coordinator_cannot_see_an_enschede_signal(client, demo, signalen):
    assert_no_access(client, demo["coordinator@hengelo.example"], signalen["enschede"])
    assert_has_access(client, demo["coordinator@hengelo.example"], signalen["hengelo"])


def test_the_portfolio_holder_sees_no_signal_at_all_not_even_of_her_own_organisation(client, demo, signalen):
    burgemeester = demo["burgemeester@twente.example"]
    assert burgemeester.organisatie == signalen["enschede"].organisatie
    assert not selectors.signalen_visible_for(burgemeester).exists()
    assert_no_access(client, burgemeester, signalen["enschede"])
    assert_no_access(client, burgemeester, signalen["hengelo"])


def test_the_midden_nederland_director_cannot_see_a_twente_signal(client, demo, signalen):
    regisseur = demo["regisseur@midden-nederland.example"]
    for naam in ("enschede", "hengelo", "politie"):
        assert_no_access(client, regisseur, signalen[naam])
    assert_has_access(client, regisseur, signalen["utrecht"])


def test_the_twente_director_sees_every_twente_signal_and_no_utrecht_signal(client, demo, signalen):
    regisseur = demo["regisseur@twente.example"]
    for naam in ("enschede", "hengelo", "politie"):
        assert_has_access(client, regisseur, signalen[naam])
    assert_no_access(client, regisseur, signalen["utrecht"])
    assert set(selectors.signalen_visible_for(regisseur)) == {signalen["enschede"], signalen["hengelo"], signalen["politie"]}


def test_a_partner_sees_its_own_organisations_signals_only(client, demo, signalen):
    politie = demo["politie@oost-nederland.example"]
    collega = UserFactory(organisatie=politie.organisatie, rol=Rol.PARTNER)
    assert_has_access(client, politie, signalen["politie"])
    assert_has_access(client, collega, signalen["politie"])  # the organisation's signal, not only the author's
    assert_no_access(client, politie, signalen["enschede"])
    assert_no_access(client, demo["inspectie@nla.example"], signalen["politie"])


def test_sharing_with_nla_opens_the_signal_and_revoking_closes_it_at_once(client, demo, signalen):
    signaal = signalen["enschede"]
    inspectie = demo["inspectie@nla.example"]
    assert_no_access(client, inspectie, signaal)
    deling = services.share(signaal, demo["regisseur@twente.example"], inspectie.organisatie, grondslag(), "Arbeid")
    assert_has_access(client, inspectie, signaal)
    assert_has_access(client, inspectie, deling)
    assert_no_access(client, demo["politie@oost-nederland.example"], deling)

    services.revoke_share(deling, demo["regisseur@twente.example"])
    assert_no_access(client, inspectie, signaal)
    assert_no_access(client, inspectie, SignaalDeling.objects.get(pk=deling.pk))


def test_the_beheerder_sees_no_signal(client, demo, signalen):
    beheerder = demo["beheer@ketenregie.example"]
    assert not selectors.signalen_visible_for(beheerder).exists()
    for signaal in signalen.values():
        assert_no_access(client, beheerder, signaal)


def test_a_draft_is_only_for_its_author_and_not_on_the_detail_page(client, demo):
    auteur = demo["coordinator@enschede.example"]
    concept = maak_signaal(auteur, indienen=False)
    collega = UserFactory(organisatie=auteur.organisatie, rol=Rol.COORDINATOR)
    assert selectors.signalen_visible_for(auteur).filter(pk=concept.pk).exists()
    for user in (collega, demo["regisseur@twente.example"], demo["burgemeester@twente.example"]):
        assert_no_access(client, user, concept)
    client.force_login(auteur)
    for name in ("detail", "delen"):
        assert client.get(reverse(f"signalen:{name}", kwargs={"pk": concept.pk})).status_code == 404
    assert client.post(reverse("signalen:besluit", kwargs={"pk": concept.pk})).status_code == 404


def test_an_attachment_follows_its_signal(client, demo, signalen):
    signaal = signalen["enschede"]
    bijlage = Bijlage.objects.create(
        signaal=signaal, bestandsnaam="foto.jpg", opslagnaam="test-opslag-naam", content_type="image/jpeg",
        grootte=10, sha256="0" * 64, geupload_door=signaal.ingediend_door,
    )
    for email in ("coordinator@hengelo.example", "burgemeester@twente.example", "regisseur@midden-nederland.example",
                  "beheer@ketenregie.example"):
        assert_no_access(client, demo[email], bijlage)
    assert selectors.bijlagen_visible_for(demo["regisseur@twente.example"]).filter(pk=bijlage.pk).exists()


def test_someone_who_sees_the_signal_but_may_not_decide_gets_403(client, demo, signalen):
    signaal = signalen["enschede"]
    deling = services.share(signaal, demo["regisseur@twente.example"], demo["inspectie@nla.example"].organisatie,
                            grondslag(), "Arbeid")
    for email in ("coordinator@enschede.example", "inspectie@nla.example"):
        client.force_login(demo[email])
        kwargs = {"pk": signaal.pk}
        assert client.post(reverse("signalen:besluit", kwargs=kwargs), {"naar": Status.IN_BEHANDELING}).status_code == 403
        assert client.get(reverse("signalen:delen", kwargs=kwargs)).status_code == 403
        assert client.post(reverse("signalen:intrekken", kwargs={**kwargs, "deling_pk": deling.pk})).status_code == 403
    client.force_login(demo["inspectie@nla.example"])
    assert client.post(reverse("signalen:antwoord", kwargs={"pk": signaal.pk}), {"tekst": "x"}).status_code == 403
    signaal.refresh_from_db()
    assert signaal.status == Status.INGEDIEND
    assert SignaalDeling.objects.get(pk=deling.pk).ingetrokken_op is None
