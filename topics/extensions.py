"""Extension points of the meeting pages for the floors above topics.

topics cannot import study (study sits on a higher floor, ARCHITECTURE.md), yet the meeting page shows a
secretary how far members have read. An upper app registers a provider in its ``AppConfig.ready()``; the
meeting view merges what the providers return into its context. A provider takes (viewer, meeting) and
returns a dict; it is called only for viewers who manage the meeting's cell.
"""
from __future__ import annotations

from collections.abc import Callable

_manager_context_providers: list[Callable] = []


def register_meeting_manager_context(provider: Callable) -> Callable:
    if provider not in _manager_context_providers:
        _manager_context_providers.append(provider)
    return provider


def meeting_manager_context(viewer, meeting) -> dict:
    context: dict = {}
    for provider in _manager_context_providers:
        context.update(provider(viewer, meeting))
    return context
