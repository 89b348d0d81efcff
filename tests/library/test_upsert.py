"""The batch writers under every importer (``library.importing.upsert``): rows land exactly as the fields say,
on SQLite and PostgreSQL alike, and the objects get the primary keys of their own rows."""
import pytest
from django.utils.translation import gettext_lazy

from library.importing import upsert
from tests.factories import CellFactory
from tests.world import local
from topics.models import Meeting, MeetingEvent, MeetingStatus

pytestmark = pytest.mark.django_db


def _meetings(cell, n):
    return [Meeting(cell=cell, title=f"Sinh hoạt chuyên đề số {i}", scheduled_at=local(2026, 3, 1 + i, 8, 0),
                    duration_minutes=90 + i, criteria_scores={"TC1": i}, is_public=bool(i % 2))
            for i in range(n)]


def test_each_new_meeting_gets_the_key_of_its_own_row_across_several_statements(monkeypatch):
    columns = len(upsert._insert_columns(Meeting))
    monkeypatch.setattr(upsert, "_max_parameters", lambda: 3 * columns)  # three rows per INSERT: 3 statements
    cell = CellFactory()
    meetings = _meetings(cell, 8)
    upsert.insert_returning(Meeting, meetings)
    assert len({m.pk for m in meetings}) == 8
    for i, m in enumerate(meetings):
        stored = Meeting.objects.get(pk=m.pk)
        assert (stored.title, stored.scheduled_at, stored.duration_minutes, stored.criteria_scores,
                stored.is_public) == (f"Sinh hoạt chuyên đề số {i}", local(2026, 3, 1 + i, 8, 0), 90 + i,
                                      {"TC1": i}, bool(i % 2))
        assert stored.created_at is not None and stored.status == MeetingStatus.PLANNED


def test_a_written_meeting_saves_as_an_update_not_a_second_row():
    meeting = _meetings(CellFactory(), 1)[0]
    upsert.insert_returning(Meeting, [meeting])
    meeting.place = "Hội trường tầng 2"
    meeting.save()
    assert Meeting.objects.count() == 1
    assert Meeting.objects.get().place == "Hội trường tầng 2"


def test_values_of_another_type_go_through_the_field_as_in_a_normal_save():
    meeting = _meetings(CellFactory(), 1)[0]
    meeting.place = gettext_lazy("Hội trường")  # a lazy string, not a str
    meeting.attendance_present = "12"  # text for a number
    meeting.is_public = 1  # a number for a yes/no
    upsert.insert_returning(Meeting, [meeting])
    stored = Meeting.objects.get(pk=meeting.pk)
    assert (stored.place, stored.attendance_present, stored.is_public) == ("Hội trường", 12, True)


def test_history_rows_are_written_with_their_times_and_statuses():
    meeting = _meetings(CellFactory(), 1)[0]
    upsert.insert_returning(Meeting, [meeting])
    upsert.insert_rows(MeetingEvent, [
        MeetingEvent(meeting=meeting, from_status="", to_status=MeetingStatus.PLANNED, at=local(2026, 2, 1, 7, 30)),
        MeetingEvent(meeting=meeting, from_status=MeetingStatus.PLANNED, to_status=MeetingStatus.HELD,
                     reason="Đã họp", at=local(2026, 3, 1, 11, 0))])
    assert list(meeting.events.order_by("at").values_list("to_status", "reason", "at")) == [
        (MeetingStatus.PLANNED, "", local(2026, 2, 1, 7, 30)),
        (MeetingStatus.HELD, "Đã họp", local(2026, 3, 1, 11, 0))]
