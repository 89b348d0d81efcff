"""Organizations, memberships and invitations move here from topics and portal: same tables, new owner."""
import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('wagtailcore', '0097_baselogentry_uuid_action_timestamp_indexes'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ('topics', '0003_organization_collection'),
        ('portal', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            # The tables already exist under their old names (Meta.db_table): only Django's model state moves.
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name='Invitation',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('email', models.EmailField(max_length=254, verbose_name='gửi tới')),
                        ('sent_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='thời điểm gửi')),
                        ('user', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='portal_invitation', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'verbose_name': 'thư mời đặt mật khẩu',
                        'verbose_name_plural': 'thư mời đặt mật khẩu',
                        'db_table': 'portal_invitation',
                    },
                ),
                migrations.CreateModel(
                    name='Organization',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('name', models.CharField(max_length=255, unique=True, verbose_name='tên')),
                        ('code', models.CharField(blank=True, help_text='Ký hiệu trong số hiệu văn bản, ví dụ TW, BTCTW, TU, ĐUK.', max_length=40, verbose_name='ký hiệu')),
                        ('kind', models.CharField(choices=[('dang_bo', 'Đảng bộ'), ('co_so', 'Đảng bộ cơ sở'), ('chi_bo', 'Chi bộ'), ('co_quan', 'Cơ quan ban hành')], default='dang_bo', max_length=10, verbose_name='loại')),
                        ('path', models.CharField(db_index=True, default='', editable=False, max_length=255)),
                        ('depth', models.PositiveSmallIntegerField(default=0, editable=False)),
                        ('description', models.TextField(blank=True, verbose_name='giới thiệu')),
                        ('name_folded', models.CharField(db_index=True, default='', editable=False, max_length=255)),
                        ('collection', models.OneToOneField(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='organization', to='wagtailcore.collection')),
                        ('parent', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='children', to='organizations.organization', verbose_name='trực thuộc')),
                    ],
                    options={
                        'verbose_name': 'tổ chức đảng',
                        'verbose_name_plural': 'tổ chức đảng',
                        'db_table': 'topics_organization',
                        'ordering': ['path'],
                    },
                ),
                migrations.CreateModel(
                    name='Membership',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('role', models.CharField(choices=[('member', 'Đảng viên'), ('secretary', 'Bí thư chi bộ'), ('staff', 'Cán bộ đảng ủy')], default='member', max_length=12, verbose_name='vai trò')),
                        ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='memberships', to=settings.AUTH_USER_MODEL)),
                        ('organization', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='memberships', to='organizations.organization')),
                    ],
                    options={
                        'verbose_name': 'thành viên',
                        'verbose_name_plural': 'thành viên',
                        'db_table': 'topics_membership',
                        'constraints': [models.UniqueConstraint(fields=('user', 'organization'), name='uniq_membership')],
                    },
                ),
            ],
        ),
    ]
