"""Fixtures for the hardening tests: the privacy world of tests/access (two đảng bộ, cells, one user per
role, documents of each visibility with attachments, meetings), and hypothesis settings that keep the fuzz
tests bounded (few examples, a deadline per example, no example database on disk)."""
import os

from hypothesis import HealthCheck, settings

from tests.access.conftest import World, world  # noqa: F401 — re-exported fixture

settings.register_profile(
    "sotay", max_examples=int(os.environ.get("SOTAY_FUZZ_EXAMPLES", "25")), deadline=2000, database=None,
    derandomize=False, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
settings.load_profile("sotay")
