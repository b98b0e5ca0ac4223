"""Settings for Mobility Hub, driven by environment variables (see README, Configuration)."""

import datetime as dt
from email.utils import parseaddr
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
# A development checkout has a .env file (written by `make install`); real environment
# variables always win over it. Deployments set their variables and have no such file.
if (BASE_DIR / ".env").is_file():
    env.read_env(BASE_DIR / ".env")

# Local state of an installation without external services: the SQLite file, kept mail,
# the embedded Celery broker and the cache.
VAR_DIR = Path(env("MOBILITY_VAR_DIR", default=str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = env.bool("DJANGO_DEBUG", default=False)

SECRET_KEY = env("DJANGO_SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("Set DJANGO_SECRET_KEY (required when DJANGO_DEBUG is off).")
    # Only with DJANGO_DEBUG on; production refuses to start without its own key.
    SECRET_KEY = "insecure-development-key-never-use-in-production"  # noqa: S105  # nosec B105

SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = [SITE_URL]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "django_filters",
    "rest_framework",
    "drf_spectacular",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.usersessions",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "allauth.socialaccount.providers.saml",
    "crispy_forms",
    "crispy_bootstrap5",
    "csp",
    "django_countries",
    "institutions",
    "accounts",
    "notifications",
    "opportunities",
    "enquiries",
    "privacy",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "accounts.middleware.UserLanguageMiddleware",
    "accounts.middleware.PrivatePagesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "accounts.mfa.SecondFactorMiddleware",
    "enquiries.mfa.StaffMFAMiddleware",
    "enquiries.sessions.SessionLifetimeMiddleware",
]

ROOT_URLCONF = "mobility.urls"
WSGI_APPLICATION = "mobility.wsgi.application"

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
                "django.template.context_processors.i18n",
                "mobility.context_processors.navigation",
            ],
        },
    },
]

# Database: an SQLite file by default, PostgreSQL in production (DATABASE_URL).
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'mobility.sqlite3'}"),
}
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("DJANGO_CONN_MAX_AGE", default=60))
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several web and worker processes write to one file: a write transaction takes the lock
    # when it begins (two deferred ones would deadlock on upgrading), waits for it up to 20 s,
    # and readers do not block the writer (write-ahead log).
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"transaction_mode": "IMMEDIATE", "timeout": 20, "init_command": "PRAGMA journal_mode=WAL;"}
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Redis serves as Celery broker and cache when REDIS_URL is set; otherwise the embedded
# defaults below keep a single machine working with no extra service.
REDIS_URL = env("REDIS_URL", default="")
CACHE_KEY_PREFIX = env("MOBILITY_CACHE_PREFIX", default="mobility")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": CACHE_KEY_PREFIX,
        }
    }
else:
    # A file cache is shared by every process of the installation (web, worker), which
    # allauth's rate limits need.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache"),
            "KEY_PREFIX": CACHE_KEY_PREFIX,
        }
    }

# Celery: Redis when REDIS_URL is set, else kombu's filesystem transport, which still runs
# the worker and beat as separate processes that share messages through VAR_DIR.
CELERY_FILESYSTEM_FOLDER = VAR_DIR / "celery"
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
else:
    CELERY_BROKER_URL = "filesystem://"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(CELERY_FILESYSTEM_FOLDER / "messages"),
        "data_folder_out": str(CELERY_FILESYSTEM_FOLDER / "messages"),
        "control_folder": str(CELERY_FILESYSTEM_FOLDER / "control"),
    }
    for _folder in ("messages", "control"):
        (CELERY_FILESYSTEM_FOLDER / _folder).mkdir(parents=True, exist_ok=True)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_DEFAULT_QUEUE = "mobility"
CELERY_TIMEZONE = "UTC"
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 2, "interval_start": 0, "interval_step": 0.5}
CELERY_BEAT_SCHEDULE = {
    # Hand over again whatever a broker outage or a killed worker left in the outbox.
    "notifications-sweep": {"task": "notifications.sweep", "schedule": 60},
    # Daily digests go out in each person's morning; the task runs hourly.
    "notifications-digests": {"task": "notifications.digests", "schedule": 60 * 60},
    # Reminders, escalations and automatic closures (docs/notifications.md): each is sent once.
    "enquiries-reminders": {"task": "enquiries.tasks.reminders", "schedule": 60 * 60},
    # Keep home universities true to the rule after a university's e-mail domains change.
    "affiliations-reconcile": {
        "task": "accounts.tasks.affiliations_reconcile",
        "schedule": 60 * 60,
    },
    # Expired sessions hold who was signed in where: delete them once a day.
    "accounts-sessions-clear": {"task": "accounts.tasks.sessions_clear", "schedule": 24 * 60 * 60},
    # Anonymise enquiries finished more than ENQUIRY_RETENTION_DAYS ago, in batches.
    "privacy-retention": {"task": "privacy.tasks.retention", "schedule": 24 * 60 * 60},
    # Delete notifications older than NOTIFICATION_RETENTION_DAYS, in batches.
    "privacy-notification-retention": {
        "task": "privacy.tasks.notification_retention",
        "schedule": 24 * 60 * 60,
    },
}

# Mail: EMAIL_URL (e.g. smtp://127.0.0.1:1025); without it mail is kept in VAR_DIR/mail.
if "EMAIL_URL" in env:
    vars().update(env.email_url("EMAIL_URL"))
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = str(VAR_DIR / "mail")
DEFAULT_FROM_EMAIL = env("DJANGO_DEFAULT_FROM_EMAIL", default="Mobility Hub <no-reply@hub.example>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The technical and support contact in the SAML metadata (federations require one).
SAML_SP_CONTACT_EMAIL = env("SAML_SP_CONTACT_EMAIL", default=parseaddr(DEFAULT_FROM_EMAIL)[1])

# Accounts (django-allauth): e-mail is the only identifier and must be verified.
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "accounts.passwords.BreachedPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = True
ACCOUNT_LOGOUT_REDIRECT_URL = "home"
ACCOUNT_PREVENT_ENUMERATION = True
# Sign-up takes as long whether the address already has an account or not (accounts/forms.py).
ACCOUNT_FORMS = {"signup": "accounts.forms.SignupForm"}
ACCOUNT_EMAIL_NOTIFICATIONS = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Mobility Hub] "
ACCOUNT_USER_DISPLAY = "accounts.models.user_display"
# Before a sensitive change (password, second factor, deletion), a signed-in person confirms
# with their password or their second factor; a code mailed to them would let whoever reads
# an open mailbox on the same desk confirm in their place, so only people who sign in through
# their university alone, who have neither, confirm by code (accounts/adapter.py).
ACCOUNT_REAUTHENTICATION_METHODS = ["password", "code", "mfa"]
# allauth's default rate limits (sign-in failures, password reset, sign-up, confirmation
# mails) stay on; ACCOUNT_RATE_LIMITS only adds the hub's own request policies to them
# (enquiries/policies.py): enquiries per person and hour; replies and internal notes per person
# (each one mails people), as a burst and per hour.
ENQUIRY_SUBMISSIONS_PER_HOUR = env.int("ENQUIRY_SUBMISSIONS_PER_HOUR", default=10)
ENQUIRY_MESSAGES_PER_HOUR = env.int("ENQUIRY_MESSAGES_PER_HOUR", default=60)
ACCOUNT_RATE_LIMITS = {
    "enquiry_submission": f"{ENQUIRY_SUBMISSIONS_PER_HOUR}/h/user",
    "enquiry_message": f"10/m/user,{ENQUIRY_MESSAGES_PER_HOUR}/h/user",
}
# Per-client limits need the client's address: behind N reverse proxies that append to
# X-Forwarded-For, set N, or every visitor shares the proxy's address (and its limits).
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("DJANGO_TRUSTED_PROXY_COUNT", default=0)

# University sign-in (accounts/identity.py, accounts/saml.py): MyAcademicID, or any OpenID Connect
# provider, from the environment; each member university's SAML identity provider from the admin
# (or `manage.py sso_saml_idp`). The installation is one SAML service provider.
SOCIALACCOUNT_ADAPTER = "accounts.adapter.SocialAccountAdapter"
SOCIALACCOUNT_AUTO_SIGNUP = True
# Sign-in with a provider starts from a link: the Content-Security-Policy's form-action 'self'
# forbids a form whose answer redirects to another site, such as an identity provider's.
SOCIALACCOUNT_LOGIN_ON_GET = True
SOCIALACCOUNT_STORE_TOKENS = False
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False
MYACADEMICID_SERVER_URL = env("MYACADEMICID_SERVER_URL", default="").rstrip("/")
MYACADEMICID_CLIENT_ID = env("MYACADEMICID_CLIENT_ID", default="")
MYACADEMICID_CLIENT_SECRET = env("MYACADEMICID_CLIENT_SECRET", default="")
MYACADEMICID_NAME = env("MYACADEMICID_NAME", default="MyAcademicID")
SOCIALACCOUNT_PROVIDERS = {
    "openid_connect": {
        "provider_class": "accounts.identity.MyAcademicIDProvider",
        "OAUTH_PKCE_ENABLED": True,
        "APPS": [
            {
                "provider_id": "myacademicid",
                "name": MYACADEMICID_NAME,
                "client_id": MYACADEMICID_CLIENT_ID,
                "secret": MYACADEMICID_CLIENT_SECRET,
                "settings": {
                    "server_url": MYACADEMICID_SERVER_URL,
                    # The claims of the home organisation, the European Student Identifier and
                    # the affiliations come with scopes of their own.
                    "scope": [
                        "openid",
                        "email",
                        "profile",
                        "schac_home_organization",
                        "schac_personal_unique_code",
                        "voperson_external_affiliation",
                    ],
                },
            }
        ]
        if MYACADEMICID_SERVER_URL and MYACADEMICID_CLIENT_ID
        else [],
    },
    "saml": {"provider_class": "accounts.identity.UniversitySAMLProvider"},
}
SAML_SP_ENTITY_ID = env("SAML_SP_ENTITY_ID", default="")
SAML_SP_CERTIFICATE = env("SAML_SP_CERTIFICATE", default="")
SAML_SP_PRIVATE_KEY = env("SAML_SP_PRIVATE_KEY", default="")
SAML_SP_DISPLAY_NAME = env("SAML_SP_DISPLAY_NAME", default="Mobility Hub")
SAML_SP_DESCRIPTION = env(
    "SAML_SP_DESCRIPTION",
    default="Mobility and engagement opportunities across the universities of European Universities.",
)

# Multi-factor authentication (authenticator app and recovery codes) is open to everyone and,
# unless MFA_REQUIRED_FOR_STAFF is off, required of everyone who handles enquiries (queue
# members, coordinators, central offices) and of site administrators: the session must have
# used it before they see anyone else's enquiry or the admin site (accounts/mfa.py).
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Mobility Hub"
MFA_REQUIRED_FOR_STAFF = env.bool("MFA_REQUIRED_FOR_STAFF", default=True)
# Sessions end after this long without a request (shorter for staff, whose unattended screen
# shows others' data: enquiries/sessions.py), and this long after sign-in whatever the activity.
SESSION_IDLE_MINUTES = env.int("SESSION_IDLE_MINUTES", default=24 * 60)
SESSION_IDLE_MINUTES_STAFF = env.int("SESSION_IDLE_MINUTES_STAFF", default=2 * 60)
SESSION_MAX_AGE_DAYS = env.int("SESSION_MAX_AGE_DAYS", default=7)
SESSION_COOKIE_AGE = SESSION_MAX_AGE_DAYS * 24 * 60 * 60
# Each person's signed-in sessions are listed (device, address, since when) at
# /accounts/sessions/, where they can end them; adding or removing an authenticator ends
# the others. Recorded when signing in, not on every request.
USERSESSIONS_TRACK_ACTIVITY = False

# Internationalisation.
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("fr", _("French"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Europe/Brussels"
USE_TZ = True

# Static files are served by the app (WhiteNoise); front-end assets are vendored in static/.
STATIC_URL = "/static/"
STATIC_ROOT = Path(env("DJANGO_STATIC_ROOT", default=str(VAR_DIR / "static")))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# The catalogue, its API and feeds are for signed-in people unless this opens them to all.
OPPORTUNITIES_PUBLIC = env.bool("OPPORTUNITIES_PUBLIC", default=False)

# The read-only JSON API: same filters and visibility as the catalogue page.
REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["opportunities.permissions.CatalogueAccess"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "PAGE_SIZE": 20,
    # ?format= is the catalogue's filter (on-site, virtual, blended), not a choice of renderer.
    "URL_FORMAT_OVERRIDE": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Mobility Hub API",
    "DESCRIPTION": "Read-only access to the opportunities of the alliances' catalogue.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "opportunities.api.describe_catalogue_access",
    ],
}

# Uploaded attachments: outside STATIC_ROOT and any public media path, served only by a
# view that checks who may see the enquiry.
PRIVATE_MEDIA_ROOT = Path(env("MOBILITY_PRIVATE_MEDIA_ROOT", default=str(VAR_DIR / "private")))
ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024
ATTACHMENTS_PER_MESSAGE = 5
# Unanswered this many working days after the first-response target: the central office is told.
ESCALATION_WORKING_DAYS = env.int("ESCALATION_WORKING_DAYS", default=2)
# Closed or withdrawn this many days ago: the enquiry's personal data is removed (two years).
ENQUIRY_RETENTION_DAYS = env.int("ENQUIRY_RETENTION_DAYS", default=730)
# Notifications (in-app copies of what was mailed) are deleted this many days after they were written.
NOTIFICATION_RETENTION_DAYS = env.int("NOTIFICATION_RETENTION_DAYS", default=180)
for _name in ("ENQUIRY_RETENTION_DAYS", "NOTIFICATION_RETENTION_DAYS"):
    if vars()[_name] < 1:
        raise ImproperlyConfigured(f"{_name} must be a positive number of days.")

# Accessibility statement (EU Web Accessibility Directive): the date of the installation's
# last review of the statement, and the address of the enforcement body of its member state.
ACCESSIBILITY_STATEMENT_REVIEWED = dt.date.fromisoformat(
    env("ACCESSIBILITY_STATEMENT_REVIEWED", default="2026-11-21")
)
ACCESSIBILITY_ENFORCEMENT_URL = env("ACCESSIBILITY_ENFORCEMENT_URL", default="")

DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Security. With DJANGO_DEBUG off the installation is assumed to be behind HTTPS. A proxy's
# X-Forwarded-Proto is believed only when DJANGO_TRUSTED_PROXY_COUNT says there is a proxy, which
# must then set the header itself (overwriting any a client sent); otherwise any client could
# claim HTTPS.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if ALLAUTH_TRUSTED_PROXY_COUNT > 0 else None
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=not DEBUG)
# Secure cookies follow production mode; DJANGO_SECURE_COOKIES=0 allows plain-HTTP trials
# on localhost (docker-compose.yml) and must stay unset behind HTTPS.
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env.bool("DJANGO_SECURE_COOKIES", default=not DEBUG)
SECURE_HSTS_SECONDS = 0 if DEBUG else env.int("DJANGO_HSTS_SECONDS", default=31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = env.bool("DJANGO_HSTS_PRELOAD", default=not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", default="INFO")},
}
