import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from partners.models import Organisatie, Rol, User
from tafels.models import Regio
from tests.factories import OrganisatieFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_every_organisation_has_its_own_group_and_members_are_in_it():
    org = OrganisatieFactory()
    assert org.group is not None
    user = UserFactory(organisatie=org)
    assert list(user.groups.all()) == [org.group]
    other = OrganisatieFactory()
    user.organisatie = other
    user.save()
    assert list(user.groups.all()) == [other.group]
    org.naam = "Nieuwe naam"
    org.save()
    assert Organisatie.objects.get(pk=org.pk).group_id == org.group_id


def test_a_chain_director_needs_exactly_one_work_area():
    user = UserFactory.build(rol=Rol.KETENREGISSEUR, organisatie=OrganisatieFactory())
    with pytest.raises(ValidationError) as excinfo:
        user.full_clean()
    assert "precies één werkgebied" in str(excinfo.value)
    user.werkgebied_regio = Regio.objects.get(naam="Limburg")
    user.full_clean(exclude=["password"])


def test_a_coordinator_has_no_work_area_and_the_database_enforces_it():
    user = UserFactory(rol=Rol.COORDINATOR)
    user.werkgebied_regio = Regio.objects.first()
    with pytest.raises(IntegrityError), transaction.atomic():
        user.save()


def test_email_addresses_are_unique_whatever_their_case():
    UserFactory(email="a.persoon@test.example")
    with pytest.raises((IntegrityError, ValidationError)), transaction.atomic():
        UserFactory(email="A.Persoon@Test.example")


def test_createsuperuser_makes_a_beheerder_of_functional_administration():
    user = User.objects.create_superuser("beheer2@test.example", "een-lang-wachtwoord-123")
    assert user.rol == Rol.BEHEERDER
    assert user.organisatie.naam == "Functioneel beheer"
    assert user.is_staff
    assert not UserFactory(rol=Rol.PARTNER).is_staff


def test_deleting_an_organisation_removes_its_group():
    from django.contrib.auth.models import Group

    org = OrganisatieFactory()
    group_id = org.group_id
    org.delete()
    assert not Group.objects.filter(pk=group_id).exists()
