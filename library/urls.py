from django.urls import path

from library import images, views

app_name = "library"
urlpatterns = [
    path("thu-vien/", views.library_index, name="index"),
    path("thu-vien/<int:pk>/", views.item_detail, name="item"),
    path("chu-de/", views.topic_index, name="topics"),
    path("chu-de/<slug:slug>/", views.topic_detail, name="topic"),
    # Image renditions, through the privacy check (see library/images.py): IMAGE_URL_PREFIX.
    path("anh/<path:path>", images.serve_rendition, name="image"),
]
