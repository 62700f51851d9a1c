"""Work in progress: a helper replaces these temporary views that answer 404."""
from django.http import Http404


def download(request, *args, **kwargs):
    raise Http404

