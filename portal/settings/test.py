"""Test settings: the environment still picks the database (SQLite or PostgreSQL)."""
import os
import tempfile

from .base import *  # noqa: F401,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STATIC_ROOT = tempfile.mkdtemp(prefix="sotay-test-static-")
MEDIA_ROOT = tempfile.mkdtemp(prefix="sotay-test-media-")  # noqa: F405
SEARCH_SYNC_AFTER_REQUEST = False
SCHEDULED_PUBLISHING_INTERVAL = 0  # tests apply schedules explicitly (query counts stay those of the page)
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
ELASTICSEARCH_INDEX_PREFIX = os.environ.get("ELASTICSEARCH_INDEX_PREFIX", "sotay-test")
# Each test picks its search engine: the database unless it asks for Elasticsearch through the es_settings
# fixture (tests/search/conftest.py), which reads the node's address from the environment. A URL inherited
# here made unrelated tests search whatever index an earlier test had left behind.
ELASTICSEARCH_URL = ""
