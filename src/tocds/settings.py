"""The one settings module of tocds, driven by environment variables.

Defaults run on a clean clone (SQLite under `var/`, a generated secret key kept under `var/`);
production sets `DATABASE_URL`, `SECRET_KEY`, `ALLOWED_HOSTS` and leaves `DEBUG` off.
Values that officials change (targets, catalogues, pass marks) are data, never settings.
"""

import os
import secrets
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

PACKAGE_DIR = Path(__file__).resolve().parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    lowered = value.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), not {value!r}")


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be an integer, not {value!r}") from exc


# Local state (SQLite file, generated secret key, file cache) lives here.
VAR_DIR = Path(os.environ.get("TOCDS_VAR_DIR") or Path.cwd() / "var").resolve()


def _secret_key() -> str:
    key = os.environ.get("SECRET_KEY", "")
    if key:
        return key
    key_file = VAR_DIR / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(50)
    key_file.write_text(key)
    key_file.chmod(0o600)
    return key


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
# Behind TLS in production; the local demo runs over plain http.
HTTPS = env_bool("HTTPS", not DEBUG and "SECRET_KEY" in os.environ)

# The teams' display name: Cao Bằng says "Tổ chuyển đổi số cộng đồng", the national name is
# "Tổ công nghệ số cộng đồng". This one is shown in page titles and the header.
TEAM_DISPLAY_NAME = os.environ.get("TOCDS_TEAM_NAME", "Tổ chuyển đổi số cộng đồng")
# The province this installation serves (official code of vietnam-provinces).
PROVINCE_CODE = os.environ.get("TOCDS_PROVINCE_CODE", "04")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "simple_history",
    "axes",
    "csp",
    "huey.contrib.djhuey",  # background and scheduled jobs (ADR 0013)
    "tocds.core",
    "tocds.places",
    "tocds.people",
    "tocds.teams",
    "tocds.campaigns",
    "tocds.visits",
    "tocds.reports",
    "tocds.field",
    "tocds.progress",
    "tocds.training",
    "tocds.certificates",
    "tocds.learning",
    "tocds.schools",
    "tocds.initiatives",  # models, initiatives and good practices (D1.2)
    "tocds.movements",  # emulation movements (D5.2)
    "tocds.honours",  # honours: rounds, nominations, decisions (D1.5, D3.1)
    "tocds.outreach",  # communication log and events (D4.5, D6.1)
    "tocds.partners",  # enterprises' focal staff and offers for team members (D7.1, D7.2)
    "tocds.notifications",  # reminders, notifications, e-mail and digests; the jobs' problems
    "tocds.public",  # the public face for citizens: news, the team of my hamlet, figures
    "tocds.tracker",  # the directive tracker: clauses, indicators, periods, statuses
    "tocds.api",
    "tocds.home",  # the home page and the navigation
    "tocds.demo",  # demo data and `load_demo`; no app imports it
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",  # static files, pre-compressed (gzip, brotli)
    # Dynamic answers compressed for weak mobile signals; Django's GZipMiddleware pads the gzip
    # header randomly against BREACH (Django >= 4.2).
    "django.middleware.gzip.GZipMiddleware",
    "tocds.core.middleware.ApiBodyLimitMiddleware",
    "tocds.core.middleware.RejectNulBytesMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "tocds.core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "tocds.core.middleware.PrivateCacheMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "tocds.urls"
WSGI_APPLICATION = "tocds.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "tocds.home.context_processors.site",
            ],
        },
    },
]

# Database: SQLite file under var/ by default (WAL mode), PostgreSQL in production.
DATABASE_URL = os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'tocds.sqlite3'}"
if DATABASE_URL.startswith("sqlite"):
    VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=600)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Connections stay open (CONN_MAX_AGE above) on SQLite too: opening one (the driver,
    # Django's SQL functions, the PRAGMAs) costs about 1.5 ms, a tenth of a sync request.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;"
        ),
        "transaction_mode": "IMMEDIATE",
    }
else:
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
else:
    # Shared by every worker process on one machine (login rate limits need a shared cache).
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache"),
        }
    }

AUTH_USER_MODEL = "people.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "tocds.people.auth.UsernameOrPhoneBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# django-axes: lock an account *from one address* after repeated failures. A stranger typing
# wrong passwords locks only themselves out; the owner still signs in from their own phone. Not
# by address alone: mobile carriers put whole districts behind one address (CGNAT). Spraying one
# account from many addresses is slowed by `people.throttle` (per account, any address). The API
# token endpoint is rate-limited by address as well.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = 0.5  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_CALLABLE = "tocds.people.auth.axes_username"  # one count per account
SIGNIN_SLOWDOWN_AFTER = env_int("SIGNIN_SLOWDOWN_AFTER", 10)  # failures on one account
SIGNIN_SLOWDOWN_WINDOW = 30 * 60  # seconds the count is kept
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False
AXES_IPWARE_META_PRECEDENCE_ORDER = ["REMOTE_ADDR"]
# API tokens: attempts per client address.
API_TOKEN_RATE = os.environ.get("API_TOKEN_RATE", "10/m")
API_TOKEN_TTL_DAYS = env_int("API_TOKEN_TTL_DAYS", 30)
RATELIMIT_USE_CACHE = "default"

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
# Numbers and dates as each language writes them (1.500; 22,1; 14:05 02/12/2026): see
# tocds/formats. USE_THOUSAND_SEPARATOR stays off: it would group every number a template
# prints, ids and years in links, form values and data attributes included ("2.026"); numbers a
# person reads go through the `numbers` template filters (core.templatetags.numbers) instead.
FORMAT_MODULE_PATH = ["tocds.formats"]
USE_THOUSAND_SEPARATOR = False

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT") or VAR_DIR / "static")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
if DEBUG:
    STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"
WHITENOISE_USE_FINDERS = DEBUG

# Uploaded files (lessons' recordings, initiatives' evidence) go through Django's `default`
# storage: the file system under VAR_DIR here, object storage in production by changing
# STORAGES["default"]. Never served from MEDIA_URL: each app serves its files through a view
# that checks who may read them.
MEDIA_ROOT = Path(os.environ.get("TOCDS_MEDIA_ROOT") or VAR_DIR / "media").resolve()

# Learning (docs/learning.md): a fact whose last check is older than this is listed for
# re-checking; a step's recording is refused above this size.
FACT_RECHECK_MONTHS = env_int("TOCDS_FACT_RECHECK_MONTHS", 6)
LEARNING_AUDIO_MAX_BYTES = env_int("TOCDS_LEARNING_AUDIO_MAX_BYTES", 2 * 1024 * 1024)
MAX_EVIDENCE_BYTES = env_int("TOCDS_MAX_EVIDENCE_BYTES", 5 * 1024 * 1024)
# The public pages (the team of my hamlet, the province in figures, news): computed at most once
# per this many seconds for everyone (0: on every request); counts of households, people and
# certificates below PUBLIC_MIN_COUNT are not shown.
PUBLIC_CACHE_SECONDS = env_int("TOCDS_PUBLIC_CACHE_SECONDS", 300)
PUBLIC_MIN_COUNT = env_int("TOCDS_PUBLIC_MIN_COUNT", 5)
# How long a movement's live ranking reuses its measured values (seconds; 0: never).
RANKING_CACHE_SECONDS = env_int("TOCDS_RANKING_CACHE_SECONDS", 120)
# How long a member's code for an enterprise's offer stays valid (days; never past the offer).
REDEMPTION_DAYS = env_int("TOCDS_REDEMPTION_DAYS", 30)

# Background and scheduled jobs on Huey (ADR 0013, docs/operations.md): the queue lives in a
# SQLite file under VAR_DIR by default (no extra service), in Redis when TOCDS_JOBS_REDIS_URL (or
# REDIS_URL) is set. `tocds run_huey` is the worker and the scheduler; `tocds serve --worker`
# starts it beside the web server (make run). TOCDS_JOBS_IMMEDIATE=1 runs each job at once in
# the calling process (tests, a one-off shell), with no worker.
JOBS_REDIS_URL = os.environ.get("TOCDS_JOBS_REDIS_URL") or REDIS_URL
JOBS_IMMEDIATE = env_bool("TOCDS_JOBS_IMMEDIATE", False)
HUEY = {
    "name": "tocds",
    "immediate": JOBS_IMMEDIATE,
    "utc": True,
    "consumer": {
        "workers": env_int("TOCDS_JOBS_WORKERS", 2),
        "worker_type": "thread",
        "periodic": True,  # this consumer also runs the scheduler
    },
}
if JOBS_REDIS_URL:
    HUEY.update({"huey_class": "huey.RedisHuey", "url": JOBS_REDIS_URL})
else:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    HUEY.update({"huey_class": "huey.SqliteHuey", "filename": str(VAR_DIR / "jobs.sqlite3")})
# A failing job is tried again this many times, after JOBS_RETRY_DELAY seconds, then twice as
# long each time (60 s, 2 min, 4 min, 8 min …).
JOBS_RETRIES = env_int("TOCDS_JOBS_RETRIES", 5)
JOBS_RETRY_DELAY = env_int("TOCDS_JOBS_RETRY_DELAY", 60)

# Notifications (docs/notifications.md): reminders are made each hour (a day's once), daily
# digests are sent from this local hour on.
NOTIFICATION_DIGEST_HOUR = env_int("TOCDS_DIGEST_HOUR", 7)
# E-mail: printed to the console unless EMAIL_HOST names an SMTP server.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", EMAIL_PORT == 587)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", EMAIL_PORT == 465)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 20)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "tocds <no-reply@localhost>")
# The address links in e-mails start with (no request there), e.g. https://tocds.caobang.gov.vn
SITE_URL = os.environ.get("TOCDS_SITE_URL", "http://127.0.0.1:8000").rstrip("/")

DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
MAX_IMPORT_ROWS = env_int("TOCDS_MAX_IMPORT_ROWS", 5000)
MAX_IMPORT_BYTES = env_int("TOCDS_MAX_IMPORT_BYTES", 5 * 1024 * 1024)
# An .xlsx is a zip: refused before parsing when its parts would unpack to more than this, or
# when it holds more parts than a workbook does (decompression bombs, core.sheets).
MAX_IMPORT_UNPACKED_BYTES = env_int("TOCDS_MAX_IMPORT_UNPACKED_BYTES", 50 * 1024 * 1024)
MAX_IMPORT_ZIP_MEMBERS = env_int("TOCDS_MAX_IMPORT_ZIP_MEMBERS", 1000)
MAX_IMPORT_COLUMNS = 64  # cells read of each row, whatever width a sheet claims

# Security headers everywhere; transport security when served over HTTPS.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 60 * 60 * 12
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS and env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000) if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
if env_bool("BEHIND_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Strict Content-Security-Policy: no inline scripts or styles, nothing from other origins.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        # blob: a lesson's recording played from the Cache API when the network is gone.
        "media-src": [SELF, "blob:"],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# Certificates (PDF): a TrueType font with every Vietnamese letter, embedded in each PDF.
# Debian/Ubuntu: the package fonts-dejavu-core puts DejaVu Sans here.
PDF_FONT_DIR = Path(os.environ.get("TOCDS_PDF_FONT_DIR") or "/usr/share/fonts/truetype/dejavu")

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

# Logs go to standard error; never log personal data (phone numbers, names of citizens).
LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"stderr": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["stderr"], "level": LOG_LEVEL},
    "loggers": {
        "axes": {"level": "ERROR"},
        "fontTools": {"level": "WARNING"},
        # The worker (run_huey) logs through this handler only (no second one of its own).
        "huey": {"handlers": ["stderr"], "level": "INFO", "propagate": False},
    },
}
