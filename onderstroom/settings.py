"""Settings for Onderstroom, read from environment variables.

Every variable is documented in README.md ("Configuration"). The defaults give a
working development set-up with SQLite under ./var/; ONDERSTROOM_PRODUCTION=1
switches on everything `manage.py check --deploy` asks for.
"""

import hashlib
import hmac
import os
import re
import secrets
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import dj_database_url
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if not value:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


PRODUCTION = env_bool("ONDERSTROOM_PRODUCTION")
DEBUG = env_bool("ONDERSTROOM_DEBUG", default=not PRODUCTION)
DATA_DIR = Path(os.environ.get("ONDERSTROOM_DATA_DIR", BASE_DIR / "var"))


MIN_SECRET_KEY_LENGTH = 50  # what Django's own deploy check asks for


def read_secret_key() -> str:
    """The key comes from the environment, a file, or (development only) var/secret_key."""
    if key := os.environ.get("ONDERSTROOM_SECRET_KEY"):
        return key
    if path := os.environ.get("ONDERSTROOM_SECRET_KEY_FILE"):
        return Path(path).read_text().strip()
    if PRODUCTION:
        raise RuntimeError("Set ONDERSTROOM_SECRET_KEY or ONDERSTROOM_SECRET_KEY_FILE in production.")
    generated = DATA_DIR / "secret_key"
    if not generated.exists():
        DATA_DIR.mkdir(mode=0o700, parents=True, exist_ok=True)
        # Owner-only from the first byte: chmod after writing leaves a moment in which others may read it.
        with os.fdopen(os.open(generated, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "w") as file:
            file.write(secrets.token_urlsafe(64))
    return generated.read_text().strip()


def checked_secret_key(key: str) -> str:
    """Without DEBUG, a short (guessable) key stops the server from starting rather than sign sessions."""
    if not DEBUG and len(key) < MIN_SECRET_KEY_LENGTH:
        raise RuntimeError(
            f"The secret key (ONDERSTROOM_SECRET_KEY or ONDERSTROOM_SECRET_KEY_FILE) has {len(key)} "
            f"characters; production needs at least {MIN_SECRET_KEY_LENGTH} random characters. Make one "
            "with: python3 -c 'import secrets; print(secrets.token_urlsafe(64))'"
        )
    return key


SECRET_KEY = checked_secret_key(read_secret_key())


def read_audit_keys() -> list[tuple[str, str]]:
    """The keys that seal audit rows, oldest first; the last one seals new rows.

    `ONDERSTROOM_AUDIT_KEYS` (or the file `ONDERSTROOM_AUDIT_KEYS_FILE`) holds `id:secret` pairs
    separated by commas. To rotate, append a new pair and keep the old ones: rows name the key
    that sealed them. Kept outside the database, so that write access to the database is not
    enough to re-seal a forged row. In development the one key ("dev") is
    HMAC-SHA256(SECRET_KEY, "onderstroom audit key"), so var/secret_key also holds it.
    """
    text = os.environ.get("ONDERSTROOM_AUDIT_KEYS", "")
    if not text and (path := os.environ.get("ONDERSTROOM_AUDIT_KEYS_FILE")):
        text = Path(path).read_text()
    if not text:
        if PRODUCTION:
            raise RuntimeError("Set ONDERSTROOM_AUDIT_KEYS or ONDERSTROOM_AUDIT_KEYS_FILE in production.")
        return [("dev", hmac.new(SECRET_KEY.encode(), b"onderstroom audit key", hashlib.sha256).hexdigest())]
    keys = [tuple(item.strip().split(":", 1)) for item in text.split(",") if item.strip()]
    for key in keys:
        if len(key) != 2 or not re.fullmatch(r"[A-Za-z0-9_-]{1,16}", key[0]) or len(key[1]) < 32:
            raise RuntimeError(
                "ONDERSTROOM_AUDIT_KEYS: each key is id:secret, an id of up to 16 letters, digits, - or _"
                " and a secret of at least 32 random characters."
            )
    if len({key[0] for key in keys}) != len(keys):
        raise RuntimeError("ONDERSTROOM_AUDIT_KEYS: every key needs its own id.")
    return [(key_id, secret) for key_id, secret in keys]


AUDIT_KEYS = read_audit_keys()
# The signed chain heads ("anchors"), one append-only file per chain. Several app servers share
# one folder (a network file system with locks), see docs/ARCHITECTURE.md "The audit log".
AUDIT_ANCHOR_DIR = Path(os.environ.get("ONDERSTROOM_AUDIT_ANCHOR_DIR", DATA_DIR / "audit-anchors"))
ALLOWED_HOSTS = env_list("ONDERSTROOM_ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("ONDERSTROOM_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "onderstroom.core",
    "onderstroom.accounts",
    "onderstroom.schools",
    "onderstroom.audit",
    "onderstroom.imports",
    "onderstroom.childsessions",
    "onderstroom.instruments",
    "onderstroom.questionnaires",
    "onderstroom.interactions",
    "onderstroom.bankingtime",
    "onderstroom.reflection",
    "onderstroom.handover",
    "onderstroom.constellations",
    "onderstroom.sociogram",
    "onderstroom.privacy",
    "onderstroom.mapping",
    "onderstroom.climate",
    "onderstroom.actionplan",
    "onderstroom.demo",
    "onderstroom.jobs",
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Pages are gzipped only for requests from our own pages (BREACH: see the class).
    "onderstroom.core.middleware.SameOriginGZipMiddleware",
    "onderstroom.core.middleware.PrivateByDefaultMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "onderstroom.accounts.middleware.SessionLimitsMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "onderstroom.schools.middleware.ActorMiddleware",
]

if PRODUCTION:  # in development runserver serves static files itself
    MIDDLEWARE.insert(1, "whitenoise.middleware.WhiteNoiseMiddleware")

ROOT_URLCONF = "onderstroom.urls"
FORM_RENDERER = "onderstroom.core.forms.FormRenderer"  # one field template for every form
WSGI_APPLICATION = "onderstroom.wsgi.application"
ASGI_APPLICATION = "onderstroom.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.messages.context_processors.messages",
                "onderstroom.core.context_processors.shell",
            ],
            "builtins": ["django.templatetags.i18n", "django.templatetags.static"],
        },
    }
]


def owner_only_file(path: Path) -> str:
    """Create the file readable by its owner only, before anything writes to it; SQLite gives its -wal
    and -shm files the database file's permissions. An existing file is left as it is."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600))
    return str(path)


def database_config() -> Mapping[str, Any]:
    if url := os.environ.get("DATABASE_URL"):
        config = dj_database_url.parse(url, conn_max_age=env_int("ONDERSTROOM_DB_CONN_MAX_AGE", 60))
        config["CONN_HEALTH_CHECKS"] = True
        return config
    return {
        "ENGINE": "django.db.backends.sqlite3",
        # One connection per worker thread, kept open: the pragmas below run once per connection,
        # not once per request (opening one costs several milliseconds).
        "CONN_MAX_AGE": env_int("ONDERSTROOM_DB_CONN_MAX_AGE", 600),
        "CONN_HEALTH_CHECKS": True,
        "NAME": owner_only_file(
            Path(os.environ.get("ONDERSTROOM_SQLITE_PATH", DATA_DIR / "onderstroom.sqlite3"))
        ),
        "OPTIONS": {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; "
                "PRAGMA busy_timeout=20000;"
            ),
        },
        "TEST": {"NAME": os.environ.get("ONDERSTROOM_SQLITE_TEST_PATH") or None},
    }


DATABASES = {"default": database_config()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["django.contrib.auth.backends.ModelBackend"]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Staff sessions: 30 minutes without a user action and 12 hours at most since sign-in
# (SessionLimitsMiddleware). Background polls neither count as an action nor save the session.
SESSION_COOKIE_AGE = env_int("ONDERSTROOM_IDLE_TIMEOUT_SECONDS", 30 * 60)
SESSION_SAVE_EVERY_REQUEST = False
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_ABSOLUTE_LIMIT_SECONDS = env_int("ONDERSTROOM_ABSOLUTE_SESSION_SECONDS", 12 * 60 * 60)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_NAME = "onderstroom_session"
CSRF_COOKIE_NAME = "onderstroom_csrftoken"

# Signing in with a school's own accounts (OpenID Connect; accounts/oidc.py). Per school by the school
# admin, or here, by BRIN: ONDERSTROOM_OIDC_<BRIN>_ISSUER, _CLIENT_ID, _CLIENT_SECRET, optional _KIND
# (entra, google, surfconext, other) and _TENANT. Issuers other than the presets' must be allowed.
OIDC_FIELDS = {"ISSUER": "issuer", "CLIENT_ID": "client_id", "CLIENT_SECRET": "client_secret",
               "KIND": "kind", "TENANT": "tenant"}  # fmt: skip
OIDC_SCHOOLS: dict[str, dict[str, str]] = {}
for _name, _value in os.environ.items():
    if _match := re.fullmatch(
        r"ONDERSTROOM_OIDC_([0-9]{2}[A-Z]{2})_(ISSUER|CLIENT_ID|CLIENT_SECRET|KIND|TENANT)", _name
    ):
        OIDC_SCHOOLS.setdefault(_match[1], {})[OIDC_FIELDS[_match[2]]] = _value.strip()
OIDC_ALLOWED_ISSUERS = env_list("ONDERSTROOM_OIDC_ALLOWED_ISSUERS", [])

# Sign-in throttling: failures within the window before sign-in is refused.
LOGIN_LOCKOUT_WINDOW_SECONDS = 15 * 60
LOGIN_LOCKOUT_PER_ACCOUNT = 5
LOGIN_LOCKOUT_PER_ADDRESS = 20
# A client address that signed in to an account within this many days is that person's own
# device: failures elsewhere on the account do not lock it (failures from it still do).
LOGIN_KNOWN_ADDRESS_DAYS = 90

# Outgoing mail: only password links (an admin's reset) go out. `smtp` sends them, `console`
# prints them (the default in development), `file` writes them to $DATA_DIR/mail.
EMAIL_KIND = os.environ.get("ONDERSTROOM_EMAIL_BACKEND") or ("console" if DEBUG else "smtp")
_MAIL_OPTIONS: dict[str, dict[str, object]] = {
    "smtp": {
        "host": os.environ.get("ONDERSTROOM_EMAIL_HOST", "localhost"),
        "port": env_int("ONDERSTROOM_EMAIL_PORT", 25),
        "username": os.environ.get("ONDERSTROOM_EMAIL_USER", ""),
        "password": os.environ.get("ONDERSTROOM_EMAIL_PASSWORD", ""),
        "use_tls": env_bool("ONDERSTROOM_EMAIL_USE_TLS"),
        "use_ssl": env_bool("ONDERSTROOM_EMAIL_USE_SSL"),
        "timeout": 10,
    },
    "console": {},
    "file": {"file_path": str(DATA_DIR / "mail")},
}
if EMAIL_KIND not in _MAIL_OPTIONS:
    raise RuntimeError("ONDERSTROOM_EMAIL_BACKEND must be smtp, console or file.")
MAILERS = {
    "default": {
        "BACKEND": f"django.core.mail.backends.{EMAIL_KIND}.EmailBackend",
        "OPTIONS": _MAIL_OPTIONS[EMAIL_KIND],
    }
}
DEFAULT_FROM_EMAIL = os.environ.get("ONDERSTROOM_EMAIL_FROM", "Onderstroom <onderstroom@localhost>")
# How long a password link stays valid; using it, or a newer reset, ends it sooner.
PASSWORD_RESET_TIMEOUT = env_int("ONDERSTROOM_PASSWORD_LINK_SECONDS", 24 * 60 * 60)

# Child sessions.
CLASS_SESSION_MINUTES = 90
# Wrong tries at the child sign-in (codes and picture codes), each limit a count within a sliding
# window: the tablet is stopped first; a whole school may share one address, so the address gets
# more and only a short wait; a school's entry takes few wrong codes an hour from addresses it
# does not trust. The guesses this leaves an attacker: services.enter_code and ARCHITECTURE.md.
CHILD_WRONG_PER_DEVICE = 6
CHILD_DEVICE_WINDOW_SECONDS = 5 * 60
CHILD_WRONG_PER_ADDRESS = 40
CHILD_ADDRESS_WINDOW_SECONDS = 5 * 60
CHILD_WRONG_CODES_PER_SCHOOL = 100
CHILD_SCHOOL_WINDOW_SECONDS = 60 * 60
CHILD_TRUSTED_ADDRESS_SECONDS = 12 * 60 * 60  # a right code or a teacher's session trusts an address
CHILD_PICTURE_ATTEMPTS = 5  # wrong picture codes per child, over all sessions, until a teacher unlocks

# Reverse proxies: how many trusted proxies put the client address in X-Forwarded-For.
TRUSTED_PROXY_COUNT = env_int("ONDERSTROOM_TRUSTED_PROXY_COUNT", 0)

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Dutch")), ("en", _("English"))]
LANGUAGE_COOKIE_NAME = "onderstroom_language"
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = os.environ.get("ONDERSTROOM_TIME_ZONE", "Europe/Amsterdam")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STORAGES = {
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": DATA_DIR / "media"},
    },
    "staticfiles": {
        "BACKEND": (
            "onderstroom.core.storage.StaticStorage"  # hashed names, ES module imports rewritten
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        ),
        # Static files are public; a web server in front may serve them as another user.
        "OPTIONS": {"file_permissions_mode": 0o644, "directory_permissions_mode": 0o755},
    },
}
# Uploaded files (photos) are never served directly: views check access first. They are children's
# data, readable by the app's own user only from the moment they are written.
MEDIA_ROOT = DATA_DIR / "media"
# Background work (onderstroom.jobs): django.tasks on the database, so the same code runs on SQLite on
# one machine and on PostgreSQL with workers on several (`manage.py run_worker`). The files jobs make
# live owner-only in JOBS_DIR (shared between app servers and workers: a network folder or one machine).
TASKS = {
    "default": {
        "BACKEND": os.environ.get("ONDERSTROOM_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}
JOBS_DIR = Path(os.environ.get("ONDERSTROOM_JOBS_DIR", DATA_DIR / "jobs"))
# A running job renews its lease every third of this; a job whose lease ran out lost its worker.
JOBS_LEASE_SECONDS = env_int("ONDERSTROOM_JOBS_LEASE_SECONDS", 60)
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
IMPORT_MAX_BYTES = env_int("ONDERSTROOM_IMPORT_MAX_BYTES", 10 * 1024 * 1024)

SECURE_CSP = {
    "default-src": [CSP.NONE],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "manifest-src": [CSP.SELF],
    "media-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "object-src": [CSP.NONE],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("ONDERSTROOM_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if TRUSTED_PROXY_COUNT else None
    SECURE_HSTS_SECONDS = env_int("ONDERSTROOM_HSTS_SECONDS", 365 * 24 * 60 * 60)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("ONDERSTROOM_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("ONDERSTROOM_HSTS_PRELOAD", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "{asctime} {levelname} {name}: {message}", "style": "{"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("ONDERSTROOM_LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
