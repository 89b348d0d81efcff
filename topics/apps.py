from django.apps import AppConfig


class TopicsConfig(AppConfig):
    """Topics, plans and roll-outs, and the cells' thematic meetings from plan to outcome."""

    name = "topics"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from library.importing import register_line_handler  # Django's app loading: models must be ready first
        from topics.importing import MeetingLines  # (same)

        register_line_handler(MeetingLines)  # "meeting" lines of import_library
