"""Views of "Học tập của tôi" (/hoc-tap/): the checklist, saved items, read marks, notes, the read report.

Every write is a POST (CSRF-protected) by a logged-in member on an item they may see; anything else
is a 404, so a member cannot learn that an item or a meeting exists by poking at these URLs. A page view
never marks anything read: only the "Đánh dấu đã đọc" button does.
"""
from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from library.models import LibraryItem
from organizations.access import Viewer
from study import selectors, services
from topics.models import Meeting, MeetingStatus


def _visible_item(request, pk) -> LibraryItem:
    viewer = Viewer.for_request(request)
    item = get_object_or_404(LibraryItem.objects.select_related("issuer"), pk=pk, live=True)
    if not viewer.can_see_item(item):
        raise Http404
    return item


def _back(request, fallback: str):
    """Redirect to the page the form came from (same site only), else to ``fallback``."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                  require_https=request.is_secure()):
        return redirect(target)
    return redirect(fallback)


def _bad_request(request, message: str):
    return render(request, "study/bad_request.html", {"message": message}, status=400)


@login_required
@require_GET
def my_study(request):
    viewer = Viewer.for_request(request)
    checklists = selectors.upcoming_checklists(viewer)
    return render(request, "study/my_study.html", {
        "checklists": checklists,
        "has_cell": bool(viewer.cell_ids),
    })


@login_required
@require_GET
def saved_items(request):
    viewer = Viewer.for_request(request)
    page = Paginator(selectors.bookmarked_items(viewer), 30).get_page(request.GET.get("trang"))
    return render(request, "study/saved.html", {"page": page})


@login_required
@require_GET
def open_item(request, pk):
    """Follow a checklist link: remember "đã mở", then show the item; with ?nghe=1 the item page starts
    reading aloud (static/portal/site.js), or puts the focus on its "Nghe" button where the browser wants a tap."""
    item = _visible_item(request, pk)
    services.readmark_open(request.user, item)
    suffix = "?nghe=1#nghe" if request.GET.get("nghe") else ""
    return redirect(item.get_absolute_url() + suffix)


@login_required
@require_POST
def mark_read(request, pk):
    item = _visible_item(request, pk)
    action = request.POST.get("action", "read")
    if action not in ("read", "unread"):
        return _bad_request(request, _("Thao tác không hợp lệ."))
    services.readmark_set(request.user, item, read=(action == "read"))
    if action == "read":
        messages.success(request, _("Đã đánh dấu “%(t)s” là đã đọc.") % {"t": item.display_name})
    else:
        messages.info(request, _("Đã bỏ đánh dấu đã đọc “%(t)s”.") % {"t": item.display_name})
    return _back(request, item.get_absolute_url())


@login_required
@require_POST
def toggle_bookmark(request, pk):
    item = _visible_item(request, pk)
    action = request.POST.get("action", "")
    if action not in ("", "save", "remove"):
        return _bad_request(request, _("Thao tác không hợp lệ."))
    saved = services.bookmark_set(request.user, item, {"save": True, "remove": False}.get(action))
    if saved:
        messages.success(request, _("Đã lưu “%(t)s” vào mục Đã lưu.") % {"t": item.display_name})
    else:
        messages.info(request, _("Đã bỏ lưu “%(t)s”.") % {"t": item.display_name})
    return _back(request, item.get_absolute_url())


@login_required
@require_POST
def save_note(request, pk):
    item = _visible_item(request, pk)
    try:
        note = services.note_save(request.user, item, request.POST.get("text", ""))
    except ValueError:
        return _bad_request(request, _("Ghi chú quá dài (tối đa %(n)s ký tự).") % {
            "n": f"{services.NOTE_MAX_LENGTH:,}".replace(",", ".")})
    messages.success(request, _("Đã lưu ghi chú.") if note else _("Đã xóa ghi chú."))
    return _back(request, item.get_absolute_url())


def _managed_meeting(request, pk) -> tuple[Viewer, Meeting]:
    viewer = Viewer.for_request(request)
    meeting = get_object_or_404(Meeting.objects.select_related("cell", "topic"), pk=pk)
    if not viewer.can_see_meeting(meeting):
        raise Http404
    if not viewer.can_manage_meetings_of(meeting.cell):
        raise PermissionDenied
    return viewer, meeting


@login_required
def read_report(request, pk):
    """Who has read which material (secretary of the cell, staff above it, superusers); POST = remind."""
    viewer, meeting = _managed_meeting(request, pk)
    report = selectors.read_report(viewer, meeting)
    if request.method == "POST":
        if meeting.status == MeetingStatus.CANCELLED:
            messages.warning(request, _("Buổi sinh hoạt đã hủy: không gửi nhắc nhở."))
        elif not report.members_pending:
            messages.info(request, _("Mọi đảng viên đã đọc đủ tài liệu bắt buộc: không cần nhắc."))
        else:
            sent, skipped = services.read_reminder_send(
                report, base_url=request.build_absolute_uri("/"), sender=request.user)
            if sent:
                messages.success(request, _("Đã gửi nhắc nhở tới %(n)d đảng viên.") % {"n": sent})
            if skipped:
                messages.info(request, _("%(n)d đảng viên đã được nhắc hôm nay hoặc chưa có e-mail: không gửi lại.")
                              % {"n": skipped})
        return redirect(reverse("study:read_report", args=[meeting.pk]))
    if request.method != "GET":
        return _bad_request(request, _("Thao tác không hợp lệ."))
    return render(request, "study/read_report.html", {
        "meeting": meeting, "report": report,
    })
