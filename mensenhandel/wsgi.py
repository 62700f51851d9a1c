"""WSGI entry point (gunicorn mensenhandel.wsgi)."""
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mensenhandel.settings.dev")

application = get_wsgi_application()
