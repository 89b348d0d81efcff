"""Members' study pages ("Học tập của tôi"), saved items, read marks, notes, and the read report."""
from django.urls import path

from inputs import converters  # noqa: F401 — registers <id:…> (bounded ids)
from inputs.ratelimit import limit_posts
from study import views as study

app_name = "study"
urlpatterns = [
    path("hoc-tap/", study.my_study, name="home"),
    path("hoc-tap/da-luu/", study.saved_items, name="saved"),
    path("hoc-tap/tai-lieu/<id:pk>/mo/", study.open_item, name="open"),
    path("hoc-tap/tai-lieu/<id:pk>/da-doc/", study.mark_read, name="mark_read"),
    path("hoc-tap/tai-lieu/<id:pk>/luu/", study.toggle_bookmark, name="bookmark"),
    path("hoc-tap/tai-lieu/<id:pk>/ghi-chu/", study.save_note, name="note"),
    # A POST here mails reminders to the cell: at most 30 per user per hour (inputs/ratelimit.py).
    path("hoc-tap/sinh-hoat/<id:pk>/doc-tai-lieu/", limit_posts("read-reminder")(study.read_report), name="read_report"),
]
