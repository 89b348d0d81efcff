"""A cell's resolution (nghị quyết chi bộ) created from a meeting's outcome form (issue 18).

Secretaries do not edit the library, so until now a meeting's resolution could only be picked among existing
items. :func:`resolution_create` lets whoever manages the meeting (its cell's secretary, the staff above)
write it in the outcome form: a *Nghị quyết* issued by the cell on the meeting's day, restricted to the cell
(its members and the staff above it see it; nobody else), published at once — it is the cell's own record,
not a document of the đảng bộ waiting for the committee's review — and linked as the meeting's resolution.
"""
from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from library.models import ItemType, LibraryItem, Visibility
from organizations.access import Viewer
from vntext.html_text import text_to_html


def resolution_item(meeting, *, symbol: str, title: str, text: str) -> LibraryItem:
    """The unsaved item (validated: a clear ValidationError for a missing title or a clash of identity)."""
    title = " ".join((title or "").split())
    if not title:
        raise ValidationError(_("Cần nhập trích yếu của nghị quyết."), code="title_required")
    item = LibraryItem(item_type=ItemType.DOCUMENT, kind="NQ", symbol=(symbol or "").strip()[:120], title=title,
                       issuer=meeting.cell, issued_on=timezone.localtime(meeting.scheduled_at).date(),
                       body=text_to_html(text or ""), visibility=Visibility.RESTRICTED, live=True)
    item.clean()
    return item


@transaction.atomic
def resolution_create(meeting, user, *, symbol: str = "", title: str, text: str = "") -> LibraryItem:
    """Create, publish and link the meeting's resolution; only for someone who manages the meeting's cell."""
    if not Viewer(user).can_manage_meetings_of(meeting.cell):
        raise ValidationError(_("Bạn không quản lý chi bộ này."), code="not_manager")
    item = resolution_item(meeting, symbol=symbol, title=title, text=text)
    item.allowed_orgs = [meeting.cell]
    item.save()
    # Secretaries hold no library permission: the right to publish this one item is the check above.
    item.save_revision(user=user, log_action=True).publish(user=user, skip_permission_checks=True)
    meeting.resolution = item
    type(meeting).objects.filter(pk=meeting.pk).update(resolution=item)
    return item
