from django.apps import AppConfig


class SearchConfig(AppConfig):
    label = "portal_search"
    name = "search"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = "Tìm kiếm"

    def ready(self):
        from search import signals  # noqa: F401  (connects the indexing handlers)
