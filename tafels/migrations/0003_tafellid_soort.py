"""How a member organisation takes part in a table's meetings (issue 21): a full standing member (every existing
member) or a standing member for the general items only, who sees a case item only when invited for it."""
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("tafels", "0002_bestuurlijk_overleg"),
    ]

    operations = [
        migrations.AddField(
            model_name="tafellid",
            name="soort",
            field=models.CharField(
                choices=[
                    ("volledig", "standing member"),
                    ("alleen_uitgenodigd", "standing member, only the case items it is invited for"),
                ],
                default="volledig",
                help_text="A standing member for the general items only sees the general and theme items of every "
                          "meeting, and a case item only when invited for it.",
                max_length=20,
                verbose_name="kind of membership",
            ),
        ),
    ]
