"""Signals the topics app sends for what Django's own signals cannot see: ``meetings_changed(sender=Meeting,
ids=[…])`` after meetings were written in bulk (the meeting lines of ``import_library``). Search listens."""
from django.dispatch import Signal

meetings_changed = Signal()  # kwargs: ids — meetings created or changed in bulk
