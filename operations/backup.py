"""Backup and restore of the whole site: database rows, media files and a manifest with checksums.

Layout of a backup folder::

    manifest.json          versions, database vendor, migrations, per-table row counts, every file's SHA-256
    db/<app>.<model>.jsonl one JSON object per row (Django's serializer, primary keys kept)
    media/...              a copy of MEDIA_ROOT (documents, images, renditions)

Why this shape:

* **Rows with their primary keys**, every model of every app (content types and permissions included), so a
  restore gives back the very same rows on SQLite or PostgreSQL, whichever the backup came from; the
  search tables are left out because they are derived: ``restore`` rebuilds them (and Elasticsearch).
* **Streaming**: each model is written and read one row at a time (the library holds 100,000 items).
* **Checked before anything is touched**: ``restore`` verifies every checksum of the manifest, refuses a
  database that already holds content (accounts, organizations, library, meetings) unless ``--force``, then
  empties the database, loads every row in one transaction (Django's ``loaddata``: foreign keys checked at
  the end, PostgreSQL sequences moved past the loaded ids) and copies the media.
"""
from __future__ import annotations

import datetime as dt
import decimal
import hashlib
import json
import os
import shutil
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.management import call_command
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

FORMAT = 1
# Derived data, rebuilt after a restore instead of copied (apps by module name: search's label is portal_search).
DERIVED_APPS = {"search"}
DERIVED_MODELS = {"wagtailsearch.indexentry", "wagtailsearch.sqliteftsindexentry"}
# Apps whose rows mean "this database already holds a site".
CONTENT_MODELS = ("auth.user", "organizations.organization", "library.libraryitem", "topics.meeting")
CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup cannot be written or restored; the message is shown to the operator."""


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


def dumped_models() -> list:
    """Every concrete, managed model whose rows a backup keeps (auto-created m2m tables included)."""
    out = []
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if meta.proxy or not meta.managed or meta.app_config.name in DERIVED_APPS or meta.label_lower in DERIVED_MODELS:
            continue
        out.append(model)
    return sorted(out, key=lambda m: m._meta.label_lower)


def _media_files(root: Path):
    if not root.exists():
        return
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for name in sorted(filenames):
            path = Path(dirpath) / name
            if path.is_file() and not path.is_symlink():
                yield path


@dataclass
class BackupReport:
    rows: dict = field(default_factory=dict)
    files: int = 0
    bytes: int = 0


def backup(target: Path, progress=None) -> BackupReport:
    target = Path(target)
    if target.exists() and any(target.iterdir()):
        raise BackupError(f"Thư mục {target} không trống: chọn một thư mục mới cho bản sao lưu.")
    (target / "db").mkdir(parents=True, exist_ok=True)
    report = BackupReport()
    tables = {}
    for model in dumped_models():
        label = model._meta.label_lower
        path = target / "db" / f"{label}.jsonl"
        with open(path, "w", encoding="utf-8") as fh:
            count = _write_rows(model, fh)
        report.rows[label] = count
        tables[label] = {"file": f"db/{label}.jsonl", "rows": count, "sha256": sha256_file(path)}
        if progress:
            progress(label, count)
    media_root = Path(settings.MEDIA_ROOT)
    media = {}
    for path in _media_files(media_root):
        rel = path.relative_to(media_root).as_posix()
        dest = target / "media" / rel
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, dest)
        media[rel] = {"size": dest.stat().st_size, "sha256": sha256_file(dest)}
        report.files += 1
        report.bytes += media[rel]["size"]
    manifest = {
        "format": FORMAT, "created_at": timezone.now().isoformat(), "vendor": connection.vendor,
        "versions": _versions(), "migrations": _migrations(), "tables": tables, "media": media,
    }
    (target / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    return report


class _Exact(json.JSONEncoder):
    """Dates and times in full ISO 8601 (Django's own JSON encoder cuts microseconds to milliseconds, and a
    restored row would then differ from the one backed up)."""

    def default(self, o):
        if isinstance(o, (dt.datetime, dt.date, dt.time)):
            return o.isoformat()
        if isinstance(o, (decimal.Decimal, uuid.UUID)):
            return str(o)
        return super().default(o)


def _write_rows(model, fh, chunk: int = 2000) -> int:
    """One JSON line per row (Django's serialized form, primary key kept), streamed in chunks of ``chunk``."""
    # Many-to-many links are written by their own (through) table with their ids, not inside the row.
    fields = [f.name for f in model._meta.local_fields]
    serializer = serializers.get_serializer("python")()
    count = 0
    last = None
    while True:
        qs = model._base_manager.order_by("pk")
        if last is not None:
            qs = qs.filter(pk__gt=last)
        rows = list(qs[:chunk])
        if not rows:
            break
        for obj in serializer.serialize(rows, fields=fields):
            fh.write(json.dumps(obj, cls=_Exact, ensure_ascii=False) + "\n")
        count += len(rows)
        last = rows[-1].pk
    return count


def _versions() -> dict:
    import django
    import wagtail

    return {"django": django.get_version(), "wagtail": wagtail.__version__}


def _migrations() -> dict:
    latest: dict[str, str] = {}
    for app, name in MigrationRecorder(connection).applied_migrations():
        if name > latest.get(app, ""):
            latest[app] = name
    return dict(sorted(latest.items()))


def _clear_wagtail_fulltext() -> None:
    """Empty Wagtail's own search index (its entries, and on SQLite the FTS5 table beside them that ``flush``
    does not know about), so ``update_index`` rebuilds it without colliding with old row ids."""
    apps.get_model("wagtailsearch.indexentry")._base_manager.all()._raw_delete(connection.alias)
    if connection.vendor == "sqlite" and "wagtailsearch_indexentry_fts" in connection.introspection.table_names():
        with connection.cursor() as cur:
            cur.execute("DELETE FROM wagtailsearch_indexentry_fts")


# -- restore ------------------------------------------------------------------------------------------------
def read_manifest(source: Path) -> dict:
    path = Path(source) / "manifest.json"
    if not path.exists():
        raise BackupError(f"Không có {path}: đây không phải một bản sao lưu.")
    manifest = json.loads(path.read_text(encoding="utf-8"))
    if manifest.get("format") != FORMAT:
        raise BackupError(f"Định dạng sao lưu {manifest.get('format')} không được hỗ trợ (cần {FORMAT}).")
    return manifest


def verify(source: Path, manifest: dict) -> None:
    """Every file of the manifest exists with its checksum; raises BackupError naming the first that does not."""
    source = Path(source)
    for label, table in manifest["tables"].items():
        path = source / table["file"]
        if not path.exists() or sha256_file(path) != table["sha256"]:
            raise BackupError(f"Bản sao lưu hỏng: {table['file']} thiếu hoặc sai mã kiểm tra (SHA-256).")
    for rel, info in manifest["media"].items():
        path = source / "media" / rel
        if not path.exists() or sha256_file(path) != info["sha256"]:
            raise BackupError(f"Bản sao lưu hỏng: media/{rel} thiếu hoặc sai mã kiểm tra (SHA-256).")


def content_rows() -> dict:
    """Rows that mean "a site lives here" (accounts, organizations, library, meetings)."""
    out = {}
    for label in CONTENT_MODELS:
        model = apps.get_model(label)
        n = model._base_manager.count()
        if n:
            out[label] = n
    return out


def media_is_empty() -> bool:
    return next(_media_files(Path(settings.MEDIA_ROOT)), None) is None


def restore(source: Path, force: bool = False, rebuild_search=None) -> dict:
    source = Path(source)
    manifest = read_manifest(source)
    verify(source, manifest)
    missing = {app: name for app, name in manifest["migrations"].items()
               if name not in {n for a, n in MigrationRecorder(connection).applied_migrations() if a == app}}
    if missing:
        raise BackupError("CSDL chưa có đủ các migration của bản sao lưu (chạy `manage.py migrate` với phiên bản mã "
                          f"đã tạo bản sao lưu): {', '.join(f'{a}.{n}' for a, n in sorted(missing.items()))}")
    existing = content_rows()
    if existing and not force:
        raise BackupError("CSDL đích không trống (" + ", ".join(f"{k}: {v}" for k, v in existing.items())
                          + "). Khôi phục sẽ xóa toàn bộ dữ liệu này; chạy lại với --force nếu đúng là muốn vậy.")
    if not media_is_empty() and not force:
        raise BackupError(f"Thư mục media {settings.MEDIA_ROOT} không trống; chạy lại với --force để ghi đè.")
    # Empty every table (content types and permissions too: the backup carries them with their ids), without
    # the post-migrate signal that would re-create some of them with other ids.
    call_command("flush", interactive=False, inhibit_post_migrate=True, verbosity=0)
    files = [str(source / t["file"]) for t in manifest["tables"].values() if t["rows"]]
    if files:
        call_command("loaddata", *files, verbosity=0)
    _clear_wagtail_fulltext()  # Wagtail indexed some rows while they loaded; its index is rebuilt whole below
    media_root = Path(settings.MEDIA_ROOT)
    for rel in manifest["media"]:
        dest = media_root / rel
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source / "media" / rel, dest)
    if rebuild_search is not None:
        rebuild_search()
    return {label: t["rows"] for label, t in manifest["tables"].items()}
