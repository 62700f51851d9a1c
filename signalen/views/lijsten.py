"""Work in progress: a helper replaces these temporary views that answer 404."""
from django.http import Http404


def signaal_list(request, *args, **kwargs):
    raise Http404


def mijn_signalen(request, *args, **kwargs):
    raise Http404


def export_csv(request, *args, **kwargs):
    raise Http404

