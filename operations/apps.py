from django.apps import AppConfig


class OperationsConfig(AppConfig):
    name = "operations"
    verbose_name = "Vận hành"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.conf import settings
        from PIL import Image

        from operations import admin_dates, audit  # Django's app loading: models must be ready first

        admin_dates.bound_admin_date_fields()
        audit.connect()
        # Pillow refuses an image of more than twice this many pixels (a decompression bomb) and warns above it.
        Image.MAX_IMAGE_PIXELS = settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS
