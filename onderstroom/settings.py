"""Settings for Onderstroom, read from environment variables.

Every variable is documented in README.md ("Configuration"). The defaults give a
working development set-up with SQLite under ./var/; ONDERSTROOM_PRODUCTION=1
switches on everything `manage.py check --deploy` asks for.
"""

import os
import secrets
from pathlib import Path

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
    "onderstroom.questionnaires",
    "onderstroom.interactions",
    "onderstroom.bankingtime",
    "onderstroom.reflection",
    "onderstroom.constellations",
    "onderstroom.sociogram",
    "onderstroom.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
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


def database_config() -> dict:
    if url := os.environ.get("DATABASE_URL"):
        config = dj_database_url.parse(url, conn_max_age=env_int("ONDERSTROOM_DB_CONN_MAX_AGE", 60))
        config["CONN_HEALTH_CHECKS"] = True
        return config
    return {
        "ENGINE": "django.db.backends.sqlite3",
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

# Staff sessions: 30 minutes idle (the cookie is renewed on every request) and
# 12 hours at most since sign-in (SessionLimitsMiddleware).
SESSION_COOKIE_AGE = env_int("ONDERSTROOM_IDLE_TIMEOUT_SECONDS", 30 * 60)
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_ABSOLUTE_LIMIT_SECONDS = env_int("ONDERSTROOM_ABSOLUTE_SESSION_SECONDS", 12 * 60 * 60)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_NAME = "onderstroom_session"
CSRF_COOKIE_NAME = "onderstroom_csrftoken"

# Sign-in throttling: failures within the window before sign-in is refused.
LOGIN_LOCKOUT_WINDOW_SECONDS = 15 * 60
LOGIN_LOCKOUT_PER_ACCOUNT = 5
LOGIN_LOCKOUT_PER_ADDRESS = 20

# Child sessions.
CLASS_SESSION_MINUTES = 90
# A whole school may share one address: the limit per address is generous, the one per tablet tight.
CHILD_CODE_ATTEMPTS_PER_ADDRESS = 200  # wrong session codes per address per window
CHILD_CODE_ATTEMPTS_PER_DEVICE = 6  # wrong session codes per browser session per window
CHILD_PICTURE_ATTEMPTS = 5  # wrong picture codes per child per class session
CHILD_ATTEMPT_WINDOW_SECONDS = 15 * 60

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
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
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
