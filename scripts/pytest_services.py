"""pytest plugin loaded by `make test` (scripts/test.sh): a service test may fail, never skip.

Why: `make test` starts a real Elasticsearch and installs Chromium precisely so that the
`elasticsearch`- and `browser`-marked tests run. A skip there would hide a broken harness behind a
green build, so under `make test` such a skip is reported as a failure with the skip's reason.
"""
import pytest

SERVICE_MARKERS = ("elasticsearch", "browser")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if not report.skipped or hasattr(report, "wasxfail"):
        return
    marker = next((m for m in SERVICE_MARKERS if item.get_closest_marker(m)), None)
    if marker is None:
        return
    reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
    report.outcome = "failed"
    report.longrepr = f"make test never skips `{marker}` tests, but this one skipped: {reason}"
