from django.apps import AppConfig


class StudyConfig(AppConfig):
    """What members do with the materials before a meeting: "Học tập của tôi", read marks, notes, reports."""

    name = "study"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = "Học tập"
