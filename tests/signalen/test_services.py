"""Issue 15: the signal services enforce their own rules, whoever calls them (a view, a case, a script).

``change_status``, ``share`` and ``revoke_share`` check that the ketenregisseur may decide on the signal
(``selectors.may_triage``) and a decision queues the submitter's 'there is news' e-mail itself; the e-mail goes only
to a submitter who is still active and still in the submitting organisation. A deactivated user sees no signal.
"""
import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from mensenhandel.jobs.models import Job, JobStatus
from partners import services as partner_services
from partners.models import Organisatie
from signalen import selectors, services
from signalen.models import Gebeurtenis, SignaalDeling, SignaalHistorie, Status
from signalen.notifications import JOB_NIEUWS
from tests.signalen.test_access import grondslag, maak_signaal

pytestmark = pytest.mark.django_db

REGISSEUR = "regisseur@twente.example"
REGISSEUR_MN = "regisseur@midden-nederland.example"
ENSCHEDE = "coordinator@enschede.example"
INSPECTIE = "inspectie@nla.example"
BEHEERDER = "beheer@ketenregie.example"


@pytest.fixture
def signaal(demo):
    return maak_signaal(demo[ENSCHEDE])


def _nieuws_jobs():
    return Job.objects.filter(naam=JOB_NIEUWS)


def _deel(demo, signaal, organisatie=None):
    organisatie = organisatie or demo[INSPECTIE].organisatie
    return services.share(signaal, demo[REGISSEUR], organisatie, grondslag(), "Ter info")


# --- who may decide -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("gedeeld", [False, True], ids=["not-shared", "shared-with-their-organisation"])
def test_a_director_of_another_werkgebied_cannot_decide_through_the_service(demo, signaal, gedeeld):
    anders = demo[REGISSEUR_MN]
    if gedeeld:  # seeing the signal through a share gives no say over it
        _deel(demo, signaal, anders.organisatie)
        assert selectors.signalen_visible_for(anders).filter(pk=signaal.pk).exists()
    with pytest.raises(PermissionDenied):
        services.change_status(signaal, anders, Status.IN_BEHANDELING, verwacht=Status.INGEDIEND)
    signaal.refresh_from_db()
    assert signaal.status == Status.INGEDIEND
    assert not SignaalHistorie.objects.filter(signaal=signaal, naar_status=Status.IN_BEHANDELING).exists()
    assert not _nieuws_jobs().exists()


def test_the_submitter_cannot_decide_on_their_own_signal_through_the_service(demo, signaal):
    with pytest.raises(PermissionDenied):
        services.change_status(signaal, demo[ENSCHEDE], Status.AFGESLOTEN, reden="Zelf afgesloten")
    signaal.refresh_from_db()
    assert signaal.status == Status.INGEDIEND


def test_a_director_of_another_werkgebied_cannot_share_through_the_service(demo, signaal):
    with pytest.raises(PermissionDenied):
        services.share(signaal, demo[REGISSEUR_MN], demo[INSPECTIE].organisatie, grondslag(), "Ter info")
    assert not SignaalDeling.objects.filter(signaal=signaal).exists()
    assert not selectors.signalen_visible_for(demo[INSPECTIE]).filter(pk=signaal.pk).exists()


def test_a_director_of_another_werkgebied_cannot_withdraw_a_share_through_the_service(demo, signaal):
    deling = _deel(demo, signaal)
    with pytest.raises(PermissionDenied):
        services.revoke_share(deling, demo[REGISSEUR_MN])
    deling.refresh_from_db()
    assert deling.ingetrokken_op is None
    assert selectors.signalen_visible_for(demo[INSPECTIE]).filter(pk=signaal.pk).exists()
    # Refused before anything else: also for a share that was withdrawn already.
    services.revoke_share(deling, demo[REGISSEUR])
    with pytest.raises(PermissionDenied):
        services.revoke_share(deling, demo[REGISSEUR_MN])


def test_a_deactivated_director_cannot_decide_through_the_service(demo, signaal):
    regisseur = demo[REGISSEUR]
    partner_services.deactivate(regisseur, demo[BEHEERDER])
    assert not selectors.may_triage(regisseur, signaal)
    with pytest.raises(PermissionDenied):
        services.change_status(signaal, regisseur, Status.IN_BEHANDELING)
    with pytest.raises(PermissionDenied):
        services.share(signaal, regisseur, demo[INSPECTIE].organisatie, grondslag(), "Ter info")
    signaal.refresh_from_db()
    assert signaal.status == Status.INGEDIEND


# --- the 'there is news' e-mail -------------------------------------------------------------------------------------


def test_a_decision_through_the_service_mails_the_submitter_after_the_commit(
    demo, signaal, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.change_status(signaal, demo[REGISSEUR], Status.INFORMATIE_OPGEVRAAGD, reden="Welke werkgever?")
    assert [m.to for m in mail.outbox] == [[demo[ENSCHEDE].email]]
    assert _nieuws_jobs().get().status == JobStatus.DONE


def test_a_refused_decision_queues_no_mail(demo, signaal, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(ValidationError):
            services.change_status(signaal, demo[REGISSEUR], Status.AFGESLOTEN, reden="  ")
    assert callbacks == [] and mail.outbox == []
    assert not _nieuws_jobs().exists()


def test_sharing_and_withdrawing_mail_nobody(demo, signaal, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        deling = _deel(demo, signaal)
        services.revoke_share(deling, demo[REGISSEUR])
    assert mail.outbox == [] and not _nieuws_jobs().exists()
    assert signaal.historie.filter(soort__in=[Gebeurtenis.DELING, Gebeurtenis.INTREKKING]).count() == 2


def test_the_demo_decides_without_mail(demo, signaal):
    services.change_status(signaal, demo[REGISSEUR], Status.IN_BEHANDELING, notify=False)
    signaal.refresh_from_db()
    assert signaal.status == Status.IN_BEHANDELING and not _nieuws_jobs().exists()


@pytest.mark.parametrize("wat", ["gedeactiveerd", "vertrokken"])
def test_no_mail_goes_to_a_submitter_who_was_deactivated_or_left_the_organisation(
    demo, signaal, django_capture_on_commit_callbacks, wat
):
    coordinator = demo[ENSCHEDE]
    if wat == "gedeactiveerd":
        partner_services.deactivate(coordinator, demo[BEHEERDER])
    else:
        type(coordinator).objects.filter(pk=coordinator.pk).update(
            organisatie=Organisatie.objects.get(naam="Gemeente Hengelo"))
    with django_capture_on_commit_callbacks(execute=True):
        services.change_status(signaal, demo[REGISSEUR], Status.INFORMATIE_OPGEVRAAGD, reden="Welke werkgever?")
    signaal.refresh_from_db()
    assert signaal.status == Status.INFORMATIE_OPGEVRAAGD  # the decision stands
    assert mail.outbox == []
    job = _nieuws_jobs().get()
    assert job.status == JobStatus.DONE and job.resultaat == {"verstuurd": 0}


# --- a deactivated user sees nothing --------------------------------------------------------------------------------


@pytest.mark.parametrize("email", [ENSCHEDE, REGISSEUR, INSPECTIE])
def test_a_deactivated_user_sees_no_signal(demo, signaal, email):
    """The submitter, the ketenregisseur of the werkgebied and an organisation it is shared with each see the signal
    (and a draft its author) until the account is deactivated; then none of them sees any."""
    _deel(demo, signaal)
    concept = maak_signaal(demo[ENSCHEDE], indienen=False)
    user = demo[email]
    zichtbaar = set(selectors.signalen_visible_for(user))
    assert signaal in zichtbaar
    assert (concept in zichtbaar) == (email == ENSCHEDE)
    partner_services.deactivate(user, demo[BEHEERDER])
    assert not selectors.signalen_visible_for(user).exists()
    assert not selectors.delingen_visible_for(user).exists()
    user.refresh_from_db()  # as the next request would load it
    assert not user.is_active and not selectors.signalen_visible_for(user).exists()
