"""KubeLab: the Django project that hosts simulated Kubernetes clusters."""

from kubelab.celery import app as celery_app

__all__ = ["celery_app"]
