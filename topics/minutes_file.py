""""Tải biên bản": the minutes of a concluded meeting as DOCX, in the layout cells file on paper.

Header (the đảng bộ and the cell on the left, "ĐẢNG CỘNG SẢN VIỆT NAM" on the right, place and date), the title,
time and place, attendance (present out of total, absentees with reasons, chair, secretary, guests), content
(agenda, presenters, members' opinions sent before the meeting, speeches, the course of the meeting), the
conclusion (with the resolution, the tasks and the rating), the closing sentence and the two signatures.

Who may download it: whoever may see the meeting (``Viewer.can_see_meeting``; the login page or 404 otherwise,
as the meeting page); the opinions sent before the meeting only when the user may read them (the cell and the
staff above it). Only a concluded meeting has minutes to file (404 before).
"""
from __future__ import annotations

from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from library.printing import DOCX_TYPE, Printable, attachment
from library.printing import docx as docx_renderer
from organizations.access import Viewer
from topics.models import Meeting, MeetingStatus


def _local(value):
    return timezone.localtime(value)


def _header(doc: Printable, meeting: Meeting) -> None:
    cell = meeting.cell
    left = []
    if cell.parent_id:
        left.append((cell.parent.name.upper(), False))
    left += [(cell.name.upper(), True), ("*", False)]
    right = [(_("ĐẢNG CỘNG SẢN VIỆT NAM"), True), ("", False)]
    doc.columns(left, right)
    start = _local(meeting.scheduled_at)
    where = meeting.place.split(",")[0].strip() if meeting.place else ""
    date_line = _("ngày %(d)s tháng %(m)s năm %(y)s") % {"d": f"{start.day:02d}", "m": f"{start.month:02d}",
                                                        "y": start.year}
    doc.paragraph(f"{where}, {date_line}" if where else date_line.capitalize(), italic=True, align="right")


def build_minutes(meeting: Meeting, viewer: Viewer) -> Printable:
    start, end = _local(meeting.scheduled_at), _local(meeting.ends_at)
    doc = Printable(_("Biên bản sinh hoạt chuyên đề: %(t)s") % {"t": meeting.title})
    _header(doc, meeting)
    doc.document_title(_("Biên bản"), _("Sinh hoạt chuyên đề: %(t)s") % {"t": meeting.title})

    doc.heading(_("Thời gian, địa điểm"))
    when = _("Vào lúc %(h)s giờ %(mi)s phút, ngày %(d)s") % {"h": f"{start.hour:02d}", "mi": f"{start.minute:02d}",
                                                            "d": start.strftime("%d/%m/%Y")}
    where = _(", tại %(p)s") % {"p": meeting.place} if meeting.place else ""
    doc.paragraph(_("%(when)s%(where)s, %(cell)s tổ chức sinh hoạt chuyên đề.")
                  % {"when": when, "where": where, "cell": meeting.cell.name})
    if meeting.topic_id:
        doc.paragraph(_("Chủ đề: %(t)s") % {"t": meeting.topic.name})

    doc.heading(_("Thành phần tham dự"))
    lines = []
    if meeting.chair:
        lines.append(_("Chủ trì: %(n)s") % {"n": meeting.chair})
    if meeting.minutes_secretary:
        lines.append(_("Thư ký: %(n)s") % {"n": meeting.minutes_secretary})
    if meeting.upper_member:
        lines.append(_("Cấp ủy viên cấp trên dự: %(n)s") % {"n": meeting.upper_member})
    if meeting.guests:
        lines.append(_("Khách mời: %(n)s") % {"n": meeting.guests})
    if meeting.attendance_total:
        lines.append(_("Đảng viên có mặt: %(p)s/%(t)s") % {"p": meeting.attendance_present or 0,
                                                          "t": meeting.attendance_total})
    absentees = list(meeting.absentees.all().order_by("sort_order", "pk"))
    lines.append(_("Vắng mặt: %(n)s đồng chí") % {"n": len(absentees)})
    doc.bullets(lines)
    doc.bullets([f"{a.name} — {a.reason}" if a.reason else a.name for a in absentees])

    doc.heading(_("Nội dung"))
    if meeting.agenda:
        doc.heading(_("Chương trình"), level=2)
        doc.paragraph(meeting.agenda)
    if meeting.presenters:
        doc.paragraph(_("Người trình bày: %(n)s") % {"n": meeting.presenters})
    if viewer.may_read_opinions(meeting):
        opinions = list(meeting.member_opinions.order_by("created_at", "pk"))
        if opinions:
            doc.heading(_("Ý kiến, câu hỏi gửi trước buổi sinh hoạt"), level=2)
            doc.bullets([f"{o.author_name}: {o.text}" for o in opinions])
    speeches = list(meeting.speeches.all().order_by("sort_order", "pk"))
    if meeting.speakers is not None or speeches:
        doc.heading(_("Ý kiến phát biểu"), level=2)
        if meeting.speakers is not None:
            doc.paragraph(_("%(s)s đảng viên phát biểu %(o)s ý kiến.") % {"s": meeting.speakers,
                                                                          "o": meeting.opinions or 0})
        doc.bullets([f"{s.speaker}: {' '.join(s.gist.split())}" for s in speeches])
    if meeting.minutes:
        doc.heading(_("Diễn biến"), level=2)
        doc.paragraph(meeting.minutes)

    doc.heading(_("Kết luận"))
    doc.paragraph(meeting.conclusion)
    if meeting.resolution_id and viewer.can_see_item(meeting.resolution):
        doc.paragraph(_("Nghị quyết của chi bộ: %(r)s") % {"r": f"{meeting.resolution.display_name} — "
                                                                     f"{meeting.resolution.title}"})
    tasks = list(meeting.tasks.all().order_by("sort_order", "pk"))
    if tasks:
        doc.heading(_("Phân công nhiệm vụ"), level=2)
        doc.bullets([f"{t.assignee}: {t.description}" + (_(" (hạn %(d)s)") % {"d": t.due_on.strftime("%d/%m/%Y")}
                                                         if t.due_on else "") for t in tasks])
    if meeting.score is not None:
        doc.paragraph(_("Chi bộ tự đánh giá chất lượng buổi sinh hoạt: %(s)s/100 điểm, xếp loại %(l)s.")
                      % {"s": meeting.score, "l": meeting.get_level_display()})
    doc.paragraph(_("Buổi sinh hoạt kết thúc lúc %(h)s giờ %(mi)s phút cùng ngày; biên bản đã được đọc lại và "
                    "thông qua trước chi bộ.") % {"h": f"{end.hour:02d}", "mi": f"{end.minute:02d}"})

    sign = (_("(Ký, ghi rõ họ tên)"), False)
    doc.columns([(_("THƯ KÝ"), True), sign, ("", False), ("", False), (meeting.minutes_secretary, True)],
                [(_("CHỦ TRÌ"), True), sign, ("", False), ("", False), (meeting.chair, True)])
    return doc


def minutes_docx(request, pk):
    viewer = Viewer.for_request(request)
    meeting = (Meeting.objects.select_related("cell", "cell__parent", "topic", "resolution")
               .filter(pk=pk).first())
    if meeting is None:
        raise Http404
    if not viewer.can_see_meeting(meeting):
        if not viewer.is_authenticated:
            return redirect_to_login(request.get_full_path())
        raise Http404
    if meeting.status != MeetingStatus.CONCLUDED:
        raise Http404
    body = docx_renderer.render(build_minutes(meeting, viewer))
    name = f"bien-ban-sinh-hoat-{meeting.pk}-{_local(meeting.scheduled_at):%Y%m%d}.docx"
    return attachment(HttpResponse(body, content_type=DOCX_TYPE), name)
