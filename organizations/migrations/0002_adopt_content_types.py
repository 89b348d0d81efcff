"""Content types (and so permissions, revisions and log entries) of the moved models follow them.

On a database created before the move, the rows ``topics.organization``, ``topics.membership`` and
``portal.invitation`` are renamed in place, so every permission given to a group and every admin log entry
keeps pointing at the right model. On a new database there is nothing to rename.
"""
from django.db import migrations

MOVED = [("topics", "organization"), ("topics", "membership"), ("portal", "invitation")]


def adopt(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for old_app, model in MOVED:
        if not ContentType.objects.filter(app_label="organizations", model=model).exists():
            ContentType.objects.filter(app_label=old_app, model=model).update(app_label="organizations")


def give_back(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for old_app, model in MOVED:
        ContentType.objects.filter(app_label="organizations", model=model).update(app_label=old_app)


class Migration(migrations.Migration):

    dependencies = [
        ('organizations', '0001_initial'),
        ('contenttypes', '0002_remove_content_type_name'),
    ]

    operations = [migrations.RunPython(adopt, give_back)]
