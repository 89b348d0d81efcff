"""Settings for Sổ tay chuyên đề, read from the environment with safe local defaults.

Every variable is listed in README.md ("Cấu hình"). One module, no copies: the test settings only
override what tests need (fast hashing, a throwaway media dir).
"""
import os
import tempfile
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


DEBUG = env_bool("DJANGO_DEBUG", True)
SECRET_KEY = os.environ.get("SECRET_KEY") or (
    "dev-only-insecure-key-change-me-0123456789abcdefghijklmnopqrstuvwxyz" if DEBUG else ""
)
if not SECRET_KEY:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("SECRET_KEY must be set when DJANGO_DEBUG=0")

def env_list(name: str, default: str = "") -> list[str]:
    return [v.strip() for v in os.environ.get(name, default).split(",") if v.strip()]


ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,testserver")
# Origins allowed to POST forms (login, admin) besides the site itself: full origins, comma-separated, e.g.
# "https://sotay.example.vn". Behind an HTTPS proxy the site's own https origin needs no entry once
# SECURE_PROXY_SSL_HEADER is set. The default keeps `make run` on http://<host>:8000 working.
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS") or [
    f"http://{h}:8000" for h in ALLOWED_HOSTS if h not in {"*", "testserver"}]

INSTALLED_APPS = [
    # The project's floors, top to bottom (ARCHITECTURE.md); vntext and importkit are plain Python, not apps.
    "portal",
    "operations",
    "search",
    "study",
    "topics",
    "library",
    "organizations",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.search",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "axes",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.sitemaps",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "operations.security.PortalCSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "inputs.middleware.BadParamMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "axes.middleware.AxesMiddleware",
    "operations.audit.AuditContextMiddleware",
    "organizations.admin_guard.AdminScopeMiddleware",
    "search.middleware.OutboxSyncMiddleware",
    # After OutboxSync in this list, so its work runs first on the way out (library/scheduling.py).
    "portal.middleware.ScheduledPublishingMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "portal.auth.UsernameOrEmailBackend",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "portal.context_processors.site_nav",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
# Default: a SQLite file under the project, in WAL mode so the dev server and a management
# command can work at once. DATABASE_URL=postgres://… switches to PostgreSQL.
DATABASE_URL = os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}"
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Connections are kept between requests as on PostgreSQL: opening one costs ~3.5 ms before the first
    # statement (SQLite parses the whole Django + Wagtail schema) and starts with a cold page cache.
    # A writer waits for the lock (busy timeout, SQLITE_BUSY_TIMEOUT seconds) instead of failing with
    # "database is locked"; importers leave the lock free at least every 2 s (library/importing/runner.py
    # SQLITE_LOCK_BUDGET), so the wait is a few seconds at most (tests/hardening/test_sqlite_concurrency.py).
    _busy_ms = int(float(os.environ.get("SQLITE_BUSY_TIMEOUT", "30")) * 1000)
    DATABASES["default"]["OPTIONS"] = {
        "init_command": f"PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout={_busy_ms};",
        "timeout": _busy_ms / 1000,
        "transaction_mode": "IMMEDIATE",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Passwords, login, brute-force protection -----------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_TEMPLATE = "accounts/lockout.html"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "portal.auth.axes_username"  # username, e-mail and case variants share one counter
AXES_ENABLED = env_bool("AXES_ENABLED", True)

# --- Language, time -------------------------------------------------------------------------
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
DATE_FORMAT = "d/m/Y"
DATETIME_FORMAT = "H:i d/m/Y"
SHORT_DATE_FORMAT = "d/m/Y"
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]
FORMAT_MODULE_PATH = ["portal.formats"]
WAGTAIL_I18N_ENABLED = False
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES

# --- Static and media -----------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "operations.staticfiles.ForgivingManifestStaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = True
# A missing manifest entry (collectstatic not run yet) falls back to the plain file name, never a 500
# (operations/staticfiles.py logs a warning naming the file; tests/hardening/test_production.py).
WHITENOISE_MANIFEST_STRICT = False
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# Media is never served as public URLs for library files: documents go through Wagtail's serve
# view, which runs our permission hook (library.wagtail_hooks) before streaming the file.
MEDIA_URL = "/media/"
WAGTAILDOCS_SERVE_METHOD = "serve_view"
# Image renditions are linked as /anh/<file>, a view that checks who asks (library.images); originals
# are never served.
WAGTAILIMAGES_RENDITION_STORAGE = "library.images.ProtectedRenditionStorage"
# --- Limits (issue 14): files, extracted text, stored bodies, images (library/file_limits.py) ----------
MAX_UPLOAD_SIZE = int(float(os.environ.get("MAX_UPLOAD_SIZE_MB", "25")) * 1024 * 1024)
MAX_EXTRACTED_TEXT = int(os.environ.get("MAX_EXTRACTED_TEXT", "2000000"))  # characters read from one file
MAX_BODY_CHARS = int(os.environ.get("MAX_BODY_CHARS", "2500000"))          # characters of a stored body (HTML)
MAX_ZIP_UNCOMPRESSED = 100 * 1024 * 1024                                   # a DOCX's declared inflated size
WAGTAILDOCS_DOCUMENT_FORM_BASE = "operations.upload_forms.LimitedDocumentForm"
WAGTAILIMAGES_MAX_UPLOAD_SIZE = MAX_UPLOAD_SIZE
WAGTAILIMAGES_MAX_IMAGE_PIXELS = int(os.environ.get("MAX_IMAGE_PIXELS", "40000000"))  # also Pillow's bomb limit
# A form POST (not its files) may carry a whole body: Vietnamese text URL-encodes to ~6 bytes per character.
DATA_UPLOAD_MAX_MEMORY_SIZE = 6 * MAX_BODY_CHARS + 1024 * 1024
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "doc", "odt", "txt", "html", "htm", "md", "xlsx", "pptx"]

# --- Wagtail --------------------------------------------------------------------------------
WAGTAIL_SITE_NAME = "Sổ tay chuyên đề"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAIL_WORKFLOW_ENABLED = True
WAGTAILADMIN_LOGIN_URL = "accounts:login"
# No outside avatar service: the admin never asks a third-party host for members' pictures (privacy, intranet).
WAGTAIL_GRAVATAR_PROVIDER_URL = None
TAGGIT_CASE_INSENSITIVE = True
TAGGIT_TAGS_FROM_STRING = "portal.tagging.comma_splitter"
TAGGIT_STRING_FROM_TAGS = "portal.tagging.comma_joiner"

# --- Search (our own service in search/) ----------------------------------------------------
ELASTICSEARCH_URL = os.environ.get("ELASTICSEARCH_URL", "").strip()
ELASTICSEARCH_INDEX_PREFIX = os.environ.get("ELASTICSEARCH_INDEX_PREFIX", "sotay").strip() or "sotay"
ELASTICSEARCH_TIMEOUT = float(os.environ.get("ELASTICSEARCH_TIMEOUT", "2"))  # connect + answer, per request
# A node that fails this many times within a minute is left alone for ELASTICSEARCH_BREAKER_SECONDS (searches
# use the database meanwhile); /healthz and the background probe wait at most ELASTICSEARCH_PROBE_TIMEOUT.
ELASTICSEARCH_BREAKER_FAILURES = int(os.environ.get("ELASTICSEARCH_BREAKER_FAILURES", "3"))
ELASTICSEARCH_BREAKER_SECONDS = float(os.environ.get("ELASTICSEARCH_BREAKER_SECONDS", "30"))
ELASTICSEARCH_PROBE_TIMEOUT = float(os.environ.get("ELASTICSEARCH_PROBE_TIMEOUT", "0.15"))
# Push the search outbox to Elasticsearch after each request that changed something.
SEARCH_SYNC_AFTER_REQUEST = env_bool("SEARCH_SYNC_AFTER_REQUEST", True)
# Seconds between two checks for library items whose go-live or expiry time has come (0: only
# `manage.py publish_scheduled`, e.g. from cron, applies the schedule; the pages hide expired items anyway).
SCHEDULED_PUBLISHING_INTERVAL = int(os.environ.get("SCHEDULED_PUBLISHING_INTERVAL", "60"))

# --- Cache (rate limits, inputs/ratelimit.py) ----------------------------------------------------
# Shared by every gunicorn worker of the machine in production (a folder), per process when debugging.
PASSWORD_RESET_LIMITS = {"per_address": 3, "per_ip": 10, "window": 3600}
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"} if DEBUG else {
    "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
    "LOCATION": os.environ.get("CACHE_DIR") or str(Path(tempfile.gettempdir()) / f"sotay-cache-{os.getuid()}")}}

# --- Mail -----------------------------------------------------------------------------------
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "sotay@localhost")

# --- Security: HTTPS, cookies, headers (README "Chạy như máy chủ thật"; SECURITY.md) ----------------
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"  # Wagtail's preview views allow their own admin frame (SAMEORIGIN) themselves
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if not DEBUG:
    SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", False)
    CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", False)
    # Behind a reverse proxy that terminates HTTPS: the header it sets, e.g. "X-Forwarded-Proto: https".
    # Only set this when the proxy always sets (or strips) that header, or clients could claim HTTPS.
    _proxy_header = os.environ.get("SECURE_PROXY_SSL_HEADER", "").strip()
    if _proxy_header:
        _name, _sep, _value = _proxy_header.replace("=", ":").partition(":")
        SECURE_PROXY_SSL_HEADER = ("HTTP_" + _name.strip().upper().replace("-", "_").removeprefix("HTTP_"),
                                   _value.strip() or "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # the load balancer's probe may speak plain HTTP
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0") or 0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)

# Content-Security-Policy (django-csp): no inline script or style on public pages; the Wagtail admin has
# its own, looser policy (operations/security.py).
_CSP_COMMON = {
    "default-src": ["'self'"], "img-src": ["'self'", "data:"], "font-src": ["'self'"],
    "connect-src": ["'self'"], "object-src": ["'none'"], "base-uri": ["'self'"], "form-action": ["'self'"],
    "manifest-src": ["'self'"], "worker-src": ["'self'"],
}
CONTENT_SECURITY_POLICY = {"DIRECTIVES": {
    **_CSP_COMMON, "script-src": ["'self'"], "style-src": ["'self'"], "frame-ancestors": ["'none'"]}}
CONTENT_SECURITY_POLICY_ADMIN = {"DIRECTIVES": {
    **_CSP_COMMON, "script-src": ["'self'", "'unsafe-inline'"], "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:"], "frame-src": ["'self'"], "frame-ancestors": ["'self'"]}}
# Permissions-Policy (django-permissions-policy): the portal uses none of these browser features.
PERMISSIONS_POLICY = {name: [] for name in (
    "accelerometer", "camera", "display-capture", "geolocation", "gyroscope", "magnetometer", "microphone",
    "midi", "payment", "usb", "interest-cohort")}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # Calendar tokens and password-reset links never reach a log line (operations/logfilters.py).
    "filters": {"mask_tokens": {"()": "operations.logfilters.MaskTokens"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["mask_tokens"]}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    "loggers": {
        # Masked where the request paths are logged, whatever handler prints them afterwards.
        "django.request": {"filters": ["mask_tokens"]},
        "django.server": {"handlers": ["console"], "filters": ["mask_tokens"], "level": "INFO", "propagate": False},
    },
}
