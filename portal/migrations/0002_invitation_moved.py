"""Invitation now belongs to the organizations app (same table ``portal_invitation``): state only."""
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('portal', '0001_initial'),
        ('organizations', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(database_operations=[], state_operations=[
            migrations.DeleteModel(name='Invitation'),
        ]),
    ]
