"""What happens to a signal's record, for apps built on signals to follow (issue 19: the hit/no-hit index of
``treffers``). Signals import no app above them: such an app connects its receivers in its ``AppConfig.ready()``.

Every signal is sent inside the transaction of the change, with ``sender=Signaal`` and ``signaal`` (the record):

- ``signaal_ingediend``: a draft became a submitted signal (``services.submit``); also ``door`` (who submitted) and
  ``notify`` (False for the demo, whose story lies in the past: no e-mail);
- ``identificatie_gewijzigd``: the identifiers of a submitted signal (KvK number, postcode and house number, name of
  the location or business) changed; also ``door``. (The form changes none after submitting; an import that updates
  a record sends it.)
- ``signaal_geanonimiseerd``: retention stripped the record (``bewaartermijn.anonimiseer``): whatever was derived
  from its identifiers must go too;
- ``concept_verwijderd``: retention is about to delete a draft (``bewaartermijn.concept_verwijder``).
"""
from django.dispatch import Signal

signaal_ingediend = Signal()
identificatie_gewijzigd = Signal()
signaal_geanonimiseerd = Signal()
concept_verwijderd = Signal()
