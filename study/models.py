"""What a member does with the materials: bookmarks, private notes, and read marks (opened / marked as read).

These are per member and private; the pages of "Học tập của tôi" (views.py) and the read report of a meeting
(selectors.py) are built on them.
"""
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Bookmark(models.Model):
    """'Lưu': a member's private bookmark on an item."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="bookmarks")
    item = models.ForeignKey("library.LibraryItem", on_delete=models.CASCADE, related_name="bookmarks")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "library_bookmark"  # created by the library app before the study app existed: kept as is
        constraints = [models.UniqueConstraint(fields=["user", "item"], name="uniq_bookmark")]


class PersonalNote(models.Model):
    """A member's private note on an item."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notes")
    item = models.ForeignKey("library.LibraryItem", on_delete=models.CASCADE, related_name="notes")
    text = models.TextField(_("ghi chú"))
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "library_personalnote"
        constraints = [models.UniqueConstraint(fields=["user", "item"], name="uniq_note")]


class ReadMark(models.Model):
    """A member opened / marked as read one item (per member, not per page view)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="read_marks")
    item = models.ForeignKey("library.LibraryItem", on_delete=models.CASCADE, related_name="read_marks")
    opened_at = models.DateTimeField(null=True, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "library_readmark"
        constraints = [models.UniqueConstraint(fields=["user", "item"], name="uniq_readmark")]
