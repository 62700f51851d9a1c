import pytest

from signalen import services as signaal_services
from signalen.models import Grondslag, Signaal
from tafels.models import Gemeente


def maak_signaal(door, gemeente=None, *, indienen=True, **velden):
    """A submitted signal of ``door``'s organisation (through ``signalen.services.submit``: it is indexed)."""
    if gemeente is None:
        gemeente = door.organisatie.gemeente or Gemeente.objects.get(cbs_code="GM0153")  # Enschede
    elif isinstance(gemeente, str):
        gemeente = Gemeente.objects.get(naam=gemeente)
    velden.setdefault("omschrijving", "Meerdere personen wonen op één adres en worden 's nachts opgehaald.")
    signaal = Signaal.objects.create(ingediend_door=door, organisatie=door.organisatie, gemeente=gemeente, **velden)
    if not indienen:
        return signaal
    return signaal_services.submit(signaal, door)


@pytest.fixture
def grondslag():
    return Grondslag.objects.get(naam__startswith="Convenant RIEC/LIEC")


@pytest.fixture
def twente(demo):
    return demo["regisseur@twente.example"]


@pytest.fixture
def midden(demo):
    return demo["regisseur@midden-nederland.example"]
