"""'Học tập của tôi': the checklist, read marks (only on the member's POST), bookmarks and notes (private),
the secretary's read report and the once-a-day reminder."""
import datetime as dt

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from organizations.models import Role
from study.models import Bookmark, PersonalNote, ReadMark
from tests.access.conftest import TOKENS, attach
from tests.factories import LibraryItemFactory, MeetingFactory, MeetingMaterialFactory, MembershipFactory
from topics.models import MeetingNotification, MeetingStatus, NotificationKind

STUDY = "/hoc-tap/"


def _post(client, name, item, **data):
    return client.post(reverse(name, args=[item.pk]), data)


# -- the checklist -----------------------------------------------------------------------------
def test_study_page_needs_login(world):
    response = Client().get(STUDY)
    assert response.status_code == 302
    assert response["Location"].startswith("/tai-khoan/dang-nhap/?next=/hoc-tap/")


def test_member_sees_upcoming_meeting_with_checklist_and_time_left(world):
    response = world.client("member_a").get(STUDY)
    body = response.content.decode()
    assert response.status_code == 200
    assert "Buổi sinh hoạt mẫu công khai" in body          # upcoming meeting of cell A
    assert TOKENS["meeting_a"] not in body                   # held 10 days ago: not "upcoming"
    for key in ("public", "internal", "restricted_a"):
        assert TOKENS[key] in body                           # each material on the checklist
    assert "còn 2 ngày" in body                              # scheduled in 3 days minus a few seconds
    assert "Đã đọc 0/3 tài liệu" in body
    assert "Đánh dấu đã đọc" in body
    assert world.files["public"].url in body                 # download link of the attachment


def test_member_of_another_cell_sees_nothing_of_cell_a(world):
    body = world.client("member_b").get(STUDY).content.decode()
    assert "Buổi sinh hoạt mẫu công khai" not in body
    assert TOKENS["restricted_a"] not in body
    assert "Chưa có buổi sinh hoạt chuyên đề sắp tới" in body


def test_cancelled_and_other_cells_meetings_are_not_listed(world):
    MeetingFactory(cell=world.cell_a, title="Buổi đã hủy XYZHUY", status=MeetingStatus.CANCELLED,
                   scheduled_at=timezone.now() + dt.timedelta(days=5))
    MeetingFactory(cell=world.cell_b, title="Buổi của chi bộ B XYZB",
                   scheduled_at=timezone.now() + dt.timedelta(days=5))
    body = world.client("member_a").get(STUDY).content.decode()
    assert "XYZHUY" not in body
    assert "XYZB" not in body


def test_material_the_member_may_not_see_is_left_out(world):
    """A meeting of cell A may list a document restricted to another cell: the checklist never shows it."""
    secret = LibraryItemFactory(title="Tài liệu riêng của chi bộ C OMEGASECRET", visibility="restricted",
                                allowed=[world.cell_c])
    MeetingMaterialFactory(meeting=world.public_meeting, item=secret, sort_order=9)
    body = world.client("member_a").get(STUDY).content.decode()
    assert "OMEGASECRET" not in body
    assert "Đã đọc 0/3 tài liệu" in body


def test_viewing_pages_never_marks_anything_read(world):
    client = world.client("member_a")
    item = world.items["internal"]
    client.get(STUDY)
    client.get(item.get_absolute_url())
    client.get(world.files["internal"].url)
    assert not ReadMark.objects.filter(read_at__isnull=False).exists()

    response = client.get(reverse("study:open", args=[item.pk]))       # opened from the checklist
    assert response.status_code == 302 and response["Location"] == item.get_absolute_url()
    mark = ReadMark.objects.get(user=world.users["member_a"], item=item)
    assert mark.opened_at is not None and mark.read_at is None
    assert "Đã mở, chưa đọc xong" in client.get(STUDY).content.decode()


def test_mark_read_and_unread_by_post(world):
    client = world.client("member_a")
    item = world.items["public"]
    assert client.get(reverse("study:mark_read", args=[item.pk])).status_code == 405  # never by GET

    response = _post(client, "study:mark_read", item, action="read", next=STUDY)
    assert response.status_code == 302 and response["Location"] == STUDY
    mark = ReadMark.objects.get(user=world.users["member_a"], item=item)
    assert mark.read_at is not None
    page = client.get(STUDY).content.decode()
    assert "Đã đọc 1/3 tài liệu" in page
    assert "là đã đọc" in page  # the Vietnamese confirmation message

    _post(client, "study:mark_read", item, action="unread", next=STUDY)
    mark.refresh_from_db()
    assert mark.read_at is None
    assert "Đã đọc 0/3 tài liệu" in client.get(STUDY).content.decode()


def test_marks_are_per_member(world):
    _post(world.client("member_a"), "study:mark_read", world.items["public"], action="read")
    body = world.client("secretary_a").get(STUDY).content.decode()
    assert "Đã đọc 0/3 tài liệu" in body


def test_writes_need_csrf_token(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["member_a"])
    for name in ("study:mark_read", "study:bookmark", "study:note"):
        assert _post(client, name, world.items["public"], text="x").status_code == 403
    assert not ReadMark.objects.exists() and not Bookmark.objects.exists() and not PersonalNote.objects.exists()


@pytest.mark.parametrize("name", ["study:mark_read", "study:bookmark", "study:note", "study:open"])
def test_cannot_touch_an_item_one_may_not_see(world, name):
    client = world.client("member_b")
    item = world.items["restricted_a"]
    if name == "study:open":
        response = client.get(reverse(name, args=[item.pk]))
    else:
        response = _post(client, name, item, action="read", text="ghi chú")
    assert response.status_code == 404
    assert not ReadMark.objects.exists() and not Bookmark.objects.exists() and not PersonalNote.objects.exists()


def test_anonymous_writes_go_to_login(world):
    response = _post(Client(), "study:bookmark", world.items["public"])
    assert response.status_code == 302 and "/tai-khoan/dang-nhap/" in response["Location"]
    assert not Bookmark.objects.exists()


def test_redirect_back_only_to_this_site(world):
    item = world.items["public"]
    response = _post(world.client("member_a"), "study:mark_read", item, action="read",
                     next="https://evil.example/steal")
    assert response["Location"] == item.get_absolute_url()


def test_bad_action_is_a_400_in_vietnamese(world):
    response = _post(world.client("member_a"), "study:mark_read", world.items["public"], action="xoa-het")
    assert response.status_code == 400
    assert "Thao tác không hợp lệ" in response.content.decode()


# -- bookmarks and notes: private to the member --------------------------------------------------
def test_bookmark_toggle_and_saved_page(world):
    client = world.client("member_a")
    item = world.items["internal"]
    _post(client, "study:bookmark", item, action="save", next=STUDY)
    _post(client, "study:bookmark", item, action="save", next=STUDY)  # twice: still one bookmark
    assert Bookmark.objects.filter(user=world.users["member_a"], item=item).count() == 1
    saved = client.get(reverse("study:saved")).content.decode()
    assert TOKENS["internal"] in saved

    # Another member never sees it.
    other = world.client("secretary_a").get(reverse("study:saved")).content.decode()
    assert TOKENS["internal"] not in other
    assert "Bạn chưa lưu tài liệu nào" in other

    _post(client, "study:bookmark", item)  # no action: toggles off
    assert not Bookmark.objects.exists()
    assert TOKENS["internal"] not in client.get(reverse("study:saved")).content.decode()


def test_saved_page_still_filters_by_visibility(world):
    item = world.items["restricted_a"]
    user = world.users["member_a"]
    Bookmark.objects.create(user=user, item=item)
    assert TOKENS["restricted_a"] in world.client("member_a").get(reverse("study:saved")).content.decode()
    item.allowed_orgs.set([world.cell_c])  # access withdrawn later
    item.save()  # a ParentalManyToManyField is written on save
    assert TOKENS["restricted_a"] not in world.client("member_a").get(reverse("study:saved")).content.decode()


def test_note_is_private_to_its_author(world):
    item = world.items["public"]
    a = world.client("member_a")
    response = _post(a, "study:note", item, text="Ghi chú riêng NOTEPRIVATE", next=item.get_absolute_url())
    assert response.status_code == 302
    assert "NOTEPRIVATE" in a.get(item.get_absolute_url()).content.decode()
    for role in ("secretary_a", "staff_above_a", "superuser", "anonymous"):
        assert "NOTEPRIVATE" not in world.client(role).get(item.get_absolute_url()).content.decode(), role
    _post(a, "study:note", item, text="   ")  # empty: deleted
    assert not PersonalNote.objects.exists()


def test_note_too_long_is_a_400(world):
    response = _post(world.client("member_a"), "study:note", world.items["public"], text="x" * 10_001)
    assert response.status_code == 400
    assert "Ghi chú quá dài" in response.content.decode()
    assert not PersonalNote.objects.exists()


def test_item_page_has_the_reader_tools(world):
    item = world.items["public"]
    body = world.client("member_a").get(item.get_absolute_url()).content.decode()
    assert 'data-text-size="up"' in body and 'data-text-size="down"' in body
    assert 'data-listen="#toan-van"' in body and 'id="toan-van"' in body
    assert "window.print()" in body
    assert "Đánh dấu đã đọc" in body and "Lưu ghi chú" in body
    anonymous = Client().get(item.get_absolute_url()).content.decode()
    assert 'data-listen="#toan-van"' in anonymous
    assert "Đánh dấu đã đọc" not in anonymous  # no private tools without an account


def test_study_page_query_count_does_not_grow_with_meetings(world, django_assert_max_num_queries):
    client = world.client("member_a")
    client.get(STUDY)  # warm caches (content types, session)
    with django_assert_max_num_queries(14):
        assert client.get(STUDY).status_code == 200
    for n in range(4):
        meeting = MeetingFactory(cell=world.cell_a, scheduled_at=timezone.now() + dt.timedelta(days=5 + n))
        for m in range(5):
            item = LibraryItemFactory(visibility="internal")
            attach(item, f"Tệp {n}-{m}", b"abc", f"t{n}{m}.txt")
            MeetingMaterialFactory(meeting=meeting, item=item, sort_order=m)
            ReadMark.objects.create(user=world.users["member_a"], item=item, read_at=timezone.now())
    with django_assert_max_num_queries(14):
        body = client.get(STUDY).content.decode()
    assert body.count("check-item") >= 23


# -- the secretary's read report -----------------------------------------------------------------
def report_url(meeting):
    return reverse("study:read_report", args=[meeting.pk])


@pytest.mark.parametrize("role,status", [
    ("anonymous", 302), ("member_a", 403), ("member_b", 404), ("secretary_a", 200),
    ("staff_above_a", 200), ("staff_sibling", 404), ("superuser", 200),
])
def test_read_report_permissions(world, role, status):
    response = world.client(role).get(report_url(world.meeting))
    assert response.status_code == status
    if status == 200:
        assert "Tình hình đọc tài liệu" in response.content.decode()


def test_read_report_counts_and_names(world):
    member = world.users["member_a"]
    member.first_name = "Nguyễn Văn Đọc"
    member.save()
    ReadMark.objects.create(user=member, item=world.items["public"], read_at=timezone.now())
    ReadMark.objects.create(user=member, item=world.items["internal"], opened_at=timezone.now())  # opened only
    body = world.client("secretary_a").get(report_url(world.public_meeting)).content.decode()
    assert "0/2 đảng viên đã đọc đủ tài liệu bắt buộc" in body
    assert body.count("Đã đọc: 1/2") == 1 and body.count("Đã đọc: 0/2") == 2
    assert "Nguyễn Văn Đọc" in body
    assert "dv_b" not in body  # members of another cell are not listed


def test_secretary_link_on_study_page(world):
    assert "Xem ai đã đọc tài liệu" in world.client("secretary_a").get(STUDY).content.decode()
    assert "Xem ai đã đọc tài liệu" not in world.client("member_a").get(STUDY).content.decode()


def test_reminder_goes_to_members_who_have_not_read_and_only_once_a_day(world):
    member, secretary = world.users["member_a"], world.users["secretary_a"]
    for item in world.items.values():  # the secretary has read everything
        ReadMark.objects.create(user=secretary, item=item, read_at=timezone.now())
    ReadMark.objects.create(user=member, item=world.items["public"], read_at=timezone.now())
    client = world.client("secretary_a")

    response = client.post(report_url(world.public_meeting))
    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [[member.email]]
    message = mail.outbox[0]
    assert "Nhắc đọc tài liệu" in message.subject
    assert TOKENS["internal"] in message.body and TOKENS["restricted_a"] in message.body
    assert TOKENS["public"] not in message.body  # already read
    assert "/hoc-tap/" in message.body
    assert "Đã gửi nhắc nhở tới 1 đảng viên" in client.get(report_url(world.public_meeting)).content.decode()

    client.post(report_url(world.public_meeting))  # same day: nothing more
    world.client("staff_above_a").post(report_url(world.public_meeting))
    assert len(mail.outbox) == 1
    assert MeetingNotification.objects.filter(kind=NotificationKind.READ_REMINDER).count() == 1


def test_reminder_again_on_another_day(world):
    member = world.users["member_a"]
    MeetingNotification.objects.create(meeting=world.public_meeting, user=member,
                                       kind=NotificationKind.READ_REMINDER,
                                       sent_on=timezone.localdate() - dt.timedelta(days=1))
    world.client("secretary_a").post(report_url(world.public_meeting))
    assert member.email in [m.to[0] for m in mail.outbox]


def test_member_cannot_send_reminders(world):
    assert world.client("member_a").post(report_url(world.public_meeting)).status_code == 403
    assert world.client("member_b").post(report_url(world.meeting)).status_code == 404
    assert mail.outbox == []


def test_reminder_skips_members_without_email(world):
    extra = MembershipFactory(organization=world.cell_a, role=Role.MEMBER, user__email="").user
    world.client("secretary_a").post(report_url(world.public_meeting))
    recipients = [m.to[0] for m in mail.outbox]
    assert extra.username not in " ".join(recipients)
    assert sorted(recipients) == sorted([world.users["member_a"].email, world.users["secretary_a"].email])
