"""Issue 14: password reset (and other forms that send mail) are rate limited; tokens stay out of logs."""
import logging

import pytest
from django.core import mail
from django.test import Client

from operations.logfilters import mask
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_ten_password_resets_for_one_address_send_three_emails():
    UserFactory(username="hoa", email="hoa@example.org")
    client = Client()
    statuses = [client.post("/tai-khoan/quen-mat-khau/", {"email": "hoa@example.org"}).status_code
                for _ in range(10)]
    assert len(mail.outbox) == 3
    assert statuses[:3] == [302] * 3 and statuses[3:] == [429] * 7
    response = client.post("/tai-khoan/quen-mat-khau/", {"email": "HOA@example.org"})
    assert response.status_code == 429
    assert "quá nhiều lần" in response.content.decode()


def test_one_client_cannot_spray_many_addresses():
    client = Client(REMOTE_ADDR="203.0.113.9")
    statuses = [client.post("/tai-khoan/quen-mat-khau/", {"email": f"nguoi{i}@example.org"}).status_code
                for i in range(12)]
    assert statuses.count(302) == 10 and statuses[-2:] == [429, 429]
    other = Client(REMOTE_ADDR="203.0.113.10")
    assert other.post("/tai-khoan/quen-mat-khau/", {"email": "khac@example.org"}).status_code == 302


def test_unknown_and_known_addresses_get_the_same_answer():
    UserFactory(username="lan", email="lan@example.org")
    client = Client()
    known = client.post("/tai-khoan/quen-mat-khau/", {"email": "lan@example.org"})
    unknown = client.post("/tai-khoan/quen-mat-khau/", {"email": "khong-co@example.org"})
    assert known.status_code == unknown.status_code == 302


def test_meeting_actions_that_mail_the_cell_are_limited_per_user(world, settings):
    client = world.client("secretary_a")
    url = f"/sinh-hoat/{world.public_meeting.pk}/thao-tac/"
    statuses = [client.post(url, {"action": "bogus"}).status_code for _ in range(31)]
    assert statuses[:30] == [302] * 30 and statuses[30] == 429


@pytest.mark.parametrize("raw, masked", [
    ("GET /lich/cua-toi.ics?token=abcDEF123_-x HTTP/1.1", "GET /lich/cua-toi.ics?token=*** HTTP/1.1"),
    ("/to-chuc/3/lich.ics?x=1&token=abc", "/to-chuc/3/lich.ics?x=1&token=***"),
    ("GET /tai-khoan/dat-lai/MTI/cbx1-9f8e7d6c5b4a/ HTTP/1.1", "GET /tai-khoan/dat-lai/MTI/***/ HTTP/1.1"),
    ("/tai-khoan/dat-lai/MTI/set-password/", "/tai-khoan/dat-lai/MTI/set-password/"),
    ("/tai-khoan/dat-lai/xong/", "/tai-khoan/dat-lai/xong/"),
])
def test_mask(raw, masked):
    assert mask(raw) == masked


def test_not_found_warnings_carry_no_calendar_token(caplog):
    with caplog.at_level(logging.WARNING, logger="django.request"):
        Client().get("/lich/khong-co.ics", {"token": "BIMAT-LICH-42"})
    text = "\n".join(record.getMessage() for record in caplog.records)
    assert "Not Found" in text and "BIMAT-LICH-42" not in text
