"""The production static-files storage, made true to the settings comment: a name missing from the
manifest (``collectstatic`` not run yet, or a file added since) is served under its plain name instead of
answering 500 on every page that links it.

WhiteNoise still serves the plain name (``WHITENOISE_USE_FINDERS``), without the far-future cache headers
that only hashed names get; a warning names the file once per process so the operator runs ``collectstatic``.
"""
import logging

from whitenoise.storage import CompressedManifestStaticFilesStorage

log = logging.getLogger(__name__)
_warned: set[str] = set()


class ForgivingManifestStaticFilesStorage(CompressedManifestStaticFilesStorage):
    manifest_strict = False

    def stored_name(self, name):
        try:
            return super().stored_name(name)
        except ValueError:
            if name not in _warned:
                _warned.add(name)
                log.warning("static file %s is not in the manifest (run `manage.py collectstatic`): "
                            "served under its plain name", name)
            return name
