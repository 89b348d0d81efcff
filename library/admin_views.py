"""Admin report: documents cited in the library but missing from it (a to-do list for uploaders).

``/admin/thu-vien/van-ban-con-thieu/`` lists groups of unresolved citations, most-cited first, with the
items citing them and the relation their wording suggests; ``?trang_thai=ambiguous`` lists references
that match several documents; ``?format=csv`` downloads the whole list. Editors of the library only.
"""
from __future__ import annotations

import csv

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import StreamingHttpResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from library.citation_selectors import describe_groups, missing_groups
from library.models import CitationStatus
from organizations.access import Viewer

PAGE_SIZE = 50
PERMISSION = "library.change_libraryitem"


def can_use(user) -> bool:
    return bool(user and user.is_authenticated and (user.is_superuser or user.has_perm(PERMISSION)))


class MissingDocumentsView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "library/admin/missing_documents.html"
    page_title = gettext_lazy("Văn bản được trích dẫn nhưng chưa có trong thư viện")
    header_icon = "warning"

    def dispatch(self, request, *args, **kwargs):
        if not can_use(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return []

    def status(self):
        value = self.request.GET.get("trang_thai", "")
        return CitationStatus.AMBIGUOUS if value == CitationStatus.AMBIGUOUS else CitationStatus.UNRESOLVED

    def get(self, request, *args, **kwargs):
        if request.GET.get("format") == "csv":
            return self.csv_response()
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        viewer = Viewer.for_request(self.request)
        status = self.status()
        query = (self.request.GET.get("q") or "").strip()[:100]
        page = Paginator(missing_groups(viewer, status, query), PAGE_SIZE).get_page(self.request.GET.get("p"))
        ctx.update({
            "page_obj": page,
            "elided_page_range": page.paginator.get_elided_page_range(page.number),
            "documents": describe_groups(viewer, page.object_list, status),
            "status": status,
            "query": query,
            "csv_url": self._csv_url(status, query),
        })
        return ctx

    def _csv_url(self, status, query):
        from urllib.parse import urlencode

        params = {"format": "csv", "trang_thai": status}
        if query:
            params["q"] = query
        return reverse("library_missing_documents") + "?" + urlencode(params)

    def csv_response(self):
        viewer = Viewer.for_request(self.request)
        status = self.status()
        query = (self.request.GET.get("q") or "").strip()[:100]
        base = self.request.build_absolute_uri("/")[:-1]

        def rows():
            yield "\ufeff"  # Excel opens UTF-8 Vietnamese correctly with a BOM
            buf = _Echo()
            writer = csv.writer(buf)
            yield writer.writerow([_("Văn bản được trích dẫn"), _("Loại"), _("Số"), _("Số hiệu"), _("Cơ quan ban hành"),
                                   _("Ngày ban hành nêu trong trích dẫn"), _("Số văn bản trích dẫn"),
                                   _("Số lần trích dẫn"), _("Quan hệ gợi ý"), _("Văn bản trích dẫn")])
            groups = missing_groups(viewer, status, query)
            paginator = Paginator(groups, 500)
            for number in paginator.page_range:
                for doc in describe_groups(viewer, paginator.page(number).object_list, status, citing_limit=50):
                    citing = "; ".join(f"{sym or title[:80]} ({base}{reverse('library:item', args=[pk])})"
                                       for pk, sym, title in doc.citing)
                    yield writer.writerow([_safe(v) for v in (
                        doc.label, doc.kind_name, doc.number, doc.symbol, doc.issuer,
                        ", ".join(d.strftime("%d/%m/%Y") for d in doc.dates), doc.items_count, doc.mentions,
                        ", ".join(f"{label} ({n})" for label, n in doc.suggestions), citing)])

        name = f"van-ban-con-thieu-{timezone.localdate():%Y%m%d}.csv"
        response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response


class _Echo:
    def write(self, value):
        return value


def _safe(value):
    """Cells starting with = + - @ would run as formulas in a spreadsheet."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


class MissingDocumentsMenuItem(MenuItem):
    def is_shown(self, request):
        return can_use(request.user)


def menu_item():
    return MissingDocumentsMenuItem(gettext_lazy("Văn bản còn thiếu"), reverse("library_missing_documents"),
                                    icon_name="warning", order=150)


urlpatterns = [
    path("thu-vien/van-ban-con-thieu/", MissingDocumentsView.as_view(), name="library_missing_documents"),
]
