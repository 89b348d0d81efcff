"""Members' study pages ("Học tập của tôi"), saved items, read marks, notes, and the read report."""
from django.urls import path

from study import views as study

app_name = "study"
urlpatterns = [
    path("hoc-tap/", study.my_study, name="home"),
    path("hoc-tap/da-luu/", study.saved_items, name="saved"),
    path("hoc-tap/tai-lieu/<int:pk>/mo/", study.open_item, name="open"),
    path("hoc-tap/tai-lieu/<int:pk>/da-doc/", study.mark_read, name="mark_read"),
    path("hoc-tap/tai-lieu/<int:pk>/luu/", study.toggle_bookmark, name="bookmark"),
    path("hoc-tap/tai-lieu/<int:pk>/ghi-chu/", study.save_note, name="note"),
    path("hoc-tap/sinh-hoat/<int:pk>/doc-tai-lieu/", study.read_report, name="read_report"),
]
