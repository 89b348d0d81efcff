"""``manage.py import_library``: the import contract of docs/CONTRACTS.md, as an importing user sees it."""
import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from wagtail.models import Revision

from library.importing import runner
from library.models import LibraryItem, Relation, Validity, Visibility
from organizations.access import Viewer
from organizations.models import Organization, OrganizationKind
from tests.commands import run_command, write_jsonl
from tests.factories import LibraryItemFactory, OrganizationFactory, TopicFactory
from topics.models import Meeting, Topic

pytestmark = pytest.mark.django_db


def run(tmp_path, rows, *args, name="data.jsonl"):
    """Write rows (dicts, or raw strings for broken lines) to a .jsonl file and import it."""
    return run_command("import_library", write_jsonl(tmp_path / name, rows), *args)


def doc(symbol="10-CT/TW", issued_on="2007-03-30", **extra):
    row = {"type": "document", "kind": symbol.split("-")[1].split("/")[0] if "-" in symbol else "CT",
           "symbol": symbol, "title": f"Văn bản {symbol}", "issuer": "Ban Bí thư", "issued_on": issued_on,
           "public": True}
    row.update(extra)
    return row


ORGS = [
    {"type": "organization", "name": "Đảng bộ Khối Thử", "parent": None},
    {"type": "organization", "name": "Đảng bộ cơ sở Sở Thử", "parent": "Đảng bộ Khối Thử"},
    {"type": "organization", "name": "Chi bộ Phòng Một", "parent": "Đảng bộ cơ sở Sở Thử"},
    {"type": "organization", "name": "Chi bộ Phòng Hai", "parent": "Đảng bộ Khối Thử"},
]


# --- organizations ---------------------------------------------------------------------------------------
def test_organizations_form_a_tree_with_inferred_kinds(tmp_path):
    code, out, err = run(tmp_path, ORGS)
    assert code == 0, err
    root = Organization.objects.get(name="Đảng bộ Khối Thử")
    base = Organization.objects.get(name="Đảng bộ cơ sở Sở Thử")
    cell = Organization.objects.get(name="Chi bộ Phòng Một")
    assert (root.kind, base.kind, cell.kind) == (OrganizationKind.COMMITTEE, OrganizationKind.BASE,
                                                 OrganizationKind.CELL)
    assert root.parent is None and cell.parent == base and base.parent == root
    assert set(root.descendants().values_list("name", flat=True)) == {o["name"] for o in ORGS}
    assert "organization: created 4" in out


def test_organization_reimport_is_unchanged_and_moves_update_in_place(tmp_path):
    run(tmp_path, ORGS)
    code, out, _ = run(tmp_path, ORGS)
    assert code == 0 and "organization: created 0, updated 0, unchanged 4" in out
    moved = {"type": "organization", "name": "Chi bộ Phòng Một", "parent": "Đảng bộ Khối Thử"}
    code, out, _ = run(tmp_path, [moved])
    cell = Organization.objects.get(name="Chi bộ Phòng Một")
    assert code == 0 and "updated 1" in out
    assert cell.parent.name == "Đảng bộ Khối Thử" and Organization.objects.count() == 4


def test_organization_cycles_are_refused(tmp_path):
    run(tmp_path, ORGS)
    code, _out, err = run(tmp_path, [
        {"type": "organization", "name": "Đảng bộ Khối Thử", "parent": "Chi bộ Phòng Một"},
        {"type": "organization", "name": "Chi bộ Phòng Hai", "parent": "Chi bộ Phòng Hai"},
    ])
    assert code == 1
    assert "line 1:" in err and "vòng lặp" in err
    assert "line 2:" in err
    assert Organization.objects.get(name="Đảng bộ Khối Thử").parent is None


# --- documents -------------------------------------------------------------------------------------------
def test_document_with_every_field(tmp_path):
    TopicFactory(name="Xây dựng Đảng")
    row = doc("05-CT/TW", "2016-05-15", issuer="Bộ Chính trị", title="Chỉ thị về đẩy mạnh học tập",
              topics=["xây dựng Đảng", "Học tập và làm theo Bác"], summary="Tóm tắt ngắn.",
              body="Đoạn thứ nhất có ký hiệu <3 & \"ngoặc\".\n\nĐoạn thứ hai.", signer="Đinh Thế Huynh",
              effective_from="2016-05-20", status="Hết hiệu lực một phần", field="Xây dựng Đảng")
    code, out, err = run(tmp_path, [row])
    assert code == 0, err
    item = LibraryItem.objects.get()
    assert (item.kind, item.symbol, item.number, item.issuer.name) == ("CT", "05-CT/TW", "5", "Bộ Chính trị")
    assert item.issued_on == dt.date(2016, 5, 15) and item.effective_from == dt.date(2016, 5, 20)
    assert item.validity == Validity.PARTLY_EXPIRED and item.signer == "Đinh Thế Huynh"
    assert item.field == "Xây dựng Đảng" and item.summary == "Tóm tắt ngắn."
    assert item.body == "<p>Đoạn thứ nhất có ký hiệu &lt;3 &amp; \"ngoặc\".</p><p>Đoạn thứ hai.</p>"
    # Topics are matched case-insensitively: the existing one is reused, the new one created.
    assert sorted(item.tags.names()) == ["Học tập và làm theo Bác", "Xây dựng Đảng"]
    assert Topic.objects.count() == 2
    assert item.live and not item.has_unpublished_changes and item.visibility == Visibility.PUBLIC
    assert not Revision.objects.exists()
    assert "document: created 1" in out


def test_html_body_is_kept_but_sanitised(tmp_path):
    body = '<p onclick="x()">Nội dung <strong>chính</strong></p><script>alert(1)</script><a href="javascript:x">l</a>'
    run(tmp_path, [doc(body=body)])
    stored = LibraryItem.objects.get().body
    assert "<strong>chính</strong>" in stored
    assert "script" not in stored and "onclick" not in stored and "javascript" not in stored


def test_a_dangerous_body_is_sanitised_on_every_import_and_an_unchanged_one_stays_unchanged(tmp_path):
    """The second import of the same unsafe line still stores the sanitised text and reports it unchanged; a line
    whose body is the stored (already clean) HTML keeps it as it is; a body that differs is sanitised again."""
    unsafe = '<p>Nội dung <strong>chính</strong></p><script>alert(1)</script><img src=x onerror="x()">'
    run(tmp_path, [doc(body=unsafe)])
    first = LibraryItem.objects.get().body
    code, out, _ = run(tmp_path, [doc(body=unsafe)])
    assert code == 0 and "document: created 0, updated 0, unchanged 1" in out
    assert LibraryItem.objects.get().body == first and "script" not in first and "onerror" not in first
    code, out, _ = run(tmp_path, [doc(body=first)])  # what an export of the item would carry
    assert "unchanged 1" in out and LibraryItem.objects.get().body == first
    code, out, _ = run(tmp_path, [doc(body=first + '<p onclick="x()">Bổ sung</p><script>x()</script>')])
    stored = LibraryItem.objects.get().body
    assert "updated 1" in out and stored.startswith(first) and "Bổ sung" in stored
    assert "script" not in stored and "onclick" not in stored


@pytest.mark.parametrize("status, expected", [
    ("in_force", Validity.IN_FORCE), ("expired", Validity.EXPIRED), ("het_hieu_luc", Validity.EXPIRED),
    ("Còn hiệu lực", Validity.IN_FORCE), ("Chưa có hiệu lực", Validity.NOT_YET), (None, Validity.IN_FORCE),
])
def test_validity_accepts_codes_and_vietnamese_labels(tmp_path, status, expected):
    row = doc()
    if status:
        row["status"] = status
    code, _out, err = run(tmp_path, [row])
    assert code == 0, err
    assert LibraryItem.objects.get().validity == expected


def test_same_symbol_two_dates_are_two_documents_and_reimport_changes_nothing(tmp_path):
    rows = [doc("12-HD/BTCTW", "2018-07-06", issuer="Ban Tổ chức Trung ương", kind="HD"),
            doc("12-HD/BTCTW", "2022-10-18", issuer="Ban Tổ chức Trung ương", kind="HD")]
    code, out, _ = run(tmp_path, rows)
    assert code == 0 and "document: created 2" in out
    assert LibraryItem.objects.filter(symbol="12-HD/BTCTW").count() == 2
    stamps = dict(LibraryItem.objects.values_list("pk", "updated_at"))
    code, out, _ = run(tmp_path, rows)
    assert code == 0 and "document: created 0, updated 0, unchanged 2" in out
    assert LibraryItem.objects.count() == 2
    assert dict(LibraryItem.objects.values_list("pk", "updated_at")) == stamps


def test_changed_line_updates_the_same_item(tmp_path):
    run(tmp_path, [doc(title="Tiêu đề cũ", topics=["A"])])
    pk = LibraryItem.objects.get().pk
    code, out, _ = run(tmp_path, [doc(title="Tiêu đề mới", topics=["B"])])
    item = LibraryItem.objects.get()
    assert code == 0 and "updated 1" in out
    assert item.pk == pk and item.title == "Tiêu đề mới" and list(item.tags.names()) == ["B"]


def test_sloppy_symbol_spelling_is_the_same_document(tmp_path):
    run(tmp_path, [doc("1193-QĐ/TU", "2019-12-05", kind="QĐ", issuer="Tỉnh ủy Thử")])
    code, out, _ = run(tmp_path, [doc("1193-QD/TU", "2019-12-05", kind="QD", issuer="Tỉnh ủy Thử")])
    assert code == 0 and "updated 1" in out
    assert LibraryItem.objects.get().kind == "QĐ"


def test_long_titles_and_bodies_are_kept_whole(tmp_path):
    title = "Nghị định quy định chi tiết một số điều và biện pháp thi hành " * 8
    body = "Nội dung rất dài của văn bản. " * 400
    assert len(title) > 400 and len(body) > 10_000
    code, _out, err = run(tmp_path, [doc("30/2020/NĐ-CP", "2020-03-05", kind="NĐ", title=title, body=body)])
    assert code == 0, err
    item = LibraryItem.objects.get()
    assert item.title == title.strip()
    assert item.body == f"<p>{body.strip()}</p>"


def test_unknown_issuer_is_created_and_listed(tmp_path):
    code, out, _ = run(tmp_path, [doc(issuer="Ban Tuyên giáo Tỉnh ủy Mới")])
    assert code == 0
    org = Organization.objects.get(name="Ban Tuyên giáo Tỉnh ủy Mới")
    assert org.kind == OrganizationKind.BODY
    assert "Tổ chức mới được tạo (1): Ban Tuyên giáo Tỉnh ủy Mới" in out


# --- relations -------------------------------------------------------------------------------------------
def test_relations_resolve_in_both_orders_and_unresolved_are_kept(tmp_path):
    rows = [
        doc("42-HD/BTCTW", "2025-10-28", kind="HD", issuer="Ban Tổ chức Trung ương",
            relations=[{"type": "guides", "target": "50-CT/TW"},          # appears later in the file
                       {"type": "cites", "target": "99-KL/TW"}]),          # never appears
        doc("50-CT/TW", "2025-07-23", relations=[{"type": "thay thế", "target": "10-CT/TW"}]),
        doc("10-CT/TW", "2007-03-30"),
    ]
    code, out, err = run(tmp_path, rows)
    assert code == 0, err
    hd = LibraryItem.objects.get(symbol="42-HD/BTCTW")
    ct50 = LibraryItem.objects.get(symbol="50-CT/TW")
    ct10 = LibraryItem.objects.get(symbol="10-CT/TW")
    assert Relation.objects.get(source=hd, relation_type="guides").target == ct50
    assert Relation.objects.get(source=ct50, relation_type="replaces").target == ct10
    dangling = Relation.objects.get(source=hd, relation_type="cites")
    assert dangling.target is None and dangling.target_symbol == "99-KL/TW"
    assert "99-KL/TW" in out
    code, out, _ = run(tmp_path, rows)
    assert "unchanged 3" in out and Relation.objects.count() == 3
    # The missing target arrives later: re-importing resolves the kept relation.
    run(tmp_path, rows + [doc("99-KL/TW", "2024-01-01", kind="KL")], name="more.jsonl")
    assert Relation.objects.get(source=hd, relation_type="cites").target.symbol == "99-KL/TW"


def test_shared_symbol_prefers_the_newest_other_document(tmp_path):
    rows = [
        doc("12-HD/BTCTW", "2018-07-06", kind="HD", issuer="Ban Tổ chức Trung ương"),
        doc("12-HD/BTCTW", "2022-10-18", kind="HD", issuer="Ban Tổ chức Trung ương",
            relations=[{"type": "replaces", "target": "12-HD/BTCTW"}]),
        doc("05-KH/ĐUK", "2023-01-01", kind="KH", issuer="Đảng ủy Khối",
            relations=[{"type": "implements", "target": "12-HD/BTCTW"},
                       {"type": "based_on", "target": "12-HD/BTCTW (2018)"}]),
    ]
    code, _out, err = run(tmp_path, rows)
    assert code == 0, err
    new = LibraryItem.objects.get(symbol="12-HD/BTCTW", issued_on=dt.date(2022, 10, 18))
    old = LibraryItem.objects.get(symbol="12-HD/BTCTW", issued_on=dt.date(2018, 7, 6))
    assert Relation.objects.get(source=new).target == old  # never the document itself
    plan = LibraryItem.objects.get(symbol="05-KH/ĐUK")
    assert Relation.objects.get(source=plan, relation_type="implements").target == new
    assert Relation.objects.get(source=plan, relation_type="based_on").target == old


def test_unknown_relation_type_fails_the_line(tmp_path):
    code, _out, err = run(tmp_path, [doc(relations=[{"type": "thích", "target": "1-CT/TW"}])])
    assert code == 1 and "line 1:" in err and "quan hệ" in err
    assert not LibraryItem.objects.exists()


# --- visibility ------------------------------------------------------------------------------------------
def test_visibility_mapping_and_unknown_cells_created(tmp_path):
    run(tmp_path, ORGS)
    code, out, err = run(tmp_path, [
        doc("1-CT/TW", public=True),
        doc("2-CT/TW", public=False),
        doc("3-CT/TW", public=False, cells=["Chi bộ Phòng Một", "Chi bộ Chưa Có"]),
        doc("4-CT/TW", public=True, cells=["Chi bộ Phòng Hai"]),
        {k: v for k, v in doc("5-CT/TW").items() if k != "public"},
    ])
    assert code == 0, err
    vis = dict(LibraryItem.objects.values_list("symbol", "visibility"))
    assert vis == {"1-CT/TW": "public", "2-CT/TW": "internal", "3-CT/TW": "restricted", "4-CT/TW": "public",
                   "5-CT/TW": "internal"}
    restricted = LibraryItem.objects.get(symbol="3-CT/TW")
    assert set(restricted.allowed_orgs.values_list("name", flat=True)) == {"Chi bộ Phòng Một", "Chi bộ Chưa Có"}
    assert Organization.objects.get(name="Chi bộ Chưa Có").kind == OrganizationKind.CELL
    assert "Chi bộ Chưa Có" in out
    anonymous = Viewer(AnonymousUser()).library_items()
    assert set(anonymous.values_list("symbol", flat=True)) == {"1-CT/TW", "4-CT/TW"}


# --- bad lines -------------------------------------------------------------------------------------------
def test_bad_lines_are_reported_by_number_and_the_rest_imported(tmp_path):
    rows = [
        doc("1-CT/TW"),
        "{không phải json",
        {k: v for k, v in doc("2-CT/TW").items() if k != "symbol"},
        doc("3-CT/TW", issued_on="30/03/2007"),
        {"type": "văn bản lạ"},
        "[1, 2]",
        doc("4-CT/TW", kind="XYZ"),
        doc("5-CT/TW", public="có lẽ"),
        doc("6-CT/TW"),
    ]
    code, out, err = run(tmp_path, rows)
    assert code == 1
    for n in (2, 3, 4, 5, 6, 7, 8):
        assert f"line {n}:" in err
    assert "line 1:" not in err and "line 9:" not in err
    assert "symbol" in err and "YYYY-MM-DD" in err
    assert set(LibraryItem.objects.values_list("symbol", flat=True)) == {"1-CT/TW", "6-CT/TW"}
    assert "failed 7" in out


def test_guides_and_packs_with_sections_guide_and_materials(tmp_path):
    rows = [
        {"type": "session_pack", "title": "Chuyên đề quý I", "issuer": "Đảng ủy Khối Thử", "issued_on": "2026-01-05",
         "purpose": "Nắm vững nội dung.", "discussion_questions": ["Câu một?", "Câu hai?"],
         "conclusion_template": "Chi bộ thống nhất…", "guide": "Tài liệu học tập quý I",
         "materials": ["10-CT/TW", "Tài liệu học tập quý I", "Tài liệu chưa có"], "public": True},
        {"type": "study_guide", "title": "Tài liệu học tập quý I", "issuer": "Đảng ủy Khối Thử",
         "issued_on": "2026-01-02", "public": True, "sections": [
             {"type": "heading", "value": "Phần I"}, {"type": "text", "value": "Nội dung chi bộ cần nắm."},
             {"type": "quote", "value": {"text": "Trích dẫn", "source": "10-CT/TW"}},
             {"type": "questions", "value": ["Chi bộ đã làm gì?"]}, {"type": "key_points", "value": ["Ý một"]}]},
        doc("10-CT/TW"),
    ]
    code, _out, err = run(tmp_path, rows)
    assert code == 0, err
    guide = LibraryItem.objects.get(item_type="study_guide")
    pack = LibraryItem.objects.get(item_type="session_pack")
    assert (guide.kind, pack.kind) == ("TL", "CĐ")
    assert [b.block_type for b in guide.sections] == ["heading", "text", "quote", "questions", "key_points"]
    assert str(guide.sections[1].value) == "<p>Nội dung chi bộ cần nắm.</p>"
    assert pack.guide == guide and pack.discussion_questions == "Câu một?\nCâu hai?"
    includes = {r.target_symbol: r.target for r in Relation.objects.filter(source=pack, relation_type="includes")}
    assert includes["10-CT/TW"].symbol == "10-CT/TW" and includes["Tài liệu học tập quý I"] == guide
    assert includes["Tài liệu chưa có"] is None
    code, out, _ = run(tmp_path, rows)
    assert code == 0
    assert "study_guide: created 0, updated 0, unchanged 1" in out
    assert "session_pack: created 0, updated 0, unchanged 1" in out


def test_bad_sections_fail_the_line(tmp_path):
    row = {"type": "study_guide", "title": "Tài liệu", "issuer": "X", "issued_on": "2026-01-02",
           "sections": [{"type": "video", "value": "x"}]}
    code, _out, err = run(tmp_path, [row])
    assert code == 1 and "line 1:" in err and "video" in err


# --- meetings --------------------------------------------------------------------------------------------
def meeting(**extra):
    row = {"type": "meeting", "cell": "Chi bộ Phòng Một", "title": "Sinh hoạt chuyên đề quý II",
           "topic": "Xây dựng Đảng", "scheduled_at": "2026-05-20T14:00:00", "materials": ["10-CT/TW"]}
    row.update(extra)
    return row


def test_meeting_lines_with_outcome_and_local_time(tmp_path):
    rows = ORGS + [doc("10-CT/TW"), meeting(
        status="concluded", duration_minutes=120, attendance={"present": 18, "total": 20}, speakers=9, opinions=13,
        score=88, conclusion="Chi bộ thống nhất.", place="Hội trường", public=True, presenters=["Đ/c An", "Đ/c Bình"],
        materials=["10-CT/TW", {"title": "Văn bản 10-CT/TW", "required": False}],
        announced_at="2026-05-18T08:00:00", tasks=[{"assignee": "Đ/c An", "description": "Viết bài", "due_on":
                                                   "2026-06-01", "done": True}],
        absentees=[{"name": "Đ/c Chi", "reason": "Ốm"}])]
    code, _out, err = run(tmp_path, rows)
    assert code == 0, err
    m = Meeting.objects.get()
    assert m.scheduled_at == dt.datetime(2026, 5, 20, 7, 0, tzinfo=dt.timezone.utc)  # 14:00 Hà Nội = 07:00 UTC
    assert (m.status, m.duration_minutes, m.score, m.level) == ("concluded", 120, 88, "kha")
    assert (m.attendance_present, m.attendance_total, m.speakers, m.opinions) == (18, 20, 9, 13)
    assert m.is_public and m.place == "Hội trường" and m.presenters == "Đ/c An, Đ/c Bình"
    assert m.topic.name == "Xây dựng Đảng" and m.cell.name == "Chi bộ Phòng Một"
    assert [x.item.symbol for x in m.materials.all()] == ["10-CT/TW"]  # same item twice is kept once
    assert m.tasks.get().done and m.absentees.get().reason == "Ốm"
    assert not m.materials_late


def test_meeting_defaults(tmp_path):
    row = {"type": "meeting", "cell": "Chi bộ Phòng Hai", "title": "Chuyên đề", "scheduled_at": "2026-12-10T08:00:00"}
    code, _out, err = run(tmp_path, ORGS + [row])
    assert code == 0, err
    m = Meeting.objects.get()
    assert (m.status, m.duration_minutes, m.topic, m.pack, m.score) == ("planned", 90, None, None, None)


def test_meeting_identity_is_cell_title_and_local_date(tmp_path):
    rows = ORGS + [doc("10-CT/TW"), meeting()]
    run(tmp_path, rows)
    m = Meeting.objects.get()
    code, out, _ = run(tmp_path, rows)
    assert code == 0 and "meeting: created 0, updated 0, unchanged 1" in out
    # Same day, new time and status: the same meeting, updated in place (calendar SEQUENCE goes up).
    code, out, _ = run(tmp_path, ORGS + [doc("10-CT/TW"), meeting(scheduled_at="2026-05-20T08:00:00",
                                                                  status="announced")])
    moved = Meeting.objects.get()
    assert "meeting: created 0, updated 1" in out
    assert moved.pk == m.pk and moved.sequence == m.sequence + 1 and moved.status == "announced"
    # 23:30 local on 20/05 is 16:30 UTC the same local day; 00:30 local on 21/05 is another meeting.
    run(tmp_path, ORGS + [doc("10-CT/TW"), meeting(scheduled_at="2026-05-20T23:30:00")])
    assert Meeting.objects.count() == 1
    run(tmp_path, ORGS + [doc("10-CT/TW"), meeting(scheduled_at="2026-05-21T00:30:00")])
    assert Meeting.objects.count() == 2


def test_meeting_bad_lines(tmp_path):
    rows = ORGS + [doc("10-CT/TW"),
                   meeting(cell="Chi bộ Không Có"),                      # line 6
                   meeting(title="B", materials=["77-CT/TW"]),           # line 7
                   meeting(title="C", score=101),                        # line 8
                   meeting(title="D", score="tốt"),                      # line 9
                   meeting(title="E", scheduled_at="20/05/2026 14:00"),  # line 10
                   meeting(title="F", status="xong"),                    # line 11
                   meeting(title="G")]                                   # line 12, good
    code, out, err = run(tmp_path, rows)
    assert code == 1
    assert "line 6:" in err and "không tìm thấy chi bộ" in err and "Chi bộ Không Có" in err
    assert "line 7:" in err and "77-CT/TW" in err
    for n in (8, 9, 10, 11):
        assert f"line {n}:" in err
    assert "line 12:" not in err
    assert list(Meeting.objects.values_list("title", flat=True)) == ["G"]
    assert "meeting: created 1, updated 0, unchanged 0, failed 6" in out


def test_meeting_may_name_cells_and_materials_found_later_in_the_file(tmp_path):
    pack = {"type": "session_pack", "title": "Gói quý II", "issuer": "Đảng ủy", "issued_on": "2026-04-01"}
    rows = [meeting(materials=["Văn bản 10-CT/TW"], pack="Gói quý II")] + ORGS + [doc("10-CT/TW"), pack]
    code, _out, err = run(tmp_path, rows)
    assert code == 0, err
    m = Meeting.objects.get()
    assert m.pack.title == "Gói quý II" and m.materials.get().item.symbol == "10-CT/TW"


# --- dry run, search hooks -------------------------------------------------------------------------------
def test_dry_run_writes_nothing_but_reports_everything(tmp_path):
    rows = ORGS + [doc("10-CT/TW", issuer="Cơ quan Mới"), meeting(), "{bad"]
    code, out, err = run(tmp_path, rows, "--dry-run")
    assert code == 1 and "line 7:" in err
    assert "--dry-run" in out and "document: created 1" in out and "meeting: created 1" in out
    assert "Cơ quan Mới" in out
    assert not Organization.objects.exists() and not LibraryItem.objects.exists()
    assert not Meeting.objects.exists() and not Topic.objects.exists()


def test_search_and_citations_are_told_about_changed_items_only(tmp_path, monkeypatch):
    from library import citation_service
    from search import indexing

    calls = {"items": [], "meetings": [], "citations": []}
    monkeypatch.setattr(indexing, "mark_items_changed", lambda ids: calls["items"].extend(ids))
    monkeypatch.setattr(indexing, "mark_meetings_changed", lambda ids: calls["meetings"].extend(ids))
    monkeypatch.setattr(citation_service, "refresh_citations", lambda ids: calls["citations"].extend(ids))
    rows = ORGS + [doc("10-CT/TW"), meeting()]
    run(tmp_path, rows)
    item, m = LibraryItem.objects.get(), Meeting.objects.get()
    assert calls == {"items": [item.pk], "meetings": [m.pk], "citations": [item.pk]}
    calls.update(items=[], meetings=[], citations=[])
    run(tmp_path, rows)
    assert calls == {"items": [], "meetings": [], "citations": []}


def test_existing_items_from_factories_are_matched_by_identity(tmp_path):
    issuer = OrganizationFactory(name="Ban Bí thư", kind=OrganizationKind.BODY)
    existing = LibraryItemFactory(symbol="10-CT/TW", kind="CT", issuer=issuer, issued_on=dt.date(2007, 3, 30),
                                  title="Văn bản 10-CT/TW", summary="", body="")
    code, out, _ = run(tmp_path, [doc("10-CT/TW")])
    assert code == 0 and LibraryItem.objects.get().pk == existing.pk
    assert "document: created 0, updated 0, unchanged 1" in out


def test_on_a_sqlite_file_the_importer_pauses_before_its_writes_never_after_the_last(tmp_path, monkeypatch):
    """Members' writes get the lock between chunks (issue 14), but an import that has written everything ends at
    once. On PostgreSQL (row locks, no database-wide write lock) it never pauses."""
    stored_at_pause = []
    monkeypatch.setattr(runner, "SQLITE_LOCK_BUDGET", 0.0)  # every chance to pause is taken
    monkeypatch.setattr(runner.time, "sleep", lambda _s: stored_at_pause.append(LibraryItem.objects.count()))
    monkeypatch.setattr(connection, "is_in_memory_db", lambda: False, raising=False)  # SQLite tests: in memory
    path = write_jsonl(tmp_path / "ba-phan.jsonl", [doc(f"{n}-HD/BTG", issued_on="2024-01-02") for n in range(1, 251)])
    report = runner.import_file(path, chunk_size=100)
    assert report.counts["document"].created == 250
    assert stored_at_pause == ([0, 100, 200] if connection.vendor == "sqlite" else [])
