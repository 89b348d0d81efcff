"""What a plain Wagtail site gets: one minimal indexed model searched by Wagtail's own database backend.

Used by bench/peers.py only (the ``bench.settings`` of ``make bench``), never by the portal.
"""
