"""The cycle collector during a bulk import.

A command has loaded Django, every app and Wagtail before it reads its first line: a few hundred thousand
objects that live as long as the process. Each full collection (the collector's oldest generation) walks all
of them again, and an import allocates enough model instances to trigger one every few hundred lines: on
``make bench`` that was 5–20 % of an import's time. ``gc.freeze()`` sets those start-up objects aside so the
collector only looks at what the import itself creates; ``gc.unfreeze()`` gives them back at the end, so a
process that runs several imports (the tests, ``load_demo``) never keeps garbage frozen.
"""
from __future__ import annotations

import gc
from contextlib import contextmanager


@contextmanager
def startup_objects_frozen():
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()
