# Issue 18: the ketenregisseur's notice of an answer to a question, until it is read.

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('signalen', '0004_bewaartermijn'),
    ]

    operations = [
        migrations.AddField(
            model_name='signaal',
            name='antwoord_ongelezen_sinds',
            field=models.DateTimeField(blank=True, editable=False, null=True, verbose_name='unread answer since'),
        ),
        migrations.AddIndex(
            model_name='signaal',
            index=models.Index(condition=models.Q(('antwoord_ongelezen_sinds__isnull', False)), fields=['gemeente'],
                               name='signaal_antwoord_ongelezen_idx'),
        ),
    ]
