"""The name of the board a werkgebied's quarterly report is for (issue 18): a field the beheerder sets, filled for
the districts and regions that exist (a district reports to its DVO, a region to its RBO)."""
from django.db import migrations, models

# As they were when this migration was written (tafels.models.DISTRICT_OVERLEG and REGIO_OVERLEG).
DISTRICT_OVERLEG = "districtelijk veiligheidsoverleg (DVO)"
REGIO_OVERLEG = "regionaal bestuurlijk overleg (RBO)"
HELP_TEXT = (
    "The name of the board the quarterly report is for, as it reads after “voor het”, with its abbreviation: e.g. "
    "“districtelijk veiligheidsoverleg (DVO)” or “regionaal bestuurlijk overleg (RBO)”. The report, its pages and the "
    "start page use this name."
)


def vul(apps, schema_editor):
    """Every existing district and region gets the name of its kind of board."""
    apps.get_model("tafels", "District").objects.filter(bestuurlijk_overleg="").update(
        bestuurlijk_overleg=DISTRICT_OVERLEG)
    apps.get_model("tafels", "Regio").objects.filter(bestuurlijk_overleg="").update(bestuurlijk_overleg=REGIO_OVERLEG)


def veld(default):
    return models.CharField(default=default, help_text=HELP_TEXT, max_length=150, verbose_name="administrative board")


class Migration(migrations.Migration):

    dependencies = [
        ("tafels", "0001_initial"),
    ]

    operations = [
        # Added empty first, then filled per kind of werkgebied, then given the default a new row gets.
        migrations.AddField(model_name="district", name="bestuurlijk_overleg", field=veld("")),
        migrations.AddField(model_name="regio", name="bestuurlijk_overleg", field=veld("")),
        migrations.RunPython(vul, migrations.RunPython.noop),
        migrations.AlterField(model_name="district", name="bestuurlijk_overleg", field=veld(DISTRICT_OVERLEG)),
        migrations.AlterField(model_name="regio", name="bestuurlijk_overleg", field=veld(REGIO_OVERLEG)),
    ]
