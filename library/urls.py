from django.urls import path

from inputs import converters  # noqa: F401 — registers <id:…> (bounded ids)
from library import images, views

app_name = "library"
urlpatterns = [
    path("thu-vien/", views.library_index, name="index"),
    path("thu-vien/<id:pk>/", views.item_detail, name="item"),
    # Image renditions, through the privacy check (see library/images.py): IMAGE_URL_PREFIX.
    path("anh/<path:path>", images.serve_rendition, name="image"),
]
