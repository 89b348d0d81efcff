"""Admin for the library: one snippet with Wagtail's drafts, revisions, locking, workflow and scheduling.

Editors list, filter and search items here; search in the admin uses plain database filtering
(``search_backend_name = None``) so no Wagtail search index is kept for 100,000 rows.
"""
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel, ObjectList, TabbedInterface
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from library.models import LibraryItem
from portal.access import Viewer


class LibraryItemViewSet(SnippetViewSet):
    model = LibraryItem
    icon = "doc-full"
    menu_label = _("Thư viện văn bản")
    menu_order = 100
    list_display = ["title", "symbol", "item_type", "issuer", "issued_on", "visibility", "live"]
    list_filter = ["item_type", "kind", "visibility", "validity", "issued_on"]
    list_per_page = 50
    search_fields = ["title", "symbol", "summary"]
    search_backend_name = None
    ordering = ["-issued_on"]

    edit_handler = TabbedInterface([
        ObjectList([
            FieldRowPanel([FieldPanel("item_type"), FieldPanel("kind")]),
            FieldRowPanel([FieldPanel("symbol"), FieldPanel("issuer")]),
            FieldPanel("title"),
            FieldRowPanel([FieldPanel("issued_on"), FieldPanel("effective_from"), FieldPanel("validity")]),
            FieldRowPanel([FieldPanel("signer"), FieldPanel("field")]),
            FieldPanel("tags"),
            FieldPanel("summary"),
            FieldPanel("body"),
            InlinePanel("attachments", label=_("Tệp đính kèm")),
        ], heading=_("Văn bản")),
        ObjectList([FieldPanel("sections")], heading=_("Tài liệu học tập")),
        ObjectList([
            FieldPanel("purpose"), FieldPanel("guide"), FieldPanel("discussion_questions"),
            FieldPanel("conclusion_template"),
        ], heading=_("Gói chuyên đề")),
        ObjectList([InlinePanel("relations_out", label=_("Quan hệ với văn bản khác"))], heading=_("Quan hệ")),
        ObjectList([MultiFieldPanel([FieldPanel("visibility"), FieldPanel("allowed_orgs")],
                                    heading=_("Ai được xem"))], heading=_("Phạm vi")),
    ])


class LibraryGroup(SnippetViewSetGroup):
    menu_label = _("Thư viện")
    menu_icon = "doc-full-inverse"
    menu_order = 100
    items = (LibraryItemViewSet,)


register_snippet(LibraryGroup)


@hooks.register("before_serve_document")
def check_document_permission(document, request):
    """Attachments of items the user may not see are never served (404-like refusal)."""
    item_ids = list(document.library_attachments.values_list("item_id", flat=True))
    if not item_ids:
        return None
    viewer = Viewer.for_request(request)
    if not viewer.library_items().filter(pk__in=item_ids).exists():
        from django.http import Http404

        raise Http404


__all__ = ["PermissionDenied"]
