"""The portal app has no models of its own: it is the project shell (settings, URLs, home, accounts, feeds).

Its first migration once created ``Invitation``, which now lives in ``organizations`` (same table).
"""
