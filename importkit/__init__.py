"""What every importer shares, in plain Python on the bottom floor (no Django, like ``vntext``).

``import_library`` (library.importing), ``import_members`` (organizations.members) and ``import_files``
(library.file_import) live on different floors; they report through one type so a person reads the same
words whichever file they import:

* ``report``    :class:`ImportReport` — counts per line type (created / updated / unchanged / failed), the
                ``line N: reason`` errors, the organizations created, the dry-run header, one summary;
                :class:`LineError`, the reason a line is skipped;
* ``progress``  :class:`ImportProgress` — the progress bar on a terminal, lines printed above it;
* ``heap``      :func:`startup_objects_frozen` — the cycle collector skips the objects loaded before the
                import (a bulk import is 5–20 % faster), given back at its end.

Nothing here may import Django or any app of the project (an import-linter contract checks it).
"""
from importkit.heap import startup_objects_frozen
from importkit.progress import ImportProgress
from importkit.report import (CREATED, FAILED, STATUSES, UNCHANGED, UNKNOWN, UPDATED, Counts, ImportReport,
                              LineError)

__all__ = ["CREATED", "FAILED", "STATUSES", "UNCHANGED", "UNKNOWN", "UPDATED", "Counts", "ImportProgress",
           "ImportReport", "LineError", "startup_objects_frozen"]
