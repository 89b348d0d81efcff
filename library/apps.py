from django.apps import AppConfig


class LibraryConfig(AppConfig):
    name = "library"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from library import citation_signals  # noqa: F401  (citations follow saves and deletes)
