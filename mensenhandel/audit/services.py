"""The one way to write the audit log (and the one way its rows go: ``verwijder_voor``, the retention run's)."""
from django.db import connection, transaction
from django.db.models import Model

from .context import current_ip
from .models import AuditActie, AuditEntry

_MAX_FILTER_VALUE = 200


def _object_type(obj):
    if obj is None:
        return ""
    return obj._meta.label_lower  # a model class, an instance or a lazy user all carry _meta


def _clean_filters(filters):
    """Keep the filter a list was asked with, bounded, as plain strings."""
    if not filters:
        return {}
    cleaned = {}
    for key in list(filters)[:30]:
        values = filters.getlist(key) if hasattr(filters, "getlist") else [filters[key]]
        values = [str(v)[:_MAX_FILTER_VALUE] for v in values if v not in (None, "")]
        if values:
            cleaned[str(key)[:50]] = values if len(values) > 1 else values[0]
    return cleaned


def _scope(obj, user, organisatie):
    """Where the event belongs: the object's own area, else that of the organisation involved."""
    for source in (obj, organisatie, user):
        if source is not None and not isinstance(source, type) and hasattr(source, "audit_scope"):
            scope = source.audit_scope()
            if scope:
                return scope
    return {}


def log(actor, actie, obj=None, *, omschrijving="", filters=None, ip=None, organisatie=None):
    """Append one audit row.

    ``obj`` is a model instance (type and id are recorded) or a model class (for lists and
    exports). ``omschrijving`` must not hold personal data: name the object by type and id.
    """
    actie = AuditActie(actie)
    user = actor if getattr(actor, "is_authenticated", False) else None
    if organisatie is None and user is not None:
        organisatie = user.organisatie
    return AuditEntry.objects.create(
        actor=user,
        organisatie=organisatie,
        actie=actie,
        object_type=_object_type(obj),
        object_id=str(obj.pk) if isinstance(obj, Model) and obj.pk is not None else "",
        filters=_clean_filters(filters),
        omschrijving=str(omschrijving)[:255],
        ip=ip or current_ip.get(),
        **_scope(obj, user, organisatie),
    )


def log_verwijdering(obj, regel, *, omschrijving=""):
    """The retention run removed or anonymised ``obj`` under ``regel`` (a ``bewaren`` rule): kind, id, rule and
    date, never the content. Written by the run itself (no actor)."""
    tekst = f"bewaartermijn {regel.soort} ({regel.vast})"
    if omschrijving:
        tekst = f"{tekst}: {omschrijving}"
    return log(None, AuditActie.RETENTION, obj, omschrijving=tekst)


BATCH = 5000


def verwijder_voor(grens):
    """Delete the audit rows older than ``grens`` (the retention run, issue 17), in batches; returns the count.

    The append-only trigger (migration 0006) lets a DELETE through only for rows older than the moment this
    transaction named in ``mensenhandel.audit_bewaren_tot``, and never a row younger than five years: an UPDATE, or a
    DELETE by anyone else, is still refused by the database."""
    totaal = 0
    with transaction.atomic():
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("SELECT set_config('mensenhandel.audit_bewaren_tot', %s, true)", [grens.isoformat()])
            tabel = connection.ops.quote_name(AuditEntry._meta.db_table)
            while True:
                ids = list(AuditEntry.objects.filter(tijdstip__lt=grens).order_by("pk").values_list("pk", flat=True)[
                    :BATCH])
                if not ids:
                    break
                cursor.execute(f"DELETE FROM {tabel} WHERE id IN ({', '.join(['%s'] * len(ids))})", ids)
                totaal += cursor.rowcount
    return totaal
