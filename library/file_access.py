"""Who may download a file (a Wagtail document or an image rendition): one rule for both.

A file is visible to whoever may see a library item that *uses* it — attached to the item, or embedded /
linked in its text (Wagtail's reference index) — as decided by ``organizations.access``. Someone who may not see
any of those items gets a 404, as for the item page; an anonymous visitor asking for a file of an internal
item is sent to the login page. Editors may open the files of items in their scope while still drafts, and
staff who manage the file in the admin (change / choose on its collection: their đảng bộ's files, see
``organizations.file_scopes``) may always open it.
"""
from __future__ import annotations

from django.contrib.auth.views import redirect_to_login
from django.contrib.contenttypes.models import ContentType
from django.http import Http404
from wagtail.models import ReferenceIndex

from library.models import LibraryItem, Visibility
from organizations.access import Viewer


def items_using(obj) -> set[int]:
    """Ids of the library items that attach ``obj`` (documents) or reference it from their text."""
    ids: set[int] = set()
    attachments = getattr(obj, "library_attachments", None)
    if attachments is not None:
        ids |= set(attachments.values_list("item_id", flat=True))
    ids |= {int(pk) for pk in ReferenceIndex.objects.filter(
        to_content_type=ContentType.objects.get_for_model(obj, for_concrete_model=False),
        to_object_id=str(obj.pk),
        base_content_type=ContentType.objects.get_for_model(LibraryItem),
    ).values_list("object_id", flat=True)}
    return ids


def check_file_access(request, obj, permission_policy):
    """``None`` when ``request.user`` may download ``obj``; a login redirect; or raises ``Http404``.

    ``permission_policy`` is the Wagtail collection policy of the file's model (documents or images).
    """
    viewer = Viewer.for_request(request)
    if request.user.is_authenticated and request.user.is_staff and \
            permission_policy.user_has_any_permission_for_instance(request.user, ["change", "choose"], obj):
        return None
    item_ids = items_using(obj)
    if not item_ids:
        raise Http404
    if viewer.library_items().filter(pk__in=item_ids).exists():
        return None
    # Editors may open the files of a draft they are allowed to see once published.
    if (viewer.is_authenticated and request.user.has_perm("library.change_libraryitem")
            and LibraryItem.objects.filter(pk__in=item_ids).filter(viewer.library_q()).exists()):
        return None
    if not viewer.is_authenticated and LibraryItem.objects.filter(
            pk__in=item_ids, live=True, visibility=Visibility.INTERNAL).exists():
        return redirect_to_login(request.get_full_path())
    raise Http404
