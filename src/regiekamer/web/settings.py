"""Django settings, all from the environment (docs/web.md lists every variable).

REGIEKAMER_DATA      store directory (default ./regiekamer-data): the figures and, by default, the app database
DATABASE_URL         app state (users, roles, access log); default SQLite in the store directory
REGIEKAMER_SECRET_KEY  Django secret; default a random key kept in <data>/web-geheim.sleutel (mode 0600)
REGIEKAMER_HOSTS     comma-separated allowed host names (default localhost, 127.0.0.1)
REGIEKAMER_THEMA     path of a CSS file with the gemeente's own NL Design System theme tokens
REGIEKAMER_THEMA_KLASSE  the CSS class that file defines (default voorbeeld-theme)
REGIEKAMER_LANDSCHAP_DREMPELS, REGIEKAMER_KLEINE_AANTALLEN  Zorglandschap thresholds and small-number rule (JSON)
REGIEKAMER_REGIEMODEL  an edited copy of the transition model (YAML), read by regiekamer.regiemodel
OIDC_RP_CLIENT_ID, OIDC_RP_CLIENT_SECRET, OIDC_OP_AUTHORIZATION_ENDPOINT, OIDC_OP_TOKEN_ENDPOINT,
OIDC_OP_USER_ENDPOINT, OIDC_OP_JWKS_ENDPOINT, OIDC_RP_SIGN_ALGO: OIDC login (mozilla-django-oidc) when set
"""

from __future__ import annotations

import json
import os
import secrets
from pathlib import Path
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(os.environ.get("REGIEKAMER_DATA", "regiekamer-data")).resolve()


def _geheim() -> str:
    if key := os.environ.get("REGIEKAMER_SECRET_KEY"):
        return key
    pad = DATA_DIR / "web-geheim.sleutel"
    if not DATA_DIR.is_dir():
        return secrets.token_urlsafe(50)  # no store yet (tests, a check): nothing to keep sessions for
    if not pad.exists():
        fd = os.open(pad, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as f:
            f.write(secrets.token_urlsafe(50))
    return pad.read_text().strip()


SECRET_KEY = _geheim()
DEBUG = os.environ.get("REGIEKAMER_DEBUG") == "1"
ALLOWED_HOSTS = [h.strip() for h in os.environ.get("REGIEKAMER_HOSTS", "localhost,127.0.0.1").split(",") if h]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "regiekamer.web.accounts",
    "regiekamer.web.dashboard",
    "regiekamer.web.api",
    "regiekamer.web.regiemodel",
    "regiekamer.web.landschap",
    "regiekamer.web.sturing",
    "regiekamer.web.verantwoording",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "regiekamer.web.urls"
WSGI_APPLICATION = "regiekamer.web.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "regiekamer.web.dashboard.context.regiekamer",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{DATA_DIR / 'regiekamer-web.sqlite3'}", conn_max_age=600
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Strong password hashing: Argon2id first (argon2-cffi), PBKDF2 kept to read older hashes
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = ["django.contrib.auth.backends.ModelBackend"]
LOGIN_URL = "inloggen"
LOGIN_REDIRECT_URL = "overzicht"
LOGOUT_REDIRECT_URL = "inloggen"

OIDC_RP_CLIENT_ID = os.environ.get("OIDC_RP_CLIENT_ID", "")
if OIDC_RP_CLIENT_ID:
    INSTALLED_APPS.append("mozilla_django_oidc")
    AUTHENTICATION_BACKENDS.insert(0, "regiekamer.web.accounts.oidc.RegiekamerOIDCBackend")
    OIDC_RP_CLIENT_SECRET = os.environ.get("OIDC_RP_CLIENT_SECRET", "")
    OIDC_OP_AUTHORIZATION_ENDPOINT = os.environ["OIDC_OP_AUTHORIZATION_ENDPOINT"]
    OIDC_OP_TOKEN_ENDPOINT = os.environ["OIDC_OP_TOKEN_ENDPOINT"]
    OIDC_OP_USER_ENDPOINT = os.environ["OIDC_OP_USER_ENDPOINT"]
    OIDC_OP_JWKS_ENDPOINT = os.environ.get("OIDC_OP_JWKS_ENDPOINT", "")
    OIDC_RP_SIGN_ALGO = os.environ.get("OIDC_RP_SIGN_ALGO", "RS256")
    OIDC_RP_SCOPES = os.environ.get("OIDC_RP_SCOPES", "openid email profile")
    OIDC_ROL_CLAIM = os.environ.get("OIDC_ROL_CLAIM", "regiekamer_rol")

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = os.environ.get("REGIEKAMER_HTTPS") == "1"
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", "Nederlands")]  # the UI speaks Dutch whatever the browser asks (dates: "1 december 2026")
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True


def _json_instelling(naam: str) -> dict[str, Any]:
    """A setting given as a JSON object in the environment (``{}`` when absent); a clear error when it is not."""
    tekst = os.environ.get(naam, "").strip()
    if not tekst:
        return {}
    try:
        waarde = json.loads(tekst)
    except json.JSONDecodeError as exc:
        raise ImproperlyConfigured(f"{naam} is geen geldige JSON: {exc}") from None
    if not isinstance(waarde, dict):
        raise ImproperlyConfigured(f"{naam} moet een JSON-object zijn, bijvoorbeeld {{\"drempel\": 10}}")
    return waarde


# Zorglandschap (docs/landschap.md): thresholds of regiekamer.landschap.Drempels, and the small-number rule
LANDSCHAP_DREMPELS = _json_instelling("REGIEKAMER_LANDSCHAP_DREMPELS")
LANDSCHAP_KLEINE_AANTALLEN = _json_instelling("REGIEKAMER_KLEINE_AANTALLEN")

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = os.environ.get("REGIEKAMER_STATIC_ROOT") or None  # only for collectstatic behind a web server
WHITENOISE_USE_FINDERS = True  # serve straight from the package: no collectstatic step for a laptop

REGIEKAMER_THEMA = os.environ.get("REGIEKAMER_THEMA", "")
REGIEKAMER_THEMA_KLASSE = os.environ.get("REGIEKAMER_THEMA_KLASSE", "voorbeeld-theme")

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.LimitOffsetPagination",
    "PAGE_SIZE": 100,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Regiekamer API",
    "DESCRIPTION": "De cijfers van Regiekamer (Jeugdwet en Wmo) uit het iJw/iWmo 3.2-berichtenverkeer, "
    "binnen het bereik van de ingelogde gebruiker.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("REGIEKAMER_LOGNIVEAU", "WARNING")},
}
