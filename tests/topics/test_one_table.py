"""One table of states: a step the lifecycle refuses reads the same, word for word, whether a secretary presses
the button on the meeting page, picks the status in the admin form or a file line asks for it."""
import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from tests.commands import run_command, write_jsonl
from tests.factories import MeetingFactory
from tests.topics.test_admin import _form_data, edit_url
from topics import lifecycle
from topics.models import MeetingStatus

S = MeetingStatus
pytestmark = pytest.mark.django_db


def import_line(tmp_path, meeting, **extra):
    row = {"type": "meeting", "cell": meeting.cell.name, "title": meeting.title,
           "scheduled_at": timezone.localtime(meeting.scheduled_at).strftime("%Y-%m-%dT%H:%M:%S"), **extra}
    return run_command("import_library", write_jsonl(tmp_path / "meeting.jsonl", [row]))


@pytest.mark.parametrize("stored, wanted, action", [
    (S.CONCLUDED, S.ANNOUNCED, "announce"),
    (S.CANCELLED, S.HELD, "hold"),
    (S.HELD, S.POSTPONED, "postpone"),
])
def test_a_refused_step_has_one_message_on_the_page_in_the_admin_and_in_an_import(
        world, client_for, tmp_path, stored, wanted, action):
    m = MeetingFactory(cell=world.cell_a, title="Chuyên đề một bảng trạng thái", status=stored,
                       scheduled_at=timezone.now() - dt.timedelta(days=2), conclusion="Chi bộ thống nhất.")
    expected = lifecycle.refusal(stored, wanted).messages[0]
    assert "Không thể chuyển buổi sinh hoạt" in expected  # the table's own words, not a copy

    secretary = client_for(world.secretary_a)
    page = secretary.post(reverse("topics:meeting-action", args=[m.pk]), {"action": action, "reason": "Bão số 3"},
                          follow=True)
    assert expected in page.content.decode()

    admin = secretary.post(edit_url(m), _form_data(m, status=wanted, status_reason="Bão số 3",
                                                   conclusion=m.conclusion))
    assert admin.status_code == 200 and expected in admin.content.decode()

    code, _out, err = import_line(tmp_path, m, status=wanted, status_reason="Bão số 3")
    assert code == 1 and f"line 1: {expected}" in err

    m.refresh_from_db()
    assert m.status == stored and not m.events.exists() and m.sequence == 0


def test_a_guard_has_one_message_on_the_page_and_in_the_admin(world, client_for):
    """Cancelling needs a reason when a person does it (an import line records the past: see
    test_import_meetings)."""
    m = world.meeting_a
    with pytest.raises(ValidationError) as refused:
        lifecycle.check(lifecycle.Change(S.PLANNED, S.CANCELLED, reason="  "))
    expected = refused.value.messages[0]
    secretary = client_for(world.secretary_a)
    page = secretary.post(reverse("topics:meeting-action", args=[m.pk]),
                          {"action": "cancel", "reason": "", "confirm": "on"}, follow=True)
    admin = secretary.post(edit_url(m), _form_data(m, status=S.CANCELLED))
    assert expected in page.content.decode() and expected in admin.content.decode()
    m.refresh_from_db()
    assert m.status == S.PLANNED


def test_the_table_says_how_a_status_is_reached():
    """A status set rather than pressed: a new meeting or an import line may be recorded as concluded (through
    held); a person changing an existing meeting presses "held" first; nobody goes back."""
    def steps(source, target, via):
        return [(t.source, t.target) for t in lifecycle.path(source, target, via)]

    assert steps(None, S.CONCLUDED, lifecycle.ADMIN) == [(S.PLANNED, S.HELD), (S.HELD, S.CONCLUDED)]
    assert steps(S.ANNOUNCED, S.CONCLUDED, lifecycle.IMPORT) == [(S.ANNOUNCED, S.HELD), (S.HELD, S.CONCLUDED)]
    assert steps(S.HELD, S.HELD, lifecycle.IMPORT) == [] and steps(None, S.PLANNED, lifecycle.IMPORT) == []
    for source, target, via in [(S.PLANNED, S.CONCLUDED, lifecycle.ADMIN), (S.PLANNED, S.CONCLUDED, lifecycle.ACTION),
                                (S.CONCLUDED, S.PLANNED, lifecycle.IMPORT), (S.CANCELLED, S.CONCLUDED, lifecycle.IMPORT)]:
        with pytest.raises(ValidationError, match="Không thể chuyển"):
            lifecycle.path(source, target, via)


@pytest.mark.parametrize("status, days, buttons", [
    (S.PLANNED, 3, ["announce", "reschedule", "postpone", "cancel"]),   # not held before it starts
    (S.PLANNED, -1, ["hold", "reschedule", "postpone", "cancel"]),      # nor announced once it has started
    (S.ANNOUNCED, -1, ["hold", "reschedule", "postpone", "cancel"]),
    (S.HELD, -1, ["conclude"]),
    (S.POSTPONED, 3, ["reschedule", "cancel"]),                         # a new time before anything else
    (S.CONCLUDED, -1, []),
])
def test_the_meeting_page_offers_the_buttons_the_table_allows(world, client_for, status, days, buttons):
    m = MeetingFactory(cell=world.cell_a, status=status, scheduled_at=timezone.now() + dt.timedelta(days=days))
    page = client_for(world.secretary_a).get(m.get_absolute_url())
    assert [f.action for f in page.context["action_forms"]] == buttons
