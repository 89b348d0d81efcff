"""References to other documents in Vietnamese text: ``extract(text)`` → list of :class:`Reference`
(see ``extract.py`` for the rules and decisions)."""
from vntext.citations.extract import Reference, extract

__all__ = ["Reference", "extract"]
