"""Scoring templates, their versions, the score history of meetings, and the meeting kind (issue 19)."""

import django.core.validators
import django.db.models.deletion
import django.utils.timezone
import modelcluster.fields
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('organizations', '0001_initial'),
        ('topics', '0005_meeting_opinions'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='meeting',
            name='criteria_scores',
            field=models.JSONField(blank=True, default=dict, editable=False, verbose_name='điểm từng tiêu chí'),
        ),
        migrations.AddField(
            model_name='meeting',
            name='kind',
            field=models.CharField(choices=[('chuyen_de', 'Sinh hoạt chuyên đề'), ('thuong_ky', 'Sinh hoạt thường kỳ')], db_index=True, default='chuyen_de', max_length=12, verbose_name='loại buổi sinh hoạt'),
        ),
        migrations.CreateModel(
            name='ScoreProposal',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('criteria', models.JSONField(default=dict)),
                ('total', models.PositiveSmallIntegerField()),
                ('note', models.TextField(blank=True, verbose_name='ghi chú')),
                ('status', models.CharField(choices=[('open', 'Chờ xác nhận'), ('confirmed', 'Đã xác nhận'), ('replaced', 'Đã thay bằng đề xuất mới')], default='open', max_length=10)),
                ('proposed_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('meeting', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='score_proposals', to='topics.meeting')),
                ('proposed_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'ordering': ['proposed_at', 'id'],
            },
        ),
        migrations.CreateModel(
            name='ScoreDecision',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('criteria', models.JSONField(default=dict)),
                ('total', models.PositiveSmallIntegerField()),
                ('adjusted', models.BooleanField(default=False)),
                ('reason', models.TextField(blank=True, verbose_name='lý do điều chỉnh')),
                ('decided_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('decided_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('proposal', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='decisions', to='topics.scoreproposal')),
            ],
            options={
                'ordering': ['decided_at', 'id'],
            },
        ),
        migrations.CreateModel(
            name='ScoringTemplate',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('tot_min', models.PositiveSmallIntegerField(default=90, validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(100)], verbose_name='điểm tối thiểu xếp loại Tốt')),
                ('kha_min', models.PositiveSmallIntegerField(default=70, validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(100)], verbose_name='điểm tối thiểu xếp loại Khá')),
                ('trung_binh_min', models.PositiveSmallIntegerField(default=50, validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(100)], verbose_name='điểm tối thiểu xếp loại Trung bình')),
                ('attendance_threshold', models.PositiveSmallIntegerField(default=90, validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(100)], verbose_name='tỷ lệ dự họp tối thiểu (%)')),
                ('max_unexcused_absences', models.PositiveSmallIntegerField(default=0, verbose_name='số đảng viên vắng không lý do tối đa')),
                ('min_duration_minutes', models.PositiveSmallIntegerField(default=90, verbose_name='thời lượng tối thiểu (phút)')),
                ('materials_lead_days', models.PositiveSmallIntegerField(default=1, verbose_name='gửi tài liệu trước ít nhất (ngày)')),
                ('name', models.CharField(max_length=255, verbose_name='tên phiếu')),
                ('applies_to', models.CharField(choices=[('all', 'Cả sinh hoạt thường kỳ và chuyên đề'), ('chuyen_de', 'Chỉ sinh hoạt chuyên đề'), ('thuong_ky', 'Chỉ sinh hoạt thường kỳ')], default='all', max_length=12, verbose_name='áp dụng cho')),
                ('active', models.BooleanField(default=True, help_text='Bỏ chọn để thôi áp dụng (các buổi đã chấm vẫn giữ phiếu cũ).', verbose_name='đang áp dụng')),
                ('description', models.TextField(blank=True, verbose_name='ghi chú')),
                ('updated_at', models.DateTimeField(auto_now=True)),
                ('organization', models.ForeignKey(blank=True, help_text='Áp dụng cho các chi bộ trực thuộc, trừ nơi cấp dưới có phiếu riêng. Để trống: phiếu mặc định của cả cổng thông tin.', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='scoring_templates', to='organizations.organization', verbose_name='tổ chức ban hành')),
            ],
            options={
                'verbose_name': 'phiếu chấm điểm',
                'verbose_name_plural': 'phiếu chấm điểm',
                'ordering': ['organization__path', 'name'],
            },
        ),
        migrations.CreateModel(
            name='ScoringCriterion',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('sort_order', models.IntegerField(blank=True, editable=False, null=True)),
                ('code', models.CharField(help_text='Dùng khi nhập dữ liệu, ví dụ thoi_luong, chuan_bi.', max_length=40, validators=[django.core.validators.RegexValidator('^[a-z0-9_]+$', 'Mã chỉ gồm chữ thường không dấu, chữ số và dấu gạch dưới.')], verbose_name='mã')),
                ('label', models.CharField(max_length=255, verbose_name='tiêu chí')),
                ('points', models.PositiveSmallIntegerField(validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(100)], verbose_name='điểm tối đa')),
                ('auto_check', models.CharField(blank=True, choices=[('attendance', 'Tỷ lệ dự họp'), ('absences', 'Vắng mặt không lý do'), ('duration', 'Thời lượng'), ('materials', 'Gửi tài liệu trước buổi sinh hoạt'), ('minutes', 'Biên bản đầy đủ')], max_length=12, verbose_name='kiểm tra tự động')),
                ('template', modelcluster.fields.ParentalKey(on_delete=django.db.models.deletion.CASCADE, related_name='criteria', to='topics.scoringtemplate')),
            ],
            options={
                'verbose_name': 'tiêu chí',
                'verbose_name_plural': 'tiêu chí',
                'ordering': ['sort_order'],
                'abstract': False,
            },
        ),
        migrations.CreateModel(
            name='ScoringVersion',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('tot_min', models.PositiveSmallIntegerField(default=90, validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(100)], verbose_name='điểm tối thiểu xếp loại Tốt')),
                ('kha_min', models.PositiveSmallIntegerField(default=70, validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(100)], verbose_name='điểm tối thiểu xếp loại Khá')),
                ('trung_binh_min', models.PositiveSmallIntegerField(default=50, validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(100)], verbose_name='điểm tối thiểu xếp loại Trung bình')),
                ('attendance_threshold', models.PositiveSmallIntegerField(default=90, validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(100)], verbose_name='tỷ lệ dự họp tối thiểu (%)')),
                ('max_unexcused_absences', models.PositiveSmallIntegerField(default=0, verbose_name='số đảng viên vắng không lý do tối đa')),
                ('min_duration_minutes', models.PositiveSmallIntegerField(default=90, verbose_name='thời lượng tối thiểu (phút)')),
                ('materials_lead_days', models.PositiveSmallIntegerField(default=1, verbose_name='gửi tài liệu trước ít nhất (ngày)')),
                ('number', models.PositiveIntegerField(verbose_name='phiên bản')),
                ('name', models.CharField(max_length=255, verbose_name='tên phiếu')),
                ('applies_to', models.CharField(choices=[('all', 'Cả sinh hoạt thường kỳ và chuyên đề'), ('chuyen_de', 'Chỉ sinh hoạt chuyên đề'), ('thuong_ky', 'Chỉ sinh hoạt thường kỳ')], default='all', max_length=12)),
                ('criteria', models.JSONField(default=list)),
                ('year_rules', models.JSONField(default=list)),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('template', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='versions', to='topics.scoringtemplate')),
            ],
            options={
                'verbose_name': 'phiên bản phiếu chấm điểm',
                'ordering': ['template_id', 'number'],
            },
        ),
        migrations.AddField(
            model_name='scoringtemplate',
            name='current_version',
            field=models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='topics.scoringversion'),
        ),
        migrations.AddField(
            model_name='scoreproposal',
            name='version',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='topics.scoringversion'),
        ),
        migrations.AddField(
            model_name='meeting',
            name='scoring_version',
            field=models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='meetings', to='topics.scoringversion', verbose_name='phiếu chấm điểm'),
        ),
        migrations.CreateModel(
            name='YearRule',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('sort_order', models.IntegerField(blank=True, editable=False, null=True)),
                ('level', models.CharField(choices=[('tot', 'Tốt'), ('kha', 'Khá'), ('trung_binh', 'Trung bình')], max_length=12, verbose_name='xếp loại năm')),
                ('all_at_least', models.CharField(blank=True, choices=[('tot', 'Tốt'), ('kha', 'Khá'), ('trung_binh', 'Trung bình'), ('kem', 'Kém')], max_length=12, verbose_name='mọi buổi đạt ít nhất')),
                ('min_count', models.PositiveSmallIntegerField(default=0, verbose_name='và ít nhất (số buổi)')),
                ('count_level', models.CharField(choices=[('tot', 'Tốt'), ('kha', 'Khá'), ('trung_binh', 'Trung bình'), ('kem', 'Kém')], default='tot', max_length=12, verbose_name='đạt ít nhất xếp loại')),
                ('template', modelcluster.fields.ParentalKey(on_delete=django.db.models.deletion.CASCADE, related_name='year_rules', to='topics.scoringtemplate')),
            ],
            options={
                'verbose_name': 'điều kiện xếp loại năm',
                'verbose_name_plural': 'điều kiện xếp loại năm',
                'ordering': ['sort_order'],
                'abstract': False,
            },
        ),
        migrations.CreateModel(
            name='ScoreVote',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('agree', models.BooleanField()),
                ('at', models.DateTimeField(default=django.utils.timezone.now)),
                ('proposal', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='votes', to='topics.scoreproposal')),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'constraints': [models.UniqueConstraint(fields=('proposal', 'user'), name='uniq_score_vote')],
            },
        ),
        migrations.AddConstraint(
            model_name='scoringversion',
            constraint=models.UniqueConstraint(fields=('template', 'number'), name='uniq_scoring_version'),
        ),
    ]
