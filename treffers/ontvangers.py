"""The receivers of ``signalen.signals`` (connected in ``TreffersConfig.ready()``): signals know nothing of treffers."""
from . import services


def bij_indienen(sender, signaal, door, notify=True, **kwargs):
    services.indexeer(signaal, door, notify=notify)


def bij_wijziging(sender, signaal, door, **kwargs):
    services.indexeer(signaal, door)


def bij_verwijdering(sender, signaal, **kwargs):
    services.verwijder(signaal)


def connect():
    from signalen import signals

    signals.signaal_ingediend.connect(bij_indienen, dispatch_uid="treffers.indienen")
    signals.identificatie_gewijzigd.connect(bij_wijziging, dispatch_uid="treffers.wijziging")
    signals.signaal_geanonimiseerd.connect(bij_verwijdering, dispatch_uid="treffers.geanonimiseerd")
    signals.concept_verwijderd.connect(bij_verwijdering, dispatch_uid="treffers.concept_verwijderd")
