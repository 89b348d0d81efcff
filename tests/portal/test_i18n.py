"""English translation of the (Vietnamese-source) UI.

Why: the portal ships a compiled English catalogue (``locale/en/LC_MESSAGES/django.mo``, committed because CI
and production machines may lack gettext). These tests make sure a visitor who picks "English" in the footer
really gets English navigation, that Vietnamese stays the default, and that the catalogue cannot silently rot:
no untranslated or fuzzy entries, the shipped ``.mo`` matches the ``.po``, placeholders survive translation,
and every literal ``{% trans %}`` string in the templates has an entry.
"""
import ast
import gettext
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation

from tests.factories import LibraryItemFactory

pytestmark = pytest.mark.django_db

LOCALE_DIR = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES"
PO_FILE = LOCALE_DIR / "django.po"
MO_FILE = LOCALE_DIR / "django.mo"
PAGES = ["/", "/thu-vien/", "/tai-khoan/dang-nhap/"]
NAV_EN = ["Library", "Topics", "Search", "Log in"]
NAV_VI = ["Thư viện", "Chủ đề", "Tìm kiếm", "Đăng nhập"]
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]")


@pytest.fixture(autouse=True)
def _back_to_default_language():
    """LocaleMiddleware activates the request language on the test thread; don't leak English to other tests."""
    yield
    translation.deactivate()


@pytest.fixture
def english_client():
    client = Client()
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302 and response["Location"] == "/"
    return client


def nav_links(html: str) -> list[str]:
    """Texts of the links and buttons in the main navigation."""
    nav = re.search(r'<nav[^>]*class="main-nav"[^>]*>(.*?)</nav>', html, re.S)
    assert nav, "main navigation missing"
    return [t.strip() for t in re.findall(r"<(?:a|button)\b[^>]*>([^<]*)</(?:a|button)>", nav.group(1))]


@pytest.mark.parametrize("path", PAGES)
def test_pages_switch_to_english(english_client, path):
    LibraryItemFactory(title="Chỉ thị về sinh hoạt chuyên đề")
    response = english_client.get(path)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="en">' in html
    links = nav_links(html)
    for text in NAV_EN:
        assert text in links, f"{path}: English nav link {text!r} missing from {links}"
    for text in NAV_VI:
        assert text not in links, f"{path}: nav still shows Vietnamese {text!r}"
    assert "Skip to content" in html and "Language" in html
    # Content stays as written: document titles are not translated.
    if path != "/tai-khoan/dang-nhap/":
        assert "Chỉ thị về sinh hoạt chuyên đề" in html


def test_english_page_specific_text(english_client):
    login = english_client.get("/tai-khoan/dang-nhap/").content.decode()
    assert "Username or e-mail" in login and "Password" in login and "Forgot your password?" in login
    assert "Tên đăng nhập hoặc e-mail" not in login
    LibraryItemFactory.create_batch(2)
    library = english_client.get("/thu-vien/").content.decode()
    assert "Filter documents" in library and "2 items" in library
    assert "Lọc văn bản" not in library


@pytest.mark.parametrize("path", PAGES)
def test_vietnamese_is_the_default(path):
    html = Client().get(path).content.decode()
    assert '<html lang="vi">' in html
    links = nav_links(html)
    for text in NAV_VI:
        assert text in links, f"{path}: Vietnamese nav link {text!r} missing from {links}"
    for text in NAV_EN:
        assert text not in links


def test_switching_back_to_vietnamese(english_client):
    assert "Library" in nav_links(english_client.get("/").content.decode())
    english_client.post("/i18n/setlang/", {"language": "vi", "next": "/"})
    html = english_client.get("/").content.decode()
    assert '<html lang="vi">' in html and "Thư viện" in nav_links(html)


def test_unknown_language_falls_back_to_vietnamese():
    client = Client()
    client.post("/i18n/setlang/", {"language": "xx", "next": "/"})
    assert '<html lang="vi">' in client.get("/").content.decode()


# --- the catalogue itself -------------------------------------------------------------------------------------


def parse_po(path: Path) -> list[dict]:
    """Minimal .po reader (no polib): one dict per entry with its flags, msgid(s) and msgstr(s)."""
    entries, current, field = [], None, None

    def flush():
        if current and "msgid" in current:
            entries.append(current)

    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line:
            flush()
            current, field = None, None
            continue
        if current is None:
            current = {"flags": [], "obsolete": False}
        if line.startswith("#~"):
            current["obsolete"] = True
            continue
        if line.startswith("#,"):
            current["flags"] += [f.strip() for f in line[2:].split(",")]
            continue
        if line.startswith("#"):
            continue
        match = re.match(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)\s+(".*")$', line)
        if match:
            field = match.group(1)
            current[field] = ast.literal_eval(match.group(2))
        elif line.startswith('"') and field:
            current[field] += ast.literal_eval(line)
    flush()
    return [e for e in entries if not e["obsolete"]]


def translations(entry: dict) -> list[str]:
    return [v for k, v in sorted(entry.items()) if k.startswith("msgstr")]


@pytest.fixture(scope="module")
def po_entries():
    assert PO_FILE.exists(), "locale/en/LC_MESSAGES/django.po is missing"
    entries = parse_po(PO_FILE)
    header = [e for e in entries if e["msgid"] == ""]
    assert header and "Language: en" in header[0]["msgstr"]
    return [e for e in entries if e["msgid"] != ""]


def test_po_has_no_untranslated_or_fuzzy_entries(po_entries):
    assert len(po_entries) > 300
    untranslated = [e["msgid"] for e in po_entries if not all(translations(e))]
    assert not untranslated, f"{len(untranslated)} untranslated English strings, e.g. {untranslated[:5]}"
    fuzzy = [e["msgid"] for e in po_entries if "fuzzy" in e["flags"]]
    assert not fuzzy, f"fuzzy (unchecked) English strings: {fuzzy[:5]}"


def test_translations_keep_placeholders(po_entries):
    for entry in po_entries:
        sources = {tuple(sorted(PLACEHOLDER.findall(entry[k]))) for k in ("msgid", "msgid_plural") if k in entry}
        for text in translations(entry):
            assert tuple(sorted(PLACEHOLDER.findall(text))) in sources, (entry["msgid"], text)


def test_translations_are_real_english(po_entries):
    """A copied Vietnamese msgstr would pass the emptiness check; glossary terms must really be translated."""
    catalogue = {e["msgid"]: translations(e)[0] for e in po_entries}
    assert catalogue["Thư viện văn bản"] == "Document library"
    assert catalogue["Sinh hoạt chuyên đề"] == "Thematic meetings"
    assert catalogue["Chi bộ"] == "Party cell"
    assert catalogue["Bí thư chi bộ"] == "Cell secretary"
    assert catalogue["Đảng viên"] == "Party member"
    copied = [m for m, t in catalogue.items() if m == t and re.search(r"[à-ỹđ]", m, re.I)]
    assert not copied, f"msgstr copied from the Vietnamese msgid: {copied[:5]}"


def test_shipped_mo_matches_po(po_entries):
    """The committed .mo is what Django loads; a .po edited without compilemessages would not show up."""
    with MO_FILE.open("rb") as fh:
        catalog = gettext.GNUTranslations(fh)._catalog
    stale = []
    for entry in po_entries:
        key = entry["msgid"] if "msgctxt" not in entry else f"{entry['msgctxt']}\x04{entry['msgid']}"
        if "msgid_plural" in entry:
            got = [catalog.get((key, i)) for i in range(len(translations(entry)))]
        else:
            got = [catalog.get(key)]
        if got != translations(entry):
            stale.append(entry["msgid"])
    assert not stale, f"django.mo is out of date (run compilemessages -l en): {stale[:5]}"


TRANS_TAG = re.compile(r"""\{%\s*(?:trans|translate)\s+(?P<q>["'])(?P<s>.*?)(?P=q)(?P<rest>[^%]*)%\}""")


def test_every_template_trans_string_is_in_the_catalogue(po_entries):
    """Catches a new {% trans "…" %} added after the last makemessages (without needing gettext installed)."""
    known = {e["msgid"] for e in po_entries if "msgctxt" not in e}
    roots = [Path(settings.BASE_DIR) / "templates", *Path(settings.BASE_DIR).glob("*/templates")]
    missing = set()
    for root in roots:
        for template in root.rglob("*"):
            if template.suffix not in {".html", ".txt", ".xml"} or ".venv" in template.parts:
                continue
            for match in TRANS_TAG.finditer(template.read_text(encoding="utf-8")):
                if "context" in match.group("rest") or "noop" in match.group("rest"):
                    continue
                if match.group("s") not in known:
                    missing.add(f"{template.relative_to(settings.BASE_DIR)}: {match.group('s')}")
    assert not missing, (
        "strings missing from locale/en (run makemessages -l en, translate, compilemessages -l en): "
        + "; ".join(sorted(missing)[:10])
    )
