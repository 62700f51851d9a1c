import shutil

import pytest
from django.core.management import CommandError, call_command

from tafels import reference_data
from tafels.models import District, Gemeente, Regio

pytestmark = pytest.mark.django_db


def test_all_342_municipalities_are_loaded():
    assert Gemeente.objects.count() == 342


def test_enschede_is_in_overijssel_oost_nederland_and_twente(demo):
    enschede = Gemeente.objects.get(cbs_code="GM0153")
    assert enschede.naam == "Enschede"
    assert enschede.provincie == "Overijssel"
    assert enschede.regio.naam == "Oost-Nederland"
    assert enschede.veiligheidsregio == "Twente"
    assert District.objects.get(naam="Twente").gemeenten.filter(pk=enschede.pk).exists()


def test_utrecht_is_in_midden_nederland():
    assert Gemeente.objects.get(cbs_code="GM0344").regio.naam == "Midden-Nederland"


def test_ten_regions_each_with_its_riec():
    regios = {r.naam: r.riec for r in Regio.objects.all()}
    assert len(regios) == 10
    assert regios["Oost-Nederland"] == "RIEC Oost-Nederland"
    assert regios["Amsterdam"] == "RIEC Amsterdam-Amstelland"
    assert all(riec.startswith("RIEC ") for riec in regios.values())


def test_twente_has_14_municipalities(demo):
    twente = District.objects.get(naam="Twente")
    assert twente.gemeenten.count() == 14
    assert twente.regio.naam == "Oost-Nederland"
    assert set(twente.gemeenten.values_list("regio__naam", flat=True)) == {"Oost-Nederland"}


def test_names_are_shown_without_the_cbs_suffix_but_looked_up_by_code():
    hengelo = Gemeente.objects.get(cbs_code="GM0164")
    assert hengelo.cbs_naam == "Hengelo (O.)"
    assert hengelo.naam == "Hengelo"
    assert str(hengelo) == "Hengelo"
    assert Gemeente.objects.get(cbs_code="GM0301").naam == "Zutphen"


def test_loading_again_changes_nothing():
    before = list(Gemeente.objects.order_by("cbs_code").values_list("pk", "cbs_code", "naam", "regio_id"))
    call_command("load_reference_data", stdout=open("/dev/null", "w"))
    after = list(Gemeente.objects.order_by("cbs_code").values_list("pk", "cbs_code", "naam", "regio_id"))
    assert before == after
    assert Regio.objects.count() == 10


def _copy_data(tmp_path):
    for name in ("gemeenten.csv", "politie_eenheden.csv"):
        shutil.copy(reference_data.DATA_DIR / name, tmp_path / name)
    return tmp_path


@pytest.mark.parametrize(
    ("broken_line", "message"),
    [
        ("GM9999,Nergenshuizen,Utrecht,Atlantis,Utrecht", "politie-eenheid Atlantis staat niet in politie_eenheden.csv"),
        ("XX0001,Nergenshuizen,Utrecht,Midden-Nederland,Utrecht", "XX0001 is geen CBS-gemeentecode"),
        ("GM0153,Enschede,Overijssel,Oost-Nederland,Twente", "de code GM0153 komt twee keer voor"),
        ("GM9999,Nergenshuizen,,Midden-Nederland,Utrecht", "elke kolom moet gevuld zijn"),
        ("GM9999,Nergens,Utrecht,Midden-Nederland,Utrecht,extra", "elke kolom moet gevuld zijn"),
    ],
)
def test_a_broken_row_stops_the_load_with_a_dutch_message_and_changes_nothing(tmp_path, broken_line, message):
    data = _copy_data(tmp_path)
    rows = (data / "gemeenten.csv").read_text(encoding="utf-8").splitlines()
    # A valid change above the broken row must not be written either.
    rows[1] = rows[1].replace("Groningen,Groningen,Noord-Nederland", "Groningen-Gewijzigd,Groningen,Noord-Nederland")
    rows.append(broken_line)
    (data / "gemeenten.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")

    with pytest.raises(CommandError) as excinfo:
        call_command("load_reference_data", "--dir", str(data))

    assert message in str(excinfo.value)
    assert f"regel {len(rows)}" in str(excinfo.value)
    assert Gemeente.objects.count() == 342
    assert Gemeente.objects.get(cbs_code="GM0014").naam == "Groningen"


def test_a_missing_file_or_wrong_columns_is_reported(tmp_path):
    with pytest.raises(CommandError, match="bestaat niet"):
        call_command("load_reference_data", "--dir", str(tmp_path))
    data = _copy_data(tmp_path)
    (data / "politie_eenheden.csv").write_text("eenheid,riec\nLimburg,RIEC Limburg\n", encoding="utf-8")
    with pytest.raises(CommandError, match="moet precies de kolommen naam, riec hebben"):
        call_command("load_reference_data", "--dir", str(data))
