from django.urls import path

from library import api, images, pack_files, views

app_name = "library"
urlpatterns = [
    path("thu-vien/", views.library_index, name="index"),
    path("thu-vien/<int:pk>/", views.item_detail, name="item"),
    path("thu-vien/<int:pk>/goi-chuyen-de.docx", pack_files.pack_docx, name="pack-docx"),
    path("thu-vien/<int:pk>/goi-chuyen-de.pdf", pack_files.pack_pdf, name="pack-pdf"),
    path("api/items/<int:pk>/", api.item_api, name="api-item"),
    # Image renditions, through the privacy check (see library/images.py): IMAGE_URL_PREFIX.
    path("anh/<path:path>", images.serve_rendition, name="image"),
]
