"""E-mails: announce once per member, reminder the day before once, cancellation notice."""
import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from tests.factories import LibraryItemFactory, MeetingFactory, MeetingMaterialFactory, MembershipFactory, UserFactory
from tests.topics.conftest import local
from topics import services
from topics.models import MeetingNotification, NotificationKind

pytestmark = pytest.mark.django_db


def recipients():
    return sorted(addr for m in mail.outbox for addr in m.to)


def test_announce_mails_each_member_once_with_date_place_and_materials(world):
    doc = LibraryItemFactory(symbol="910-CT/TW", title="Chỉ thị về nâng cao chất lượng sinh hoạt chi bộ")
    MeetingMaterialFactory(meeting=world.meeting_a, item=doc)
    sent = services.meeting_announce(world.meeting_a)
    assert sent == 3
    assert recipients() == ["member_a2@example.org", "member_a@example.org", "secretary_a@example.org"]
    body = mail.outbox[0].body
    when = timezone.localtime(world.meeting_a.scheduled_at)
    assert when.strftime("%d/%m/%Y") in mail.outbox[0].subject
    assert when.strftime("%H:%M") in body and "Hội trường A" in body
    assert "910-CT/TW" in body and f"/thu-vien/{doc.pk}/" in body

    # Announcing again (a double click, a second secretary) mails nobody twice.
    assert services.meeting_announce(world.meeting_a) == 0
    assert len(mail.outbox) == 3
    assert MeetingNotification.objects.filter(kind=NotificationKind.ANNOUNCE).count() == 3


def test_members_of_other_cells_and_staff_get_no_mail(world):
    services.meeting_announce(world.meeting_a)
    assert not {"member_b@example.org", "staff_base1@example.org"} & set(recipients())


def test_a_member_who_joins_later_gets_the_announcement_on_the_next_announce(world):
    services.meeting_announce(world.meeting_a)
    newcomer = UserFactory(username="newcomer")
    MembershipFactory(user=newcomer, organization=world.cell_a)
    assert services.meeting_announce(world.meeting_a) == 1
    assert mail.outbox[-1].to == ["newcomer@example.org"]


def test_mail_leaves_out_materials_the_member_may_not_open(world):
    secret = LibraryItemFactory(title="Tài liệu mật của chi bộ C", visibility="restricted", allowed=[world.cell_c])
    MeetingMaterialFactory(meeting=world.meeting_a, item=secret)
    services.meeting_announce(world.meeting_a)
    assert all("Tài liệu mật" not in m.body for m in mail.outbox)


def test_moving_an_announced_meeting_tells_members_the_new_time(world):
    services.meeting_announce(world.meeting_a)
    new_time = timezone.now() + dt.timedelta(days=9)
    services.meeting_reschedule(world.meeting_a, new_time)
    assert len(mail.outbox) == 6
    assert "[Đổi lịch]" in mail.outbox[-1].subject
    assert timezone.localtime(new_time).strftime("%d/%m/%Y") in mail.outbox[-1].body


def test_cancelling_an_announced_meeting_notifies_members_once(world):
    services.meeting_announce(world.meeting_a)
    mail.outbox.clear()
    services.meeting_cancel(world.meeting_a, "Mưa bão")
    assert len(mail.outbox) == 3 and "[Hủy]" in mail.outbox[0].subject and "Mưa bão" in mail.outbox[0].body


def test_cancelling_a_meeting_never_announced_sends_nothing(world):
    services.meeting_cancel(world.meeting_a, "Trùng lịch")
    assert mail.outbox == []


def test_reminders_the_day_before_are_sent_once(world):
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    m = MeetingFactory(cell=world.cell_a, scheduled_at=local(tomorrow.year, tomorrow.month, tomorrow.day, 14, 0))
    services.meeting_announce(m)
    far = MeetingFactory(cell=world.cell_b, scheduled_at=timezone.now() + dt.timedelta(days=10))
    services.meeting_announce(far)
    not_announced = MeetingFactory(cell=world.cell_b, scheduled_at=m.scheduled_at)
    mail.outbox.clear()

    call_command("send_meeting_reminders")
    assert recipients() == ["member_a2@example.org", "member_a@example.org", "secretary_a@example.org"]
    assert all("[Nhắc lịch]" in x.subject for x in mail.outbox)
    call_command("send_meeting_reminders")
    call_command("send_meeting_reminders")
    assert len(mail.outbox) == 3
    assert not_announced.notifications.count() == 0


def test_reminder_command_with_a_date(world):
    m = MeetingFactory(cell=world.cell_a, scheduled_at=local(2031, 8, 20, 14, 0))
    services.meeting_announce(m, now=local(2031, 8, 1, 8, 0))
    mail.outbox.clear()
    call_command("send_meeting_reminders", "--date", "2031-08-19")
    assert len(mail.outbox) == 3
