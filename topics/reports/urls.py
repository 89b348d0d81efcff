"""Committee dashboard, report API and exports (included at the site root by portal/urls.py)."""
from django.urls import path

from topics.reports import views

app_name = "reports"
urlpatterns = [
    path("bao-cao/", views.dashboard, name="dashboard"),
    path("bao-cao/bao-cao-nam.docx", views.annual_docx, name="annual_docx"),
    path("api/reports/thematic-meetings/", views.api_thematic_meetings, name="api_thematic_meetings"),
]
