"""The Wagtail admin's document form with the site's upload limit (``MAX_UPLOAD_SIZE``); Wagtail limits
images itself (``WAGTAILIMAGES_MAX_UPLOAD_SIZE`` and ``WAGTAILIMAGES_MAX_IMAGE_PIXELS``, set from the same
settings)."""
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from wagtail.documents.forms import BaseDocumentForm

from library import file_limits


class LimitedDocumentForm(BaseDocumentForm):
    def clean_file(self):
        uploaded = self.cleaned_data.get("file")
        size = getattr(uploaded, "size", None)
        if size is not None and size > file_limits.max_upload_size():
            raise ValidationError(_("Tệp quá lớn (%(size)s MB; tối đa %(max)s MB).")
                                  % {"size": round(size / file_limits.MB, 1),
                                     "max": round(file_limits.max_upload_size() / file_limits.MB, 1)})
        return uploaded
