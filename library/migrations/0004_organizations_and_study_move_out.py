"""Organizations now live in the organizations app, bookmarks / notes / read marks in the study app (same
tables): the library's model state follows, nothing changes in the database."""
import django.db.models.deletion
import modelcluster.fields
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('library', '0003_citation_suggestions_and_fingerprints'),
        ('organizations', '0001_initial'),
        ('study', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.AlterField(
                    model_name='libraryitem',
                    name='allowed_orgs',
                    field=modelcluster.fields.ParentalManyToManyField(blank=True, related_name='restricted_items', to='organizations.organization', verbose_name='tổ chức được xem'),
                ),
                migrations.AlterField(
                    model_name='libraryitem',
                    name='issuer',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='issued_items', to='organizations.organization', verbose_name='cơ quan ban hành'),
                ),
                migrations.DeleteModel(name='Bookmark'),
                migrations.DeleteModel(name='PersonalNote'),
                migrations.DeleteModel(name='ReadMark'),
            ],
        ),
    ]
