"""Issue 14, "HTTPS deployment is not possible as documented": production settings from the environment,
`check --deploy` clean for the README's example, security headers (CSP without 'unsafe-inline' on public
pages, the admin's own policy), and a production server (gunicorn, DEBUG off) that works behind an HTTPS
proxy, serves pages without `collectstatic`, and keeps calendar tokens out of its access log."""
from __future__ import annotations

import re
import secrets
import shlex
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from operations.liveserver import LivePortal
from tests.hardening.urls import public_routes

BASE_DIR = Path(settings.BASE_DIR)


def readme_production_env() -> dict:
    """The `export` lines of README.md's production example, as a dict (secret and database made local)."""
    text = (BASE_DIR / "README.md").read_text()
    block = text.split("Ví dụ chạy như máy chủ thật", 1)[1].split("```bash", 1)[1].split("```", 1)[0]
    env = {}
    for line in block.splitlines():
        line = line.split("#", 1)[0].strip()
        if line.startswith("export "):
            for word in shlex.split(line[len("export "):]):
                key, _sep, value = word.partition("=")
                env[key] = value
    return env


def test_check_deploy_is_clean_for_the_readme_production_example(tmp_path):
    env = readme_production_env()
    assert env["DJANGO_DEBUG"] == "0" and env["SECURE_SSL_REDIRECT"] == "1"
    env.update(SECRET_KEY=secrets.token_urlsafe(50), DATABASE_URL=f"sqlite:///{tmp_path / 'deploy.sqlite3'}",
               MEDIA_ROOT=str(tmp_path / "media"), STATIC_ROOT=str(tmp_path / "static"),
               DJANGO_SETTINGS_MODULE="portal.settings")
    base = {k: v for k, v in __import__("os").environ.items() if not k.startswith(("DJANGO", "DATABASE", "SECURE"))}
    proc = subprocess.run([sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
                          cwd=BASE_DIR, env={**base, **env}, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "no issues" in proc.stdout


@pytest.mark.django_db
def test_public_pages_carry_the_security_headers(client):
    response = client.get("/")
    csp = response["Content-Security-Policy"]
    assert "'unsafe-inline'" not in csp and "script-src 'self'" in csp and "style-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp and "object-src 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"] and "geolocation=()" in response["Permissions-Policy"]


@pytest.mark.django_db
def test_the_admin_has_its_own_policy(world):
    response = world.client("superuser").get("/admin/")
    assert response.status_code == 200
    assert "frame-ancestors 'self'" in response["Content-Security-Policy"]


INLINE = [(re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/(?:ld\+)?json\")[^>]*>", re.I), "inline <script>"),
          (re.compile(r"<style\b", re.I), "<style> block"),
          (re.compile(r"\sstyle=[\"']", re.I), "style attribute"),
          (re.compile(r"\son[a-z]+=[\"']", re.I), "event handler attribute")]


@pytest.mark.django_db
def test_public_pages_have_no_inline_script_or_style(world):
    """What the CSP would block: every public page, as the role that sees the most of it."""
    found = []
    for role in ("anonymous", "superuser", "staff_above_a"):
        client = Client(raise_request_exception=False)
        if role != "anonymous":
            client.force_login(world.users[role])
        for route in public_routes(world):
            response = client.get(route.path, {"org": world.dang_bo_x.name} if "bao-cao" in route.path else {})
            if "text/html" not in response.get("Content-Type", ""):
                continue
            html = response.content.decode(errors="replace")
            found += [f"{role} {route.path}: {what}" for pattern, what in INLINE if pattern.search(html)]
    assert not found, "\n".join(found)


def test_settings_read_https_options_from_the_environment():
    from tests.portal.test_settings_branches import load_settings

    code = ("import importlib, json; s = importlib.import_module('portal.settings'); print(json.dumps({k: getattr(s, k, None) "
            "for k in ('CSRF_TRUSTED_ORIGINS', 'SECURE_PROXY_SSL_HEADER', 'SECURE_SSL_REDIRECT', 'SECURE_HSTS_SECONDS', "
            "'SECURE_HSTS_INCLUDE_SUBDOMAINS', 'SECURE_HSTS_PRELOAD', 'X_FRAME_OPTIONS')}))")
    env = {"DJANGO_DEBUG": "0", "SECRET_KEY": secrets.token_urlsafe(50), "ALLOWED_HOSTS": "sotay.example.vn",
           "CSRF_TRUSTED_ORIGINS": "https://sotay.example.vn,https://www.sotay.example.vn",
           "SECURE_PROXY_SSL_HEADER": "X-Forwarded-Proto: https", "SECURE_SSL_REDIRECT": "1",
           "SECURE_HSTS_SECONDS": "31536000", "SECURE_HSTS_INCLUDE_SUBDOMAINS": "1", "SECURE_HSTS_PRELOAD": "1"}
    import json
    import os

    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO", "DATABASE", "SECURE", "CSRF"))}
    proc = subprocess.run([sys.executable, "-c", code], cwd=BASE_DIR, env={**clean, **env}, capture_output=True,
                          text=True, timeout=60)
    s = json.loads(proc.stdout.strip().splitlines()[-1])
    assert s["CSRF_TRUSTED_ORIGINS"] == ["https://sotay.example.vn", "https://www.sotay.example.vn"]
    assert s["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert s["SECURE_SSL_REDIRECT"] is True and s["SECURE_HSTS_SECONDS"] == 31536000
    assert s["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True and s["SECURE_HSTS_PRELOAD"] is True
    assert s["X_FRAME_OPTIONS"] == "DENY"
    assert load_settings  # the same clean-interpreter approach as tests/portal/test_settings_branches.py


# -- a real production server -----------------------------------------------------------------------------
@pytest.fixture(scope="module")
def production(tmp_path_factory):
    """gunicorn with DEBUG off behind a (simulated) HTTPS proxy, on a fresh database, without collectstatic."""
    portal = LivePortal(tmp_path_factory.mktemp("prod"), debug=False, env={
        "SECURE_PROXY_SSL_HEADER": "X-Forwarded-Proto: https", "CSRF_TRUSTED_ORIGINS": "https://127.0.0.1",
        "SESSION_COOKIE_SECURE": "1", "CSRF_COOKIE_SECURE": "1", "SECURE_SSL_REDIRECT": "1",
        "SECURE_HSTS_SECONDS": "3600", "ELASTICSEARCH_URL": ""})
    try:
        portal.migrate()
        portal.shell("from tests.factories import UserFactory; UserFactory(username='prod_user')")
        portal.start(workers=1, threads=2)
        yield portal
    finally:
        portal.close()


def _request(portal, path, data=None, headers=None, https=True):
    headers = {"X-Forwarded-Proto": "https", **(headers or {})} if https else dict(headers or {})
    body = urllib.parse.urlencode(data).encode() if data is not None else None
    req = urllib.request.Request(portal.url(path), data=body, headers=headers)

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(req, timeout=20) as r:
            return r.status, dict(r.headers), r.read()
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), exc.read()


def test_production_pages_work_without_collectstatic(production):
    status, headers, body = _request(production, "/")
    assert status == 200, production.log_tail()
    css = re.search(rb'href="(/static/portal/site[^"]*\.css)"', body).group(1).decode()
    assert css == "/static/portal/site.css"  # no manifest yet: the plain name, served by WhiteNoise
    assert _request(production, css)[0] == 200
    assert "static file portal/site.css is not in the manifest" in production.log_tail(20000)


def test_production_redirects_plain_http_and_sends_hsts(production):
    status, headers, _ = _request(production, "/thu-vien/", https=False)
    assert status == 301 and headers["Location"].startswith("https://")
    assert _request(production, "/healthz", https=False)[0] == 200  # the proxy's probe stays on HTTP
    assert _request(production, "/")[1]["Strict-Transport-Security"].startswith("max-age=3600")


def test_login_behind_the_https_proxy_passes_the_csrf_check(production):
    """The browser says ``Origin: https://…``; Django must see the request as HTTPS (proxy header) and the
    origin as trusted — before issue 14 this login answered 403."""
    status, headers, page = _request(production, "/tai-khoan/dang-nhap/")
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1).decode()
    csrf_cookie = re.search(r"csrftoken=([^;]+)", headers["Set-Cookie"]).group(1)
    status, headers, body = _request(production, "/tai-khoan/dang-nhap/", data={
        "csrfmiddlewaretoken": token, "username": "prod_user", "password": "Mat-khau-thu-2026"},
        headers={"Origin": "https://127.0.0.1", "Cookie": f"csrftoken={csrf_cookie}"})
    assert status == 302, body[:500]
    assert "Secure" in headers["Set-Cookie"]


def test_access_log_masks_calendar_tokens(production):
    _request(production, "/lich/cua-toi.ics?token=BIMATLICH123456")
    _request(production, "/tai-khoan/dat-lai/MQ/cbx1-BIMATDATLAI123/")
    log = production.log_tail(200000)
    assert "/lich/cua-toi.ics?token=***" in log
    assert "BIMATLICH123456" not in log and "BIMATDATLAI123" not in log
