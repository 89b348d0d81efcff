"""Logging in (username or e-mail, remember me), lockout after repeated failures, the admin login,
password reset by e-mail, logout."""
import re

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from django.urls import reverse

from organizations.models import Role
from portal.accounts import REMEMBER_ME_SECONDS
from tests.factories import MembershipFactory, UserFactory

PASSWORD = "Mat-khau-thu-2026"
LOGIN = "/tai-khoan/dang-nhap/"


@pytest.fixture
def member(db):
    return UserFactory(username="nguyenvanan", email="an@example.org")


def login(client, username, password=PASSWORD, **extra):
    return client.post(LOGIN, {"username": username, "password": password, **extra})


def test_login_page_is_vietnamese_and_simple(db):
    body = Client().get(LOGIN).content.decode()
    assert "Tên đăng nhập hoặc e-mail" in body
    assert "Mật khẩu" in body and "Ghi nhớ đăng nhập" in body and "Quên mật khẩu?" in body
    assert 'autocomplete="username"' in body and 'autocomplete="current-password"' in body


@pytest.mark.parametrize("typed", ["nguyenvanan", "NguyenVanAn", "an@example.org", "AN@EXAMPLE.ORG"])
def test_login_by_username_or_email(member, typed):
    client = Client()
    response = login(client, typed)
    assert response.status_code == 302 and response["Location"] == settings.LOGIN_REDIRECT_URL
    assert client.get("/hoc-tap/").status_code == 200


def test_wrong_password_message_in_vietnamese(member):
    response = login(Client(), "nguyenvanan", "sai-mat-khau")
    assert response.status_code == 200
    assert "Tên đăng nhập/e-mail hoặc mật khẩu không đúng." in response.content.decode()


def test_next_is_followed_only_on_this_site(member):
    assert login(Client(), "nguyenvanan", next="/hoc-tap/")["Location"] == "/hoc-tap/"
    assert login(Client(), "nguyenvanan", next="https://evil.example/")["Location"] == "/"


def test_remember_me_keeps_the_session_two_weeks(member):
    client = Client()
    login(client, "nguyenvanan", remember_me="on")
    assert client.session.get_expiry_age() == REMEMBER_ME_SECONDS
    assert not client.session.get_expire_at_browser_close()
    assert client.cookies[settings.SESSION_COOKIE_NAME]["max-age"] == REMEMBER_ME_SECONDS


def test_without_remember_me_the_session_ends_with_the_browser(member):
    client = Client()
    login(client, "nguyenvanan")
    assert client.session.get_expire_at_browser_close()
    assert not client.cookies[settings.SESSION_COOKIE_NAME]["max-age"]


def test_lockout_after_repeated_failures(member):
    client = Client()
    limit = settings.AXES_FAILURE_LIMIT
    for _ in range(limit - 1):
        assert login(client, "nguyenvanan", "sai").status_code == 200
    locked = login(client, "nguyenvanan", "sai")
    assert locked.status_code in (403, 429)
    body = locked.content.decode()
    assert "Tạm khóa đăng nhập" in body and f"sai mật khẩu {limit} lần" in body
    assert "thử lại sau 1 giờ" in body
    # While locked, even the right password (or the e-mail address) is refused.
    assert login(client, "nguyenvanan").status_code in (403, 429)
    assert login(client, "an@example.org").status_code in (403, 429)
    assert "_auth_user_id" not in client.session


def test_email_and_username_share_one_failure_counter(member):
    client = Client()
    limit = settings.AXES_FAILURE_LIMIT
    for i in range(limit - 1):
        login(client, "an@example.org" if i % 2 else "NguyenVanAn", "sai")
    assert login(client, "nguyenvanan", "sai").status_code in (403, 429)


def test_other_accounts_are_not_locked(member):
    other = UserFactory(username="tranthibinh")
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login(client, "nguyenvanan", "sai")
    assert login(client, other.username)["Location"] == "/"


def test_success_resets_the_counter(member):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        login(client, "nguyenvanan", "sai")
    login(client, "nguyenvanan")
    client.post(reverse("accounts:logout"))
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert login(client, "nguyenvanan", "sai").status_code == 200


# -- the Wagtail admin uses this login --------------------------------------------------------
def test_admin_sends_anonymous_to_our_login_and_back(db):
    secretary = MembershipFactory(role=Role.SECRETARY, user__username="bithu").user
    client = Client()
    response = client.get("/admin/")
    assert response.status_code == 302 and response["Location"].startswith(LOGIN + "?next=/admin/")
    response = login(client, "bithu", next="/admin/")
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200
    assert secretary.groups.exists()


def test_member_without_admin_access_is_told_not_looped(member):
    client = Client()
    client.force_login(member)
    response = client.get("/admin/", follow=True)
    assert response.status_code == 200
    assert len(response.redirect_chain) == 1  # /admin/ → login page, and it stops there
    assert "chưa được cấp quyền vào trang quản trị" in response.content.decode()


def test_superuser_reaches_the_admin(db):
    UserFactory(username="quantri", is_superuser=True, is_staff=True)
    client = Client()
    assert login(client, "quantri", next="/admin/")["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


# -- password reset ----------------------------------------------------------------------------
def test_password_reset_by_email(member):
    client = Client()
    assert "Quên mật khẩu" in client.get(reverse("accounts:password_reset")).content.decode()
    response = client.post(reverse("accounts:password_reset"), {"email": "AN@example.org"})
    assert response.status_code == 302
    assert "Hãy kiểm tra hộp thư" in client.get(response["Location"]).content.decode()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == "Đặt lại mật khẩu Sổ tay chuyên đề" and message.to == ["an@example.org"]
    link = re.search(r"https?://[^/\s]+(/tai-khoan/dat-lai/\S+/)", message.body).group(1)
    form = client.get(link, follow=True)
    assert "Đặt mật khẩu mới" in form.content.decode()
    form_url = form.redirect_chain[-1][0]
    too_short = client.post(form_url, {"new_password1": "ab1", "new_password2": "ab1"})
    assert too_short.status_code == 200  # Django's validators apply
    done = client.post(form_url, {"new_password1": "Mat-khau-moi-2026", "new_password2": "Mat-khau-moi-2026"},
                       follow=True)
    assert "Đã đặt mật khẩu mới" in done.content.decode()
    assert login(Client(), "nguyenvanan", "Mat-khau-moi-2026")["Location"] == "/"
    # The link is single-use.
    assert "không hợp lệ" in client.get(link, follow=True).content.decode()


def test_password_reset_for_unknown_email_reveals_nothing(db):
    response = Client().post(reverse("accounts:password_reset"), {"email": "khongco@example.org"})
    assert response.status_code == 302 and mail.outbox == []


def test_invited_member_without_password_can_use_forgot_password(member):
    member.set_unusable_password()
    member.save()
    Client().post(reverse("accounts:password_reset"), {"email": "an@example.org"})
    assert len(mail.outbox) == 1


def test_logout_is_post_only_and_says_so(member):
    client = Client()
    client.force_login(member)
    assert client.get(reverse("accounts:logout")).status_code == 405
    response = client.post(reverse("accounts:logout"), follow=True)
    assert "Bạn đã đăng xuất." in response.content.decode()
    assert client.get("/hoc-tap/").status_code == 302


def test_member_changes_password_with_validators(member):
    client = Client()
    client.force_login(member)
    url = reverse("accounts:password_change")
    assert "Đổi mật khẩu" in client.get(url).content.decode()
    weak = client.post(url, {"old_password": PASSWORD, "new_password1": "12345678", "new_password2": "12345678"})
    assert weak.status_code == 200
    response = client.post(url, {"old_password": PASSWORD, "new_password1": "Mat-khau-rieng-2026",
                                 "new_password2": "Mat-khau-rieng-2026"})
    assert response.status_code == 302
    assert login(Client(), "nguyenvanan", "Mat-khau-rieng-2026")["Location"] == "/"
