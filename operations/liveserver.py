"""A throwaway portal on loopback, for tests and `make soak` that need a real server and a real database.

:class:`LivePortal` gives a fresh database of the same kind as ``DATABASE_URL`` (a SQLite file in its own
folder, or a scratch PostgreSQL database next to the configured one, dropped afterwards), its own media
folder, ``manage.py`` commands run against them, and gunicorn (the production server of `make serve`)
serving them on 127.0.0.1. Nothing here touches the developer's database, media or search nodes.
"""
from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent
# Variables a live portal sets itself; the rest of the caller's environment is passed on.
OWN_VARS = ("DATABASE_URL", "MEDIA_ROOT", "STATIC_ROOT", "DJANGO_SETTINGS_MODULE", "DJANGO_DEBUG", "SECRET_KEY",
            "ALLOWED_HOSTS", "ELASTICSEARCH_URL", "ELASTICSEARCH_INDEX_PREFIX", "GUNICORN_BIND")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LivePortal:
    def __init__(self, workdir: Path, base_database_url: str | None = None, env: dict | None = None,
                 debug: bool = True):
        self.workdir = Path(workdir)
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.port = free_port()
        self.proc: subprocess.Popen | None = None
        base = base_database_url if base_database_url is not None else os.environ.get("DATABASE_URL", "")
        self._pg_name = None
        if base.startswith("postgres"):
            self._pg_base = dj_database_url.parse(base)
            self._pg_name = f"{self._pg_base['NAME']}_live_{uuid.uuid4().hex[:8]}"
            self.database_url = base.rsplit("/", 1)[0] + "/" + self._pg_name
            self._pg_admin("CREATE DATABASE {}")
        else:
            self.database_url = f"sqlite:///{self.workdir / 'portal.sqlite3'}"
        self.media_root = self.workdir / "media"
        self.env = {k: v for k, v in os.environ.items() if k not in OWN_VARS}
        self.env.update({
            "DATABASE_URL": self.database_url, "MEDIA_ROOT": str(self.media_root),
            "STATIC_ROOT": str(self.workdir / "static"), "DJANGO_SETTINGS_MODULE": "portal.settings",
            "DJANGO_DEBUG": "1" if debug else "0", "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SECRET_KEY": "live-portal-" + uuid.uuid4().hex * 2, "PYTHONPATH": str(BASE_DIR),
            "AXES_ENABLED": "0", "LOG_LEVEL": "WARNING",
        })
        self.env.update(env or {})

    # -- database ---------------------------------------------------------------------------------------
    def _pg_admin(self, statement: str) -> None:
        import psycopg
        from psycopg import sql

        b = self._pg_base
        with psycopg.connect(host=b["HOST"], port=b["PORT"] or 5432, user=b["USER"], password=b["PASSWORD"],
                             dbname="postgres", autocommit=True) as conn:
            conn.execute(sql.SQL(statement).format(sql.Identifier(self._pg_name)))

    # -- commands ---------------------------------------------------------------------------------------
    def manage(self, *args, check=True, timeout=600, env: dict | None = None, **kwargs) -> subprocess.CompletedProcess:
        proc = subprocess.run([sys.executable, str(BASE_DIR / "manage.py"), *map(str, args)], cwd=BASE_DIR,
                              env={**self.env, **(env or {})}, capture_output=True, text=True, timeout=timeout,
                              **kwargs)
        if check and proc.returncode:
            raise RuntimeError(f"manage.py {' '.join(map(str, args))} failed ({proc.returncode}):\n"
                               f"{proc.stdout[-2000:]}\n{proc.stderr[-4000:]}")
        return proc

    def popen_manage(self, *args, **kwargs) -> subprocess.Popen:
        return subprocess.Popen([sys.executable, str(BASE_DIR / "manage.py"), *map(str, args)], cwd=BASE_DIR,
                                env=self.env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kwargs)

    def migrate(self) -> None:
        self.manage("migrate", "--noinput", "-v", "0")

    def shell(self, code: str) -> str:
        """Run Python code with Django set up against this portal; returns its stdout."""
        return self.manage("shell", "--no-imports", "-c", code).stdout

    # -- server -----------------------------------------------------------------------------------------
    def url(self, path: str = "/") -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def start(self, workers: int = 2, threads: int = 4, wait: float = 60.0) -> None:
        log = open(self.workdir / "gunicorn.log", "ab")
        self.proc = subprocess.Popen(
            [str(Path(sys.executable).with_name("gunicorn")), "-c", str(BASE_DIR / "portal" / "gunicorn_conf.py"),
             "portal.wsgi:application"], cwd=BASE_DIR, stdout=log, stderr=subprocess.STDOUT,
            env={**self.env, "GUNICORN_BIND": f"127.0.0.1:{self.port}", "WEB_CONCURRENCY": str(workers),
                 "GUNICORN_THREADS": str(threads)})
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"gunicorn exited ({self.proc.returncode}):\n{self.log_tail()}")
            try:
                with urllib.request.urlopen(self.url("/healthz"), timeout=2) as r:
                    if r.status == 200:
                        return
            except (urllib.error.URLError, OSError):
                time.sleep(0.3)
        raise RuntimeError(f"gunicorn did not answer within {wait}s:\n{self.log_tail()}")

    def log_tail(self, n: int = 4000) -> str:
        path = self.workdir / "gunicorn.log"
        return path.read_text(errors="replace")[-n:] if path.exists() else ""

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc = None

    def close(self) -> None:
        self.stop()
        if self._pg_name:
            try:
                self._pg_admin("DROP DATABASE IF EXISTS {} WITH (FORCE)")
            except Exception as exc:  # pragma: no cover - reported, the caller's result stands
                print(f"could not drop {self._pg_name}: {exc}", file=sys.stderr)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def get_json(url: str, timeout: float = 10.0) -> tuple[int, dict]:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as r:
            return r.status, json.loads(r.read() or b"{}")
    except urllib.error.HTTPError as exc:
        return exc.code, {}


class Session:
    """A browser-like client of a live portal: cookies, CSRF token, login; ``post`` and ``get`` return
    (status, body) and never raise for HTTP errors (a connection error is status 0)."""

    def __init__(self, base_url: str, timeout: float = 30.0):
        import http.cookiejar

        self.base = base_url.rstrip("/")
        self.timeout = timeout
        self.jar = http.cookiejar.CookieJar()

        class NoRedirect(urllib.request.HTTPRedirectHandler):
            def redirect_request(self, *args, **kwargs):
                return None

        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), NoRedirect)

    def _open(self, req) -> tuple[int, bytes]:
        try:
            with self.opener.open(req, timeout=self.timeout) as r:
                return r.status, r.read()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read()
        except (urllib.error.URLError, OSError) as exc:
            return 0, str(exc).encode()

    def get(self, path: str, params: dict | None = None) -> tuple[int, bytes]:
        from urllib.parse import urlencode

        url = self.base + path + (("?" + urlencode(params)) if params else "")
        return self._open(urllib.request.Request(url))

    def csrf(self) -> str:
        for cookie in self.jar:
            if cookie.name == "csrftoken":
                return cookie.value
        self.get("/tai-khoan/dang-nhap/")
        return next((c.value for c in self.jar if c.name == "csrftoken"), "")

    def post(self, path: str, data: dict) -> tuple[int, bytes]:
        from urllib.parse import urlencode

        token = self.csrf()
        body = urlencode({**data, "csrfmiddlewaretoken": token}).encode()
        req = urllib.request.Request(self.base + path, data=body,
                                     headers={"X-CSRFToken": token, "Referer": self.base + path})
        return self._open(req)

    def login(self, username: str, password: str) -> bool:
        status, _body = self.post("/tai-khoan/dang-nhap/", {"username": username, "password": password})
        return status == 302
