"""Content types of the moved models follow them (see organizations/migrations/0002_adopt_content_types.py)."""
from django.db import migrations

MOVED = ["bookmark", "personalnote", "readmark"]


def adopt(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in MOVED:
        if not ContentType.objects.filter(app_label="study", model=model).exists():
            ContentType.objects.filter(app_label="library", model=model).update(app_label="study")


def give_back(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label="study", model__in=MOVED).update(app_label="library")


class Migration(migrations.Migration):

    dependencies = [
        ('study', '0001_initial'),
        ('contenttypes', '0002_remove_content_type_name'),
    ]

    operations = [migrations.RunPython(adopt, give_back)]
