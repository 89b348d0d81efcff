from django.apps import AppConfig


class StudyConfig(AppConfig):
    """What members do with the materials before a meeting: "Học tập của tôi", read marks, notes, reports."""

    name = "study"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = "Học tập"

    def ready(self):
        from study.selectors import meeting_read_progress_context  # Django's app loading: models must be ready first
        from topics.extensions import register_meeting_manager_context  # Django's app loading, as above

        # The meeting page (topics, a floor below) shows secretaries how far members have read.
        register_meeting_manager_context(meeting_read_progress_context)
