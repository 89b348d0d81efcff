"""Real topic names are long: ``import_library`` takes them up to 255 characters, with short unique slugs."""
import pytest

from tests.library.test_import import doc, run
from topics.models import Topic

pytestmark = pytest.mark.django_db

YEARLY = ("Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh về {} gắn với thực hiện Nghị quyết "
          "Đại hội XIII của Đảng trong cơ quan, đơn vị năm {}")


def test_long_topics_are_imported_with_short_unique_slugs(tmp_path):
    names = [YEARLY.format(theme, year) for year, theme in (
        (2021, "ý chí tự lực, tự cường và khát vọng phát triển đất nước phồn vinh, hạnh phúc"),
        (2022, "ý chí tự lực, tự cường và khát vọng phát triển đất nước phồn vinh, hạnh phúc"),
        (2023, "xây dựng văn hóa, con người Việt Nam thật sự trở thành nền tảng tinh thần"))]
    assert all(120 < len(n) <= 255 for n in names)
    code, out, err = run(tmp_path, [doc(f"{i}-KH/TU", topics=[n]) for i, n in enumerate(names, 1)])
    assert code == 0, err
    topics = list(Topic.objects.filter(name__in=names))
    assert sorted(t.name for t in topics) == sorted(names)
    slugs = [t.slug for t in topics]
    assert len(set(slugs)) == 3 and all(len(s) <= 100 for s in slugs)
    assert all(s.startswith("hoc-tap-va-lam-theo-tu-tuong-dao-duc-phong-cach-ho-chi-minh") for s in slugs)
    code, _out, _err = run(tmp_path, [doc(f"{i}-KH/TU", topics=[n]) for i, n in enumerate(names, 1)])
    assert code == 0 and Topic.objects.filter(name__in=names).count() == 3  # re-import: the same topics


def test_a_topic_longer_than_the_limit_is_a_line_error_naming_it(tmp_path):
    ok, too_long = "Chủ đề " + "a" * 248, "Chủ đề " + "b" * 249
    code, _out, err = run(tmp_path, [doc("1-KH/TU", topics=[ok]), doc("2-KH/TU", topics=[too_long]),
                                     {"type": "meeting", "cell": "Chi bộ A", "title": "Họp", "topic": too_long,
                                      "scheduled_at": "2026-03-20T14:00:00"}])
    assert code == 1
    assert "line 2: trường “topics” dài quá 255 ký tự" in err
    assert "line 3: trường “topic” dài quá 255 ký tự" in err
    assert Topic.objects.filter(name=ok).exists() and not Topic.objects.filter(name=too_long).exists()


def test_many_lines_with_long_topics_exit_zero(tmp_path):
    """A smaller stand-in for the 17,840-line statute import (bench/legal_search_bench.py does the full size)."""
    rows = [doc(f"{i}-KH/TU", topics=[YEARLY.format(f"chủ đề thứ {i % 40}", 2000 + i % 25)]) for i in range(1, 301)]
    code, out, err = run(tmp_path, rows)
    assert code == 0, err
    assert "failed 0" in out
