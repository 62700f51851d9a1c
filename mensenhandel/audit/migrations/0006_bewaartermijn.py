"""Retention (issue 17): the audit log stays unchangeable, and only the retention run removes rows past their term.

The trigger still refuses every UPDATE. A DELETE passes only when the transaction named a limit in the setting
``mensenhandel.audit_bewaren_tot`` (``audit.services.verwijder_voor``), the row is older than that limit, and the
limit is at least five years ago (by the database's clock, with a day's slack for a
application server whose clock runs a little ahead): the floor of the rule (``bewaren.models.SOORTEN``) is held by the database too, so
that nobody shortens the term to wipe traces. TRUNCATE stays possible for a deliberate administrative reset and for
the test runner's flush, as before. SQLite (``make run``) keeps refusing updates only, as in 0003.
"""
from django.db import migrations, models

POSTGRES_UP = """
CREATE OR REPLACE FUNCTION audit_auditentry_append_only() RETURNS trigger AS $$
DECLARE
    grens timestamptz;
BEGIN
    IF TG_OP = 'DELETE' THEN
        grens := NULLIF(current_setting('mensenhandel.audit_bewaren_tot', true), '')::timestamptz;
        IF grens IS NOT NULL AND grens <= clock_timestamp() - interval '5 years' + interval '1 day'
           AND OLD.tijdstip < grens THEN
            RETURN OLD;
        END IF;
    END IF;
    RAISE EXCEPTION 'audit log is append-only: % is not allowed', TG_OP;
END;
$$ LANGUAGE plpgsql;
"""
POSTGRES_DOWN = """
CREATE OR REPLACE FUNCTION audit_auditentry_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit log is append-only: % is not allowed', TG_OP;
END;
$$ LANGUAGE plpgsql;
"""


def _run(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [("audit", "0005_vier_ogen")]

    operations = [
        migrations.RunPython(_run(POSTGRES_UP), _run(POSTGRES_DOWN)),
    ]
