"""One report type and one summary wording for the three import commands (``importkit``)."""
import pytest

from importkit import ImportReport
from importkit.report import DONE_HEADER, DRY_RUN_HEADER
from organizations.models import OrganizationKind
from tests.commands import run_command, write_jsonl
from tests.factories import OrganizationFactory

HEADER = "username,full_name,email,cell,role,password\n"


def test_the_summary_names_counts_per_type_errors_and_what_was_created():
    errors = []
    report = ImportReport(kinds=("organization", "document"), on_error=errors.append)
    report.count("document", "created", 2)
    report.count("document", "unchanged")
    report.fail(7, "thiếu trường bắt buộc “title”", "document")
    report.fail("kho/hong.pdf", "tệp PDF bị cắt cụt")
    report.created_orgs.append("Ban Bí thư")
    report.add_list("Quan hệ chưa tìm thấy văn bản đích", [f"{n}-CT/TW" for n in range(32)])
    assert errors == ["line 7: thiếu trường bắt buộc “title”", "kho/hong.pdf: tệp PDF bị cắt cụt"]
    assert report.summary_lines()[:5] == [
        DONE_HEADER,
        "  document: created 2, updated 0, unchanged 1, failed 1",
        "  unknown: created 0, updated 0, unchanged 0, failed 1",
        "Tổng: created 2 / updated 0 / unchanged 1 / failed 2",
        "Tổ chức mới được tạo (1): Ban Bí thư",
    ]
    assert report.summary_lines()[5:10] == [
        "Dòng lỗi đã bỏ qua (2):", "  - line 7: thiếu trường bắt buộc “title”", "  - kho/hong.pdf: tệp PDF bị cắt cụt",
        "Quan hệ chưa tìm thấy văn bản đích (32):", "  - 0-CT/TW"]
    assert report.summary_lines()[-1] == "  … và 2 mục khác"
    assert report.closing_line() == "2 dòng lỗi đã bị bỏ qua."
    dry = ImportReport(dry_run=True, unit="tệp")
    dry.created_orgs.append("Đảng ủy Mới")
    assert dry.summary_lines() == [DRY_RUN_HEADER, "Tổng: created 0 / updated 0 / unchanged 0 / failed 0",
                                   "Tổ chức mới sẽ được tạo (1): Đảng ủy Mới"]


@pytest.fixture
def three_files(tmp_path, db):
    """One good and one bad input for each command."""
    OrganizationFactory(name="Chi bộ Tổng Kết", kind=OrganizationKind.CELL)
    library = write_jsonl(tmp_path / "thu-vien.jsonl", [
        {"type": "document", "kind": "CT", "symbol": "05-CT/TW", "title": "Chỉ thị mẫu", "issuer": "Ban Mẫu Mới",
         "issued_on": "2016-05-15", "public": True},
        {"type": "document", "kind": "CT", "symbol": "06-CT/TW", "issuer": "Ban Mẫu Mới", "issued_on": "2016-05-16"},
    ])
    members = tmp_path / "dang-vien.csv"
    members.write_text(HEADER + "an.nv,Nguyễn Văn An,an@example.org,Chi bộ Tổng Kết,member,Hoc-tap-2026!\n"
                                "binh.tt,Trần Thị Bình,binh@example.org,Chi bộ Tổng Kết,chu_tich,Hoc-tap-2026!\n",
                       encoding="utf-8")
    folder = tmp_path / "tep"
    folder.mkdir()
    (folder / "bai-viet.txt").write_text("Bài viết về sinh hoạt chi bộ\nNội dung bài viết.", encoding="utf-8")
    (folder / "rong.txt").write_bytes(b"")
    return {
        "import_library": ([library], "document", "line 2: ", "1 dòng lỗi đã bị bỏ qua."),
        "import_members": ([members], "member", "line 3: ", "1 dòng lỗi đã bị bỏ qua."),
        "import_files": ([folder, "--issuer", "Ban Mẫu Mới"], "file", f"{folder / 'rong.txt'}: ",
                         "1 tệp lỗi đã bị bỏ qua."),
    }


@pytest.mark.parametrize("command", ["import_library", "import_members", "import_files"])
@pytest.mark.parametrize("dry_run", [False, True])
def test_the_three_commands_print_the_same_summary(three_files, command, dry_run):
    args, kind, error, closing = three_files[command]
    code, out, err = run_command(command, *args, *(["--dry-run"] if dry_run else []))
    header = DRY_RUN_HEADER if dry_run else DONE_HEADER
    assert code == 1 and header in out
    lines = out.splitlines()
    lines = lines[lines.index(header):]  # import_files --dry-run lists each file first
    assert lines[1] == f"  {kind}: created 1, updated 0, unchanged 0, failed 1"
    assert lines[2] == "Tổng: created 1 / updated 0 / unchanged 0 / failed 1"
    if command != "import_members":  # the members' organizations exist already
        assert lines[3] == ("Tổ chức mới sẽ được tạo (1): Ban Mẫu Mới" if dry_run
                            else "Tổ chức mới được tạo (1): Ban Mẫu Mới")
    assert err.splitlines()[0].startswith(error)  # as it happens, before the summary…
    failed = lines.index(f"{'Tệp' if command == 'import_files' else 'Dòng'} lỗi đã bỏ qua (1):")
    assert lines[failed + 1].startswith(f"  - {error}")  # …and again in the summary
    assert closing in err.splitlines()[-1]

