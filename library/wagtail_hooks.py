"""Admin for the library: one snippet with Wagtail's drafts, revisions, locking, workflow and scheduling.

Editors list, filter and search items here; search in the admin uses plain database filtering
(``search_backend_name = None``) so no Wagtail search index is kept for 100,000 rows.
"""
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import (FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel, ObjectList, PublishingPanel,
                                  TabbedInterface)
from wagtail.admin.ui.tables import LiveStatusTagColumn
from wagtail.documents.permissions import permission_policy as document_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSetGroup

from library import admin_views
from library.file_access import check_file_access
from library.admin_form import LibraryItemAdminForm
from library.models import ItemType, LibraryItem
from organizations.admin_scope import ScopedSnippetViewSet
from organizations.widgets import OrganizationTreeWidget


def only(*item_types) -> str:
    """Classes for a tab or field meant for some item types (static/portal/admin.js hides it for the others)."""
    return " ".join(["sotay-for", *(f"sotay-for-{t}" for t in item_types)])


ONLY_DOCUMENT = only(ItemType.DOCUMENT)


class LibraryItemViewSet(ScopedSnippetViewSet):
    """Listing, edit, delete, history, revisions… are limited to the items the editor manages (404 outside
    them); the chooser (a meeting's materials, a pack's guide, relations) offers every live item the editor
    may *see* plus the ones they manage (organizations.access.ADMIN_SCOPES)."""

    model = LibraryItem

    icon = "doc-full"
    menu_label = _("Thư viện văn bản")
    menu_order = 100
    list_display = ["title", "symbol", "item_type", "issuer", "issued_on", "visibility", LiveStatusTagColumn(label=_("Trạng thái"))]
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
            FieldPanel("issued_on"),
            FieldRowPanel([FieldPanel("effective_from"), FieldPanel("expired_on")], classname=ONLY_DOCUMENT),
            FieldPanel("validity", classname=ONLY_DOCUMENT),
            FieldRowPanel([FieldPanel("signer"), FieldPanel("field")]),
            FieldPanel("tags"),
            FieldPanel("summary"),
            FieldPanel("body"),
            InlinePanel("attachments", label=_("Tệp đính kèm")),
            # Go-live and expiry (Wagtail's scheduled publishing; edited in the status side panel's dialog):
            # respected by the privacy layer at once and applied by library.scheduling / `publish_scheduled`.
            PublishingPanel(),
        ], heading=_("Văn bản")),
        ObjectList([FieldPanel("sections")], heading=_("Tài liệu học tập"), classname=only(ItemType.STUDY_GUIDE)),
        ObjectList([
            FieldPanel("purpose"), FieldPanel("guide"), FieldPanel("discussion_questions"),
            FieldPanel("conclusion_template"),
        ], heading=_("Gói chuyên đề"), classname=only(ItemType.SESSION_PACK)),
        ObjectList([InlinePanel("relations_out", label=_("Quan hệ với văn bản khác"))], heading=_("Quan hệ")),
        ObjectList([MultiFieldPanel([FieldPanel("visibility"),
                                     FieldPanel("allowed_orgs", widget=OrganizationTreeWidget)],
                                    heading=_("Ai được xem")),
                    FieldPanel("for_cells", widget=OrganizationTreeWidget)], heading=_("Phạm vi")),
    ], base_form_class=LibraryItemAdminForm)


class LibraryGroup(SnippetViewSetGroup):
    menu_label = _("Thư viện")
    menu_icon = "doc-full-inverse"
    menu_order = 100
    items = (LibraryItemViewSet,)


register_snippet(LibraryGroup)


@hooks.register("before_serve_document")
def check_document_permission(document, request):
    """Serve a file only to someone who may see an item that uses it (library.file_access decides)."""
    return check_file_access(request, document, document_permission_policy)




# --- Missing-documents report (citations issue): admin URL and menu item ------------------------------
@hooks.register("register_admin_urls")
def register_citation_admin_urls():
    return admin_views.urlpatterns


@hooks.register("register_admin_menu_item")
def register_missing_documents_menu_item():
    return admin_views.menu_item()
