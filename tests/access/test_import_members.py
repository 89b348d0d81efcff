"""`manage.py import_members FILE.csv [--dry-run]`: good rows, bad rows by line number, idempotency,
invitations sent once, dry run."""
import re
from io import StringIO

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core import mail
from django.core.management import call_command
from django.test import Client, RequestFactory

from organizations.models import Invitation, Membership, OrganizationKind, Role
from organizations.roles import SECRETARY_GROUP, STAFF_GROUP
from tests.factories import OrganizationFactory

User = get_user_model()
PASSWORD = "Hoc-tap-2026!"
HEADER = "username,full_name,email,cell,role,password\n"


@pytest.fixture
def orgs(db):
    x = OrganizationFactory(name="Đảng bộ Khối Nhập Thử")
    a = OrganizationFactory(name="Chi bộ Nhập Thử A", parent=x, kind=OrganizationKind.CELL)
    b = OrganizationFactory(name="Chi bộ Nhập Thử B", parent=x, kind=OrganizationKind.CELL)
    return {"x": x, "a": a, "b": b}


def run(tmp_path, text, *args):
    path = tmp_path / "members.csv"
    path.write_text(text, encoding="utf-8")
    out, err = StringIO(), StringIO()
    code = 0
    try:
        call_command("import_members", str(path), *args, stdout=out, stderr=err)
    except SystemExit as exc:
        code = exc.code
    return code, out.getvalue(), err.getvalue()


def login_ok(username, password):
    return authenticate(RequestFactory().post("/"), username=username, password=password) is not None


GOOD = HEADER + (
    f"an.nv,Nguyễn Văn An,an@example.org,Chi bộ Nhập Thử A,member,{PASSWORD}\n"
    f"binh.tt,Trần Thị Bình,binh@example.org,Chi bộ Nhập Thử A,secretary,{PASSWORD}\n"
    f"cuong.lv,Lê Văn Cường,cuong@example.org,Đảng bộ Khối Nhập Thử,staff,{PASSWORD}\n"
)


def test_good_rows_create_accounts_roles_and_groups(tmp_path, orgs):
    code, out, err = run(tmp_path, GOOD)
    assert code == 0, err
    assert "created 3 / updated 0 / unchanged 0 / failed 0" in out
    an = User.objects.get(username="an.nv")
    assert an.get_full_name() == "Nguyễn Văn An" and an.email == "an@example.org"
    assert login_ok("an.nv", PASSWORD) and login_ok("an@example.org", PASSWORD)
    roles = dict(Membership.objects.values_list("user__username", "role"))
    assert roles == {"an.nv": Role.MEMBER, "binh.tt": Role.SECRETARY, "cuong.lv": Role.STAFF}
    assert list(an.groups.all()) == [] and not an.is_staff
    binh = User.objects.get(username="binh.tt")
    cuong = User.objects.get(username="cuong.lv")
    assert binh.groups.filter(name=SECRETARY_GROUP).exists() and binh.has_perm("wagtailadmin.access_admin")
    assert binh.has_perm("topics.change_meeting") and not binh.has_perm("library.change_libraryitem")
    assert cuong.groups.filter(name=STAFF_GROUP).exists() and cuong.has_perm("library.publish_libraryitem")
    assert binh.is_staff and cuong.is_staff


def test_bad_rows_are_reported_by_line_and_the_rest_imported(tmp_path, orgs):
    text = HEADER + (
        f"ok1,Một,ok1@example.org,Chi bộ Nhập Thử A,member,{PASSWORD}\n"           # line 2
        f"x1,Hai,x1@example.org,Chi bộ Không Có,member,{PASSWORD}\n"                # line 3
        f"x2,Ba,khong-phai-email,Chi bộ Nhập Thử A,member,{PASSWORD}\n"             # line 4
        "x3,Bốn,x3@example.org,Chi bộ Nhập Thử A,member,123\n"                      # line 5
        f"x4,Năm,x4@example.org,Chi bộ Nhập Thử A,chairman,{PASSWORD}\n"            # line 6
        f",Sáu,x5@example.org,Chi bộ Nhập Thử A,member,{PASSWORD}\n"                # line 7
        f"ok2,Bảy,ok2@example.org,Chi bộ Nhập Thử B,member,{PASSWORD}\n"            # line 8
    )
    code, out, err = run(tmp_path, text)
    assert code != 0
    lines = err.splitlines()
    assert any(line.startswith("line 3: ") and "unknown organization" in line and "Chi bộ Không Có" in line
               for line in lines), err
    assert any(line.startswith("line 4: ") and "bad e-mail" in line for line in lines), err
    assert any(line.startswith("line 5: ") and "weak password" in line for line in lines), err
    assert any(line.startswith("line 6: ") and "unknown role" in line for line in lines), err
    assert any(line.startswith("line 7: ") and "missing username" in line for line in lines), err
    assert not any(line.startswith(("line 2:", "line 8:")) for line in lines)
    assert "created 2 / updated 0 / unchanged 0 / failed 5" in out
    assert set(User.objects.values_list("username", flat=True)) == {"ok1", "ok2"}


def test_reimport_is_idempotent_and_updates_changes(tmp_path, orgs):
    run(tmp_path, GOOD)
    code, out, _ = run(tmp_path, GOOD)
    assert code == 0
    assert "created 0 / updated 0 / unchanged 3 / failed 0" in out
    assert User.objects.count() == 3 and Membership.objects.count() == 3

    changed = GOOD.replace("Nguyễn Văn An,an@example.org,Chi bộ Nhập Thử A,member",
                           "Nguyễn Văn An Mới,an.moi@example.org,Chi bộ Nhập Thử B,secretary")
    code, out, _ = run(tmp_path, changed)
    assert "created 0 / updated 1 / unchanged 2 / failed 0" in out
    an = User.objects.get(username="an.nv")
    assert (an.first_name, an.email) == ("Nguyễn Văn An Mới", "an.moi@example.org")
    # A member belongs to one cell: moved from A to B, now secretary there (and in the admin group).
    assert list(Membership.objects.filter(user=an).values_list("organization__name", "role")) == [
        ("Chi bộ Nhập Thử B", Role.SECRETARY)]
    assert an.groups.filter(name=SECRETARY_GROUP).exists()


def test_same_username_in_several_rows_keeps_each_role(tmp_path, orgs):
    text = HEADER + (f"cuong.lv,Lê Văn Cường,cuong@example.org,Đảng bộ Khối Nhập Thử,staff,{PASSWORD}\n"
                     f"cuong.lv,Lê Văn Cường,cuong@example.org,Chi bộ Nhập Thử A,member,{PASSWORD}\n")
    code, out, _ = run(tmp_path, text)
    assert code == 0
    assert sorted(Membership.objects.values_list("organization__name", "role")) == [
        ("Chi bộ Nhập Thử A", Role.MEMBER), ("Đảng bộ Khối Nhập Thử", Role.STAFF)]
    assert "unchanged 0" in out
    code, out, _ = run(tmp_path, text)
    assert "created 0 / updated 0 / unchanged 2 / failed 0" in out


def test_password_of_existing_member_is_not_overwritten(tmp_path, orgs):
    run(tmp_path, GOOD)
    an = User.objects.get(username="an.nv")
    an.set_password("Mat-khau-rieng-cua-An-9")
    an.save()
    code, out, _ = run(tmp_path, GOOD)
    assert "unchanged 3" in out
    assert login_ok("an.nv", "Mat-khau-rieng-cua-An-9")
    run(tmp_path, GOOD, "--reset-passwords")
    assert login_ok("an.nv", PASSWORD)


def test_folded_organization_name_and_username_case(tmp_path, orgs):
    text = HEADER + f"Dung.PT,Phạm Thị Dung,dung@example.org,chi bo nhap thu a,Đảng viên,{PASSWORD}\n"
    code, out, err = run(tmp_path, text)
    assert code == 0, err
    assert Membership.objects.get(user__username="Dung.PT").organization == orgs["a"]
    text2 = HEADER + f"dung.pt,Phạm Thị Dung,dung@example.org,Chi bộ Nhập Thử A,member,{PASSWORD}\n"
    code, out, _ = run(tmp_path, text2)
    assert "unchanged 1" in out and User.objects.count() == 1


def test_semicolons_and_bom_are_accepted(tmp_path, orgs):
    text = "\ufeff" + GOOD.replace(",", ";")
    code, out, err = run(tmp_path, text)
    assert code == 0, err
    assert "created 3" in out


def test_duplicate_email_is_refused(tmp_path, orgs):
    text = HEADER + (f"u1,Một,same@example.org,Chi bộ Nhập Thử A,member,{PASSWORD}\n"
                     f"u2,Hai,SAME@example.org,Chi bộ Nhập Thử A,member,{PASSWORD}\n")
    code, _, err = run(tmp_path, text)
    assert code != 0
    assert err.startswith("line 3: ") and "duplicate e-mail" in err
    assert User.objects.filter(username="u2").count() == 0


def test_missing_columns_fail_on_line_1(tmp_path, orgs):
    code, _, err = run(tmp_path, "username,email\nx,x@example.org\n")
    assert code != 0 and err.startswith("line 1: ") and "cell" in err


# -- invitations -------------------------------------------------------------------------------
INVITE = HEADER + "moi.dv,Đảng Viên Mới,moi@example.org,Chi bộ Nhập Thử A,member,\n"


def test_empty_password_sends_one_invitation_that_sets_a_password(tmp_path, orgs):
    code, out, _ = run(tmp_path, INVITE)
    assert code == 0
    user = User.objects.get(username="moi.dv")
    assert not user.has_usable_password()
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["moi@example.org"]
    assert "Mời đặt mật khẩu" in mail.outbox[0].subject
    assert "moi.dv" in mail.outbox[0].body
    assert Invitation.objects.filter(user=user).count() == 1

    # Re-importing never mails again.
    code, out, _ = run(tmp_path, INVITE)
    assert "unchanged 1" in out and len(mail.outbox) == 1

    # The link works: the member chooses a password (Django's validators apply) and can log in.
    link = re.search(r"https?://[^/\s]+(/tai-khoan/dat-lai/\S+/)", mail.outbox[0].body).group(1)
    client = Client()
    response = client.get(link, follow=True)
    form_url = response.redirect_chain[-1][0]
    weak = client.post(form_url, {"new_password1": "12345678", "new_password2": "12345678"})
    assert weak.status_code == 200 and "phổ biến" in weak.content.decode()  # Django's validators, in Vietnamese
    user.refresh_from_db()
    assert not user.has_usable_password()
    done = client.post(form_url, {"new_password1": "Mot-mat-khau-tot-2026", "new_password2": "Mot-mat-khau-tot-2026"})
    assert done.status_code == 302
    assert login_ok("moi.dv", "Mot-mat-khau-tot-2026")


def test_invitation_needs_an_email(tmp_path, orgs):
    code, _, err = run(tmp_path, HEADER + "khong.email,Không Email,,Chi bộ Nhập Thử A,member,\n")
    assert code != 0 and err.startswith("line 2: ")
    assert not User.objects.exists() and mail.outbox == []


# -- dry run -----------------------------------------------------------------------------------
def test_dry_run_writes_nothing_and_sends_nothing(tmp_path, orgs):
    text = GOOD + "moi.dv,Đảng Viên Mới,moi@example.org,Chi bộ Nhập Thử A,member,\n" \
                  f"sai,Sai,sai@example.org,Chi bộ Không Có,member,{PASSWORD}\n"
    code, out, err = run(tmp_path, text, "--dry-run")
    assert code != 0 and "line 6: " in err
    assert "dry-run" in out and "created 4 / updated 0 / unchanged 0 / failed 1" in out
    assert not User.objects.exists() and not Membership.objects.exists() and not Invitation.objects.exists()
    assert mail.outbox == []
