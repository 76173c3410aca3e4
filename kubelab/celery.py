"""The Celery application whose workers host cluster engines."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kubelab.settings")

app = Celery("kubelab")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
