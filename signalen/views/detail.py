"""Work in progress: a helper replaces these temporary views that answer 404."""
from django.http import Http404


def signaal_detail(request, *args, **kwargs):
    raise Http404


def besluit(request, *args, **kwargs):
    raise Http404


def antwoord(request, *args, **kwargs):
    raise Http404


def delen(request, *args, **kwargs):
    raise Http404


def intrekken(request, *args, **kwargs):
    raise Http404

