"""References to other documents in Vietnamese text: finding them and turning them into links.

``extract(text)`` → list of :class:`Reference` (see ``extract.py`` for the rules and decisions);
``linkify(html, citations)`` wraps resolved references of an HTML body in links (``linkify.py``).
"""
from library.citations.extract import Reference, extract
from library.citations.linkify import linkify

__all__ = ["Reference", "extract", "linkify"]
