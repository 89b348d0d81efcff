"""The eight fixed criteria columns are gone: their points live in Meeting.criteria_scores (migration 0006)."""
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('topics', '0007_default_scoring_template'),
    ]

    operations = [
        migrations.RemoveField(model_name='meeting', name='q_attendance'),
        migrations.RemoveField(model_name='meeting', name='q_chairing'),
        migrations.RemoveField(model_name='meeting', name='q_closing'),
        migrations.RemoveField(model_name='meeting', name='q_conduct'),
        migrations.RemoveField(model_name='meeting', name='q_duration'),
        migrations.RemoveField(model_name='meeting', name='q_preparation'),
        migrations.RemoveField(model_name='meeting', name='q_previous_results'),
        migrations.RemoveField(model_name='meeting', name='q_principles'),
    ]
