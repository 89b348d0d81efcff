from django.urls import path

from inputs import converters  # noqa: F401 — registers <id:…> (bounded ids)
from library import api, images, pack_files, views

app_name = "library"
urlpatterns = [
    path("thu-vien/", views.library_index, name="index"),
    path("thu-vien/<id:pk>/", views.item_detail, name="item"),
    path("thu-vien/<id:pk>/goi-chuyen-de.docx", pack_files.pack_docx, name="pack-docx"),
    path("thu-vien/<id:pk>/goi-chuyen-de.pdf", pack_files.pack_pdf, name="pack-pdf"),
    path("api/items/<id:pk>/", api.item_api, name="api-item"),
    # Image renditions, through the privacy check (see library/images.py): IMAGE_URL_PREFIX.
    path("anh/<path:path>", images.serve_rendition, name="image"),
]
