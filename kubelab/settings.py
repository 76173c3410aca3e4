"""Django settings. Everything comes from the environment, with the embedded defaults."""

import os
from pathlib import Path

from cluster import labapi, routing
from kubelab import datadir

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = datadir.path()

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY") or datadir.secret("secret_key")
DEBUG = os.environ.get("KUBELAB_DEBUG", "") == "1"
ALLOWED_HOSTS = os.environ.get("KUBELAB_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]").split(",")

# Requests from this machine are the local owner's when KubeLab only listens on loopback.
KUBELAB_LOCAL_OWNER = os.environ.get("KUBELAB_LOCAL_OWNER", "") == "1"
KUBELAB_LOCAL_OWNER_NAME = labapi.LOCAL_OWNER

# The Kubernetes API over https (`kubelab up --api-port`) and the CA that signed its certificate.
KUBELAB_API_PORT = int(os.environ.get("KUBELAB_API_PORT", "6443"))
KUBELAB_CA_FILE = os.environ.get("KUBELAB_CA_FILE", "")

INSTALLED_APPS = [
    "daphne",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.staticfiles",
    "channels",
    "cluster",
    "visualizer",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "cluster.auth.LocalOwnerMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "kubelab.urls"
ASGI_APPLICATION = "kubelab.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
            ],
        },
    },
]

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": os.environ.get("KUBELAB_DATABASE", str(DATA_DIR / "db.sqlite3")),
        "OPTIONS": {"timeout": 20},
    }
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")

CHANNEL_LAYERS = {
    "default": {
        "BACKEND": "channels_redis.core.RedisChannelLayer",
        "CONFIG": {
            # channels_redis blocks up to 5 s on BRPOP; redis-py's default 5 s socket timeout
            # would cut those reads off and drop every websocket.
            "hosts": [{"address": REDIS_URL, "socket_timeout": None}],
            "capacity": 1000,
            "expiry": 30,
        },
    }
}

CELERY_BROKER_URL = REDIS_URL
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Tasks are acknowledged as they start, so kombu's emulated acknowledgements (two Redis
# transactions per task) would only guard the instant between taking a task and starting it.
CELERY_BROKER_TRANSPORT_OPTIONS = {"ack_emulation": False}
CELERY_TASK_DEFAULT_QUEUE = routing.SHARED_QUEUE
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_WORKER_HIJACK_ROOT_LOGGER = False

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("zh-hans", "简体中文")]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("KUBELAB_LOG_LEVEL", "INFO")},
}
