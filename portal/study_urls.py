"""Members' study pages ("Học tập của tôi"), bookmarks and notes (filled by the access issue)."""
from django.urls import path  # noqa: F401

urlpatterns = []
