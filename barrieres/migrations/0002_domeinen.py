"""The default domains of the barrier model (issue 21), which the beheerder extends or switches off in Beheer.

Sources: the barrier model of the Expertisecentrum Mensenhandel en Mensensmokkel (EMM): the route of human
trafficking along which the government can raise barriers (werving en entree, huisvesting, identiteit en
registratie, arbeid, financiën); and the barrier model for labour migrants of VNG and the Centrum voor
Criminaliteitspreventie en Veiligheid (CCV), which adds verblijf. Seed 001: gemeenten "kunnen ook barrières opwerpen
om mensenhandel tegen te gaan".
"""
from django.db import migrations

DOMEINEN = [
    ("werving_entree", "Werving en entree"),
    ("huisvesting", "Huisvesting"),
    ("identiteit_registratie", "Identiteit en registratie"),
    ("arbeid", "Arbeid"),
    ("financien", "Financiën"),
    ("verblijf", "Verblijf"),
]


def laad(apps, schema_editor):
    Domein = apps.get_model("barrieres", "Domein")
    for volgorde, (code, naam) in enumerate(DOMEINEN, start=1):
        Domein.objects.get_or_create(code=code, defaults={"naam": naam, "volgorde": volgorde * 10})


class Migration(migrations.Migration):
    dependencies = [("barrieres", "0001_initial")]

    operations = [migrations.RunPython(laad, migrations.RunPython.noop)]
