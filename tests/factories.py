"""factory-boy factories: each builds a valid object with one call."""
import factory
from django.contrib.auth import get_user_model

from partners.models import Organisatie, OrganisatieSoort, Rol
from tafels.models import District, Gemeente, Regio, Tafel, TafelLid, TafelSoort


class OrganisatieFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisatie

    naam = factory.Sequence(lambda n: f"Organisatie {n}")
    soort = OrganisatieSoort.OVERIG


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"gebruiker{n}@test.example")
    naam = factory.Sequence(lambda n: f"Gebruiker {n}")
    organisatie = factory.SubFactory(OrganisatieFactory)
    rol = Rol.PARTNER
    password = factory.django.Password("geheim-wachtwoord-123")


def regio(naam="Oost-Nederland"):
    return Regio.objects.get(naam=naam)


class DistrictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = District
        skip_postgeneration_save = True

    naam = factory.Sequence(lambda n: f"District {n}")
    code = factory.Sequence(lambda n: f"D{n}")
    regio = factory.LazyFunction(regio)

    @factory.post_generation
    def gemeenten(self, create, extracted, **kwargs):
        if create:
            self.gemeenten.set(extracted if extracted is not None else Gemeente.objects.filter(regio=self.regio)[:3])


class TafelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tafel

    naam = factory.Sequence(lambda n: f"Tafel {n}")
    soort = TafelSoort.CASUSOVERLEG_MENSENHANDEL
    district = factory.SubFactory(DistrictFactory)
    regio = None


class TafelLidFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TafelLid

    tafel = factory.SubFactory(TafelFactory)
    organisatie = factory.SubFactory(OrganisatieFactory)
    mailbox = factory.Sequence(lambda n: f"mailbox{n}@test.example")
