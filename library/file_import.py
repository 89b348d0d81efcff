"""Import real files (PDF, DOCX, HTML, Markdown, text) into the library, one batch at a time.

For each file: fingerprint it (SHA-256, read in 1 MB chunks), skip it as a *duplicate* when that exact
file was imported before (as an item's file or any attachment) or earlier in this run, read its text
(``library.file_readers``), read the header (``vntext.headers``) and store it:

* a new item with the text as body (escaped paragraphs) and the original file attached as a Wagtail
  document (``ItemAttachment``) → *created*;
* an item with the same identity already exists (same type, number, issuer and date — e.g. the PDF of
  a DOCX imported earlier) → the file is attached to it and its empty fields are filled → *updated* —
  but only when everyone who may see that item may also see what this import carries
  (``organizations.access.audience_within``): a file imported for one cell never lands on a public item; such a
  file is *failed* with both visibilities named, and the item is left exactly as it was;
* a symbolic link, or anything that is not a regular file (device, pipe), is refused: only regular files
  are read (a link could point at any file of the server);
* anything wrong with the file (empty, damaged, encrypted, wrong extension, unsupported) → *failed*,
  with the reason; the batch goes on.

Metadata that cannot be read is left blank and listed per file in the summary. Decisions:

* no issuer in the header → the ``--issuer`` organisation; without one, a placeholder organisation
  "Chưa xác định cơ quan ban hành" and the item is a **draft** (``live=False``);
* no date in the header → the file's modification date as a placeholder, and the item is a draft;
* no type word or symbol → imported as a study guide (``study_guide``), not a document;
* no title → the page title / first heading, else the file name, and the item is a draft;
* an unknown issuer named in the header is created as an organisation (listed in the summary);
* visibility defaults to *internal*; ``--cells`` without ``--visibility`` means *restricted*.

Work is committed per batch (one savepoint per file); after each batch the citations of the new and
updated items are extracted (``citation_service.refresh_citations``) and ``library.signals.items_changed`` is sent (search listens). ``dry_run`` reads and reports everything and writes nothing.

The report is the one of every importer (``importkit.ImportReport``): ``file`` counts (a duplicate is
*unchanged*: the library already holds it), ``<file>: reason`` for each failed file, the organisations
created, and the lists of duplicates and of drafts to complete.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator

from django.core.files import File
from django.db import transaction
from django.utils import timezone
from wagtail.documents import get_document_model

from importkit import FAILED, UNCHANGED, ImportReport
from library import citation_service
from library.file_readers import ReadResult, Unreadable, read_file
from library.issuer_check import plausible_org_name
from library.models import ItemAttachment, ItemType, LibraryItem, Visibility, identity_key, topic_model
from library.signals import items_changed
from organizations.access import audience_within, describe_audience
from organizations.file_scopes import collection_for
from organizations.models import Organization, OrganizationKind, infer_kind
from vntext.headers import Header, org_case, parse_header
from vntext.html_text import text_to_html
from vntext.text import fold

PLACEHOLDER_ISSUER = "Chưa xác định cơ quan ban hành"
CHUNK = 1024 * 1024
KIND = "file"
DUPLICATE = "duplicate"  # a file's own status: counted as unchanged


@dataclass
class FileResult:
    path: str
    status: str
    reason: str = ""
    item_id: int | None = None
    title: str = ""
    symbol: str = ""
    issuer: str = ""
    issued_on: dt.date | None = None
    missing: list = field(default_factory=list)
    draft: bool = False
    encoding: str = ""


def open_regular(path: Path):
    """Open ``path`` for reading, refusing a symbolic link even if one was swapped in after listing."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    fh = os.fdopen(fd, "rb")
    if not stat.S_ISREG(os.fstat(fh.fileno()).st_mode):
        fh.close()
        raise OSError(NOT_REGULAR)
    return fh


def fingerprint(path: Path) -> str:
    digest = hashlib.sha256()
    with open_regular(path) as fh:
        for chunk in iter(lambda: fh.read(CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


NOT_REGULAR = "không phải tệp thường (liên kết tượng trưng, thiết bị…): không nhập"


def _refusal(path: Path) -> str:
    """Why ``path`` is not read ("" when it is a regular file, never following a symbolic link)."""
    try:
        mode = path.lstat().st_mode
    except OSError:
        return "không tìm thấy tệp hoặc thư mục"
    return "" if stat.S_ISREG(mode) else NOT_REGULAR


def iter_files(paths: Iterable[str]) -> Iterator[Path | tuple[str, str]]:
    """Regular files under the given paths (folders recursively, hidden entries skipped, sorted, symbolic
    links never followed); anything else comes out as (path, reason)."""
    for raw in paths:
        p = Path(raw)
        if p.is_dir() and not p.is_symlink():
            for root, dirs, files in os.walk(p):  # never descends into a linked folder
                linked = sorted(d for d in dirs if not d.startswith(".") and (Path(root) / d).is_symlink())
                dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in linked)
                for name in sorted(files) + linked:
                    if not name.startswith("."):
                        entry = Path(root) / name
                        reason = _refusal(entry)
                        yield (str(entry), reason) if reason else entry
        else:
            reason = _refusal(p)
            yield (raw, reason) if reason else p


class FileImporter:
    def __init__(self, *, dry_run: bool = False, topic: str = "", visibility: str = "", cells=(),
                 default_issuer: str = "", batch_size: int = 20,
                 on_file: Callable[[FileResult], None] | None = None, on_error: Callable[[str], None] | None = None):
        self.dry_run = dry_run
        self.topic_name = (topic or "").strip()
        self.cells = list(cells)
        self.visibility = visibility or (Visibility.RESTRICTED if self.cells else Visibility.INTERNAL)
        self.default_issuer_name = (default_issuer or "").strip()
        self.batch_size = max(1, batch_size)
        self.on_file = on_file
        self.report = ImportReport(dry_run=dry_run, kinds=(KIND,), unit="tệp", on_error=on_error)
        self.results: list[FileResult] = []
        self._orgs: dict[str, Organization | None] = {}
        self._seen: dict[str, str] = {}  # fingerprint → path imported earlier in this run
        self._topic = None
        self.rejected_issuers: list[str] = []  # header issuers that do not read like an organization

    # -- driver --------------------------------------------------------------------------------------
    def run(self, paths: Iterable[str]) -> ImportReport:
        batch: list = []
        for entry in iter_files(paths):
            batch.append(entry)
            if len(batch) >= self.batch_size:
                self._run_batch(batch)
                batch = []
        if batch:
            self._run_batch(batch)
        self.report.add_list("Tệp trùng (bỏ qua)", [f"{r.path}: {r.reason}" for r in self.results
                                                   if r.status == DUPLICATE])
        self.report.add_list("Cần bổ sung thông tin (mục nháp chưa công bố được đánh dấu *)", [
            f"{'*' if r.draft else ' '} {f'#{r.item_id}' if r.item_id else r.path} {r.path}: "
            f"thiếu {', '.join(r.missing) or 'thông tin'}"
            for r in self.results if r.status in ("created", "updated") and (r.missing or r.draft)])
        self.report.add_list("Cơ quan ban hành không đọc được (phần đầu văn bản lỗi mã hoặc hỏng; KHÔNG tạo tổ chức, "
                             "văn bản để ở dạng nháp)", [f"«{name[:80]}»" for name in self.rejected_issuers])
        return self.report

    def _record(self, result: FileResult):
        self.results.append(result)
        if result.status == FAILED:
            self.report.fail(result.path, result.reason, KIND)
        else:
            self.report.count(KIND, UNCHANGED if result.status == DUPLICATE else result.status)
        if self.on_file:
            self.on_file(result)

    def _run_batch(self, entries: list):
        prints: dict[Path, str] = {}
        unreadable: dict[Path, str] = {}
        for entry in entries:
            if isinstance(entry, Path):
                try:
                    prints[entry] = fingerprint(entry)
                except OSError as exc:
                    unreadable[entry] = f"không đọc được tệp: {exc.strerror or exc}"
        known = self._known_fingerprints(list(prints.values()))
        changed: list[int] = []
        with citation_service.suspended():
            for entry in entries:
                if isinstance(entry, tuple):
                    self._record(FileResult(path=entry[0], status=FAILED, reason=entry[1]))
                    continue
                if entry in unreadable:
                    self._record(FileResult(path=str(entry), status=FAILED, reason=unreadable[entry]))
                    continue
                result = self._import_one(entry, prints[entry], known)
                if result.item_id and result.status in ("created", "updated"):
                    changed.append(result.item_id)
                self._record(result)
        if changed and not self.dry_run:
            with transaction.atomic():
                citation_service.refresh_citations(changed)
                items_changed.send(sender=LibraryItem, ids=changed)

    def _known_fingerprints(self, fps: list[str]) -> dict[str, tuple[int, str]]:
        if not fps:
            return {}
        known = {fp: (pk, title) for pk, fp, title in
                 LibraryItem.objects.filter(fingerprint__in=fps).values_list("pk", "fingerprint", "title")}
        for pk, fp, title in (ItemAttachment.objects.filter(fingerprint__in=fps)
                              .values_list("item_id", "fingerprint", "item__title")):
            known.setdefault(fp, (pk, title))
        return known

    # -- one file ------------------------------------------------------------------------------------
    def _import_one(self, path: Path, fp: str, known: dict) -> FileResult:
        name = str(path)
        if fp in self._seen:
            return FileResult(path=name, status=DUPLICATE, reason=f"trùng nội dung với {self._seen[fp]}")
        if fp in known:
            pk, title = known[fp]
            return FileResult(path=name, status=DUPLICATE, item_id=pk,
                              reason=f"tệp đã có trong thư viện: #{pk} {title[:80]}")
        try:
            read = read_file(path)
        except Unreadable as exc:
            return FileResult(path=name, status=FAILED, reason=str(exc))
        except Exception as exc:  # noqa: BLE001 - a broken file must never stop the batch
            return FileResult(path=name, status=FAILED, reason=f"lỗi khi đọc tệp: {type(exc).__name__}: {str(exc)[:120]}")
        self._seen[fp] = name
        header = parse_header(read.text)
        orgs_before = len(self.report.created_orgs)
        try:
            if self.dry_run:
                return self._plan(path, fp, read, header)
            with transaction.atomic():
                return self._store(path, fp, read, header)
        except Exception as exc:  # noqa: BLE001
            # The savepoint rolled back any organisation created for this file: forget it.
            self._orgs.clear()
            del self.report.created_orgs[orgs_before:]
            return FileResult(path=name, status=FAILED, reason=f"lỗi khi lưu: {type(exc).__name__}: {str(exc)[:120]}")

    def _metadata(self, path: Path, read: ReadResult, header: Header) -> dict:
        missing = list(header.missing)
        draft = False
        issuer = self._issuer_from_header(header)
        if issuer is None:
            issuer = self._default_issuer()
            if issuer is None:
                draft = True
        issued_on = header.issued_on
        if issued_on is None:
            issued_on = dt.datetime.fromtimestamp(path.stat().st_mtime, tz=timezone.get_current_timezone()).date()
            draft = True
        title = header.title
        if not title:
            title = read.title_hint or _first_heading(read.text) or path.stem.replace("_", " ")
            draft = True
        kind = header.kind
        item_type = ItemType.DOCUMENT if kind else ItemType.STUDY_GUIDE
        return {"issuer": issuer, "issued_on": issued_on, "title": title[:2000], "kind": kind,
                "item_type": item_type, "missing": missing, "draft": draft}

    def _plan(self, path, fp, read, header) -> FileResult:
        meta = self._metadata(path, read, header)
        issuer_name = meta["issuer"].name if meta["issuer"] is not None else (
            self._pending_issuer_name(header) or PLACEHOLDER_ISSUER)
        existing = self._existing(meta, header) if meta["issuer"] is not None and meta["issuer"].pk else None
        refusal = self._widening(existing) if existing else ""
        if refusal:
            return FileResult(path=str(path), status=FAILED, reason=refusal)
        return FileResult(path=str(path), status="updated" if existing else "created", item_id=None,
                          title=meta["title"], symbol=header.symbol, issuer=issuer_name, issued_on=meta["issued_on"],
                          missing=meta["missing"], draft=meta["draft"], encoding=read.encoding)

    def _existing(self, meta: dict, header: Header):
        issuer = meta["issuer"]
        key = identity_key(meta["item_type"], meta["kind"], header.symbol, issuer.pk, meta["issued_on"], meta["title"])
        return LibraryItem.objects.filter(identity=key).first()

    def _widening(self, item: LibraryItem) -> str:
        """Why this import may not touch ``item`` ("" when it may): its audience must lie within ours."""
        item_orgs = list(item.allowed_orgs.all())
        if audience_within(item.visibility, item_orgs, self.visibility, self.cells):
            return ""
        return (f"văn bản #{item.pk} đã có trong thư viện với phạm vi xem «{describe_audience(item.visibility, item_orgs)}», "
                f"rộng hơn phạm vi «{describe_audience(self.visibility, self.cells)}» của lần nhập này: không gắn tệp "
                f"và không ghi nội dung vào văn bản đó (sửa phạm vi trong trang quản trị nếu cần)")

    def _store(self, path: Path, fp: str, read: ReadResult, header: Header) -> FileResult:
        meta = self._metadata(path, read, header)
        if meta["issuer"] is None:
            meta["issuer"] = self._placeholder_issuer()
        body = text_to_html(read.text, join_wrapped=read.format == "pdf")
        item = self._existing(meta, header)
        refusal = self._widening(item) if item else ""
        if refusal:
            return FileResult(path=str(path), status=FAILED, reason=refusal)
        status = "updated" if item else "created"
        if item is None:
            now = timezone.now()
            item = LibraryItem(
                item_type=meta["item_type"], kind=meta["kind"], symbol=header.symbol, title=meta["title"],
                issuer=meta["issuer"], signer=header.signer[:200], issued_on=meta["issued_on"], body=body,
                visibility=self.visibility, live=not meta["draft"], fingerprint=fp,
                has_unpublished_changes=meta["draft"],
                first_published_at=None if meta["draft"] else now, last_published_at=None if meta["draft"] else now,
            )
            item.save()
            if self.cells:
                item.allowed_orgs.set(self.cells)
            if self.topic_name:
                item.tags.add(self._get_topic())
            if self.cells or self.topic_name:
                item.save()
        else:
            fields = []
            if not item.body and body:
                item.body, fields = body, fields + ["body"]
            if not item.signer and header.signer:
                item.signer, fields = header.signer[:200], fields + ["signer"]
            if not item.fingerprint:
                item.fingerprint, fields = fp, fields + ["fingerprint"]
            if fields:
                item.save(update_fields=fields + ["updated_at"])
        self._attach(item, path, fp, meta["title"])
        return FileResult(path=str(path), status=status, item_id=item.pk, title=item.title, symbol=item.symbol,
                          issuer=item.issuer.name, issued_on=item.issued_on, missing=meta["missing"],
                          draft=not item.live, encoding=read.encoding)

    def _attach(self, item: LibraryItem, path: Path, fp: str, title: str):
        Document = get_document_model()
        with open_regular(path) as fh:
            # In the issuer's collection: the staff of its đảng bộ manage it in the admin.
            document = Document(title=(title or path.name)[:255], file=File(fh, name=path.name),
                                collection=collection_for(item.issuer))
            document.save()
        try:
            ItemAttachment.objects.create(item=item, document=document, fingerprint=fp, caption=path.name[:255])
        except Exception:
            document.file.delete(save=False)
            raise

    # -- organisations and topics --------------------------------------------------------------------
    def _find_org(self, name: str) -> Organization | None:
        key = fold(name).strip()
        if key not in self._orgs:
            self._orgs[key] = Organization.objects.filter(name_folded=key).first()
        return self._orgs[key]

    def _issuer_from_header(self, header: Header) -> Organization | None:
        if not header.issuer:
            return None
        candidates = [header.issuer] + [org_case(line) for line in reversed(header.issuer_lines)]
        for name in candidates:
            org = self._find_org(name)
            if org is not None:
                return org
        if not plausible_org_name(header.issuer):
            # A garbled header must never create an organization: report it, let the file wait as a draft.
            if header.issuer not in self.rejected_issuers:
                self.rejected_issuers.append(header.issuer)
            return None
        if self.dry_run:
            if header.issuer not in self.report.created_orgs:
                self.report.created_orgs.append(header.issuer)
            return Organization(name=header.issuer)  # unsaved: reported, never written
        org = Organization(name=header.issuer[:255], kind=infer_kind(header.issuer), code=header.issuer_code[:40])
        org.save()
        self._orgs[fold(header.issuer).strip()] = org
        self.report.created_orgs.append(org.name)
        return org

    def _pending_issuer_name(self, header: Header) -> str:
        return header.issuer or self.default_issuer_name

    def _default_issuer(self) -> Organization | None:
        if not self.default_issuer_name:
            return None
        org = self._find_org(self.default_issuer_name)
        if org is None and not self.dry_run:
            org = Organization(name=self.default_issuer_name[:255], kind=infer_kind(self.default_issuer_name))
            org.save()
            self._orgs[fold(self.default_issuer_name).strip()] = org
            self.report.created_orgs.append(org.name)
        elif org is None:
            if self.default_issuer_name not in self.report.created_orgs:
                self.report.created_orgs.append(self.default_issuer_name)
            return Organization(name=self.default_issuer_name)  # unsaved: reported, never written
        return org

    def _placeholder_issuer(self) -> Organization:
        org = self._find_org(PLACEHOLDER_ISSUER)
        if org is None:
            org = Organization(name=PLACEHOLDER_ISSUER, kind=OrganizationKind.BODY)
            org.save()
            self._orgs[fold(PLACEHOLDER_ISSUER).strip()] = org
        return org

    def _get_topic(self):
        if self._topic is None:
            Topic = topic_model()
            self._topic = (Topic.objects.filter(name__iexact=self.topic_name).first()
                           or Topic.objects.create(name=self.topic_name))
        return self._topic


def _first_heading(text: str) -> str:
    for line in text.splitlines()[:15]:
        line = " ".join(line.split())
        if 8 <= len(line) <= 200:
            return line
    return ""
