"""Ketenregie Mensenhandel: project package (settings, urls, Celery app and cross-cutting modules)."""
from .celery import app as celery_app

__all__ = ("celery_app",)
