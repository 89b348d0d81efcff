"""Bookmarks, notes and read marks move here from library: same tables, new owner."""
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('library', '0003_citation_suggestions_and_fingerprints'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            # The tables already exist under their old names (Meta.db_table): only Django's model state moves.
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name='Bookmark',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('item', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='bookmarks', to='library.libraryitem')),
                        ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='bookmarks', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'library_bookmark',
                        'constraints': [models.UniqueConstraint(fields=('user', 'item'), name='uniq_bookmark')],
                    },
                ),
                migrations.CreateModel(
                    name='PersonalNote',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('text', models.TextField(verbose_name='ghi chú')),
                        ('updated_at', models.DateTimeField(auto_now=True)),
                        ('item', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='notes', to='library.libraryitem')),
                        ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='notes', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'library_personalnote',
                        'constraints': [models.UniqueConstraint(fields=('user', 'item'), name='uniq_note')],
                    },
                ),
                migrations.CreateModel(
                    name='ReadMark',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('opened_at', models.DateTimeField(blank=True, null=True)),
                        ('read_at', models.DateTimeField(blank=True, null=True)),
                        ('item', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='read_marks', to='library.libraryitem')),
                        ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='read_marks', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'library_readmark',
                        'constraints': [models.UniqueConstraint(fields=('user', 'item'), name='uniq_readmark')],
                    },
                ),
            ],
        ),
    ]
