"""Images embedded in library texts, served through the privacy layer.

Stock Wagtail writes renditions under ``MEDIA_ROOT/images`` and links them as ``/media/images/…``: a
public URL, readable by anyone who guesses or is forwarded it, even for a picture in a restricted
document. Here every rendition URL points at ``/anh/<file>`` instead (``ProtectedRenditionStorage`` is
``WAGTAILIMAGES_RENDITION_STORAGE``), and that view streams the file only after the same check as for
document downloads (``library.file_access``): the viewer may see an item showing the image, or may choose
the image in the admin. Original uploads are never served at all.
"""
from __future__ import annotations

import mimetypes

from django.core.files.storage import FileSystemStorage
from django.http import FileResponse, Http404
from django.utils.deconstruct import deconstructible
from django.views.decorators.http import require_safe

IMAGE_URL_PREFIX = "/anh/"


@deconstructible
class ProtectedRenditionStorage(FileSystemStorage):
    """Rendition files under MEDIA_ROOT as usual (following the setting), linked through the permission-checked view (``/anh/…``)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("base_url", IMAGE_URL_PREFIX)
        super().__init__(**kwargs)


@require_safe
def serve_rendition(request, path: str):
    """Stream one rendition file if ``request.user`` may see an item that shows its image (else 404)."""
    from wagtail.images import get_image_model
    from wagtail.images.permissions import permission_policy

    from library.file_access import check_file_access  # lazily: this module is loaded from settings, before models

    rendition_model = get_image_model().get_rendition_model()
    rendition = rendition_model.objects.select_related("image").filter(file=path).first()
    if rendition is None:
        raise Http404
    denied = check_file_access(request, rendition.image, permission_policy)
    if denied is not None:
        return denied
    try:
        handle = rendition.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    content_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
    response = FileResponse(handle, content_type=content_type)
    # Never kept by shared caches: the answer depends on who asks.
    response["Cache-Control"] = "private, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response
