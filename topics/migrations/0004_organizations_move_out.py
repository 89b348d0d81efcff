"""Organizations and memberships now belong to the organizations app (same tables): state only."""
import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('library', '0004_organizations_and_study_move_out'),
        ('organizations', '0001_initial'),
        ('topics', '0003_organization_collection'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            # The tables already exist under their old names (Meta.db_table): only Django's model state moves.
            database_operations=[],
            state_operations=[
                migrations.RemoveField(
                    model_name='organization',
                    name='collection',
                ),
                migrations.RemoveField(
                    model_name='organization',
                    name='parent',
                ),
                migrations.AlterField(
                    model_name='rollout',
                    name='organization',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='rollouts', to='organizations.organization'),
                ),
                migrations.AlterField(
                    model_name='meeting',
                    name='cell',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='meetings', to='organizations.organization', verbose_name='chi bộ'),
                ),
                migrations.DeleteModel(
                    name='Membership',
                ),
                migrations.DeleteModel(
                    name='Organization',
                ),
            ],
        ),
    ]
