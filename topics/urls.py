"""Topics, organizations, plans, meetings, roll-outs, calendars and the meetings API (Vietnamese paths)."""
from django.urls import path

from topics import api, minutes_file, views
from topics.scoring import views as scoring_views

app_name = "topics"
urlpatterns = [
    path("chu-de/", views.topic_index, name="topic_index"),
    path("chu-de/<slug:slug>/", views.topic_detail, name="topic"),
    path("to-chuc/<int:pk>/", views.organization_detail, name="organization"),
    path("to-chuc/<int:pk>/ke-hoach/<int:year>/", views.organization_plan, name="organization-plan"),
    path("to-chuc/<int:pk>/lich.ics", views.organization_ics, name="organization-ics"),
    path("to-chuc/<int:pk>/trien-khai/", views.rollout_new, name="rollout-new"),
    path("trien-khai/<int:pk>/", views.rollout_detail, name="rollout"),
    path("sinh-hoat/<int:pk>/", views.meeting_detail, name="meeting"),
    path("sinh-hoat/<int:pk>/thao-tac/", views.meeting_action, name="meeting-action"),
    path("sinh-hoat/<int:pk>/cham-diem/", scoring_views.meeting_scoring, name="meeting-scoring"),
    path("sinh-hoat/<int:pk>/y-kien/", views.meeting_opinion, name="meeting-opinion"),
    path("sinh-hoat/<int:pk>/bien-ban.docx", minutes_file.minutes_docx, name="meeting-minutes-docx"),
    path("sinh-hoat/<int:pk>/lich.ics", views.meeting_ics, name="meeting-ics"),
    path("lich/", views.calendar_token, name="calendar-token"),
    path("lich/cua-toi.ics", views.my_calendar_ics, name="my-calendar"),
    path("api/meetings/", api.meetings_api, name="api-meetings"),
]
