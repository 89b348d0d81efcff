"""Citations shown as links: ``linkify(html, citations)`` wraps resolved references of an HTML body in links.

Finding references in text is pure text work and lives in ``vntext.citations``.
"""
from library.citations.linkify import linkify

__all__ = ["linkify"]
