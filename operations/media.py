"""Media files that no database row references (orphans), e.g. left by an ``import_files`` killed between
writing a document's file and committing its row. ``manage.py clean_media`` lists them, ``--delete``
removes them; files younger than ``--min-age`` minutes are left alone (an import may be writing them)."""
from __future__ import annotations

import time
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db.models import FileField


def referenced_files() -> set[str]:
    """Every file name (relative to MEDIA_ROOT) stored in a FileField/ImageField of any model."""
    names: set[str] = set()
    for model in apps.get_models():
        fields = [f.name for f in model._meta.concrete_fields if isinstance(f, FileField)]
        for field in fields:
            names.update(n for n in model._base_manager.exclude(**{field: ""}).values_list(field, flat=True) if n)
    return names


def orphans(min_age_seconds: float = 3600) -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    if not root.exists():
        return []
    known = referenced_files()
    now = time.time()
    out = []
    for path in sorted(root.rglob("*")):
        if not path.is_file() or path.is_symlink():
            continue
        rel = path.relative_to(root).as_posix()
        if rel not in known and now - path.stat().st_mtime >= min_age_seconds:
            out.append(path)
    return out
