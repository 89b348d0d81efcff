"""Settings of the benchmark children (bench/run.py): the test settings plus the stock-Wagtail peer app."""
from portal.settings.test import *  # noqa: F401,F403

INSTALLED_APPS = [*INSTALLED_APPS, "bench.wagtail_peer"]  # noqa: F405
