"""Committee dashboard and report exports (filled by the reports issue)."""
from django.urls import path  # noqa: F401

app_name = "reports"
urlpatterns = []
