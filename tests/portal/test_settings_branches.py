"""Every settings branch parses the environment the way README.md's configuration table says.

Why subprocesses: settings are read once per process, and changing DATABASE_URL or DJANGO_DEBUG
inside the test process would disturb every other test. Each case imports the settings module in
a fresh interpreter with a controlled environment and reports the values as JSON (bakerydemo
lesson: a branch nobody exercises — production, PostgreSQL — is the one that breaks on deploy).
"""
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parents[2]
OUR_VARS = ("DATABASE_URL", "SECRET_KEY", "ALLOWED_HOSTS", "MEDIA_ROOT", "STATIC_ROOT", "DJANGO_DEBUG",
            "ELASTICSEARCH_URL", "ELASTICSEARCH_INDEX_PREFIX", "DJANGO_SETTINGS_MODULE")

DUMP = r"""
import importlib, json, sys
s = importlib.import_module(sys.argv[1])
db = s.DATABASES["default"]
print(json.dumps({
    "DEBUG": s.DEBUG, "SECRET_KEY": s.SECRET_KEY, "ALLOWED_HOSTS": s.ALLOWED_HOSTS,
    "ENGINE": db["ENGINE"], "NAME": str(db["NAME"]), "HOST": db.get("HOST", ""), "PORT": db.get("PORT", ""),
    "USER": db.get("USER", ""), "OPTIONS": db.get("OPTIONS", {}), "CONN_MAX_AGE": db.get("CONN_MAX_AGE"),
    "MEDIA_ROOT": str(s.MEDIA_ROOT), "ELASTICSEARCH_URL": s.ELASTICSEARCH_URL,
    "ELASTICSEARCH_INDEX_PREFIX": s.ELASTICSEARCH_INDEX_PREFIX,
    "STATICFILES_BACKEND": s.STORAGES["staticfiles"]["BACKEND"],
    "SESSION_COOKIE_SECURE": getattr(s, "SESSION_COOKIE_SECURE", False),
}))
"""


def _env(**overrides):
    env = {k: v for k, v in os.environ.items() if k not in OUR_VARS}
    env.update(overrides)
    return env


def load_settings(module="portal.settings", **env):
    """Import `module` in a clean interpreter with `env`; return its values (or the failed process)."""
    proc = subprocess.run([sys.executable, "-c", DUMP, module], cwd=BASE_DIR, env=_env(**env),
                          capture_output=True, text=True, timeout=120)
    if proc.returncode:
        return proc
    return json.loads(proc.stdout.strip().splitlines()[-1])


def test_default_is_a_local_sqlite_file_in_wal_mode():
    s = load_settings()
    assert s["DEBUG"] is True
    assert s["ENGINE"] == "django.db.backends.sqlite3"
    assert Path(s["NAME"]) == BASE_DIR / "db.sqlite3"
    assert "journal_mode=WAL" in s["OPTIONS"]["init_command"]
    assert s["CONN_MAX_AGE"] == 60, "SQLite keeps connections open too (a new one re-reads the whole schema)"
    assert s["SECRET_KEY"], "local use must work without configuring a secret"


def test_sqlite_url_points_at_the_given_file(tmp_path):
    target = tmp_path / "portal.sqlite3"
    s = load_settings(DATABASE_URL=f"sqlite:///{target}")
    assert s["ENGINE"] == "django.db.backends.sqlite3"
    assert Path(s["NAME"]) == target


def test_postgres_url_selects_postgresql_with_all_parts():
    s = load_settings(DATABASE_URL="postgres://sotay:mat-khau@127.0.0.1:55432/sotay_prod")
    assert s["ENGINE"] == "django.db.backends.postgresql"
    assert (s["NAME"], s["USER"], s["HOST"], int(s["PORT"])) == ("sotay_prod", "sotay", "127.0.0.1", 55432)
    assert s["CONN_MAX_AGE"] == 60, "PostgreSQL keeps connections open between requests"
    assert "init_command" not in s["OPTIONS"], "SQLite pragmas must not reach PostgreSQL"


def test_production_without_secret_key_refuses_to_start():
    proc = load_settings(DJANGO_DEBUG="0")
    assert isinstance(proc, subprocess.CompletedProcess) and proc.returncode != 0
    assert "ImproperlyConfigured" in proc.stderr and "SECRET_KEY" in proc.stderr


def test_production_with_secret_key_uses_it_and_hashed_static_files():
    s = load_settings(DJANGO_DEBUG="0", SECRET_KEY="k" * 20 + "-production-secret-0123456789")
    assert s["DEBUG"] is False
    assert s["SECRET_KEY"] == "k" * 20 + "-production-secret-0123456789"
    # WhiteNoise's compressed manifest storage, forgiving a name missing from the manifest (operations.staticfiles).
    assert s["STATICFILES_BACKEND"] == "operations.staticfiles.ForgivingManifestStaticFilesStorage"


@pytest.mark.parametrize("value, expected", [("0", False), ("false", False), ("no", False), ("off", False),
                                             ("1", True), ("true", True), ("", True)])
def test_django_debug_values(value, expected):
    s = load_settings(DJANGO_DEBUG=value, SECRET_KEY="x" * 60)
    assert s["DEBUG"] is expected


def test_allowed_hosts_are_split_on_commas_and_trimmed():
    s = load_settings(ALLOWED_HOSTS=" sotay.example.vn , 10.0.0.5,,www.sotay.example.vn ")
    assert s["ALLOWED_HOSTS"] == ["sotay.example.vn", "10.0.0.5", "www.sotay.example.vn"]


def test_allowed_hosts_default_is_local_only():
    s = load_settings()
    assert set(s["ALLOWED_HOSTS"]) >= {"localhost", "127.0.0.1"}
    assert "*" not in s["ALLOWED_HOSTS"]


def test_media_root_from_environment(tmp_path):
    s = load_settings(MEDIA_ROOT=str(tmp_path / "media"))
    assert Path(s["MEDIA_ROOT"]) == tmp_path / "media"


def test_elasticsearch_is_off_by_default_with_the_documented_prefix():
    s = load_settings()
    assert s["ELASTICSEARCH_URL"] == ""
    assert s["ELASTICSEARCH_INDEX_PREFIX"] == "sotay"


def test_elasticsearch_url_and_prefix_from_environment():
    s = load_settings(ELASTICSEARCH_URL=" http://127.0.0.1:9200 ", ELASTICSEARCH_INDEX_PREFIX="sotay-staging")
    assert s["ELASTICSEARCH_URL"] == "http://127.0.0.1:9200"
    assert s["ELASTICSEARCH_INDEX_PREFIX"] == "sotay-staging"


def test_blank_index_prefix_falls_back_to_default():
    assert load_settings(ELASTICSEARCH_INDEX_PREFIX="  ")["ELASTICSEARCH_INDEX_PREFIX"] == "sotay"


def test_test_settings_keep_runs_apart_by_prefix():
    assert load_settings("portal.settings.test")["ELASTICSEARCH_INDEX_PREFIX"] == "sotay-test"
    s = load_settings("portal.settings.test", ELASTICSEARCH_INDEX_PREFIX="sotay-ci-pg-1")
    assert s["ELASTICSEARCH_INDEX_PREFIX"] == "sotay-ci-pg-1"


def test_production_settings_pass_django_deploy_checks(tmp_path):
    """The configuration README.md recommends for a server passes `check --deploy` without errors."""
    env = _env(DJANGO_DEBUG="0", SECRET_KEY="s" * 30 + "-deploy-check-secret-abcdefghijklmnopqrstuvwxyz",
               ALLOWED_HOSTS="sotay.example.vn", DATABASE_URL=f"sqlite:///{tmp_path / 'deploy.sqlite3'}",
               MEDIA_ROOT=str(tmp_path / "media"), SESSION_COOKIE_SECURE="1", CSRF_COOKIE_SECURE="1")
    proc = subprocess.run([sys.executable, "manage.py", "check", "--deploy", "--fail-level", "ERROR"],
                          cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
