"""Work in progress: a helper replaces these temporary views that answer 404."""
from django.http import Http404


def nieuw(request, *args, **kwargs):
    raise Http404


def bewerken(request, *args, **kwargs):
    raise Http404


def autosave(request, *args, **kwargs):
    raise Http404


def ontvangen(request, *args, **kwargs):
    raise Http404

