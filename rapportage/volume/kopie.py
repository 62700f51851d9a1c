"""Writing rows fast: ids reserved from the table's sequence, rows streamed with PostgreSQL's COPY (psycopg 3), and
for large tables the bulk-load recipe of the PostgreSQL manual ("Populating a Database"): the table's foreign keys
and non-unique indexes are dropped before the COPY and put back, exactly as they were, afterwards. Putting a foreign
key back checks every row at once, so nothing unchecked gets in; all of it happens inside the command's transaction,
so a failure leaves the schema (and the data) as it was.
"""
from django.db import connection
from psycopg.copy import QueuedLibpqWriter

NULL = "\\N"
# Tables that get at least this many rows are loaded without their foreign keys and non-unique indexes.
SNELLADEN_VANAF = 20_000
_ESCAPE = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def tekst(waarde):
    """A text value for COPY (tabs, newlines and backslashes escaped)."""
    return waarde.translate(_ESCAPE)


def getal(waarde):
    return NULL if waarde is None else str(waarde)


def _raw_cursor():
    connection.ensure_connection()
    return connection.connection.cursor()


def reserveer(model, aantal):
    """Take ``aantal`` ids from the model's sequence at once; returns the first (ids first .. first + aantal - 1)."""
    if aantal <= 0:
        return 0
    tabel = model._meta.db_table
    with _raw_cursor() as cursor:
        cursor.execute("SELECT pg_get_serial_sequence(%s, %s)", [tabel, model._meta.pk.column])
        reeks = cursor.fetchone()[0]
        cursor.execute("SELECT setval(%s, nextval(%s) + %s - 1)", [reeks, reeks, aantal])
        laatste = cursor.fetchone()[0]
    return laatste - aantal + 1


def uitvoeren(sql, params=None):
    with _raw_cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall() if cursor.description else None


def deferred_checks_nu():
    """Run the foreign-key checks queued so far (PostgreSQL refuses to alter a table with pending checks)."""
    uitvoeren("SET CONSTRAINTS ALL IMMEDIATE")
    uitvoeren("SET CONSTRAINTS ALL DEFERRED")


class Snellader:
    """Drops and restores the foreign keys and non-unique indexes of the tables that get many rows."""

    def __init__(self):
        self._herstel = []  # SQL statements, in order
        self._tabellen = set()

    def los(self, model, aantal):
        """Before ``aantal`` rows go into the model's table: drop its foreign keys and plain indexes when it is many."""
        tabel = model._meta.db_table
        if aantal < SNELLADEN_VANAF or tabel in self._tabellen:
            return
        self._tabellen.add(tabel)
        deferred_checks_nu()
        quote = connection.ops.quote_name
        for naam, definitie in uitvoeren(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conrelid = %s::regclass AND contype = 'f' ORDER BY conname", [tabel]
        ):
            uitvoeren(f"ALTER TABLE {quote(tabel)} DROP CONSTRAINT {quote(naam)}")
            self._herstel.append(f"ALTER TABLE {quote(tabel)} ADD CONSTRAINT {quote(naam)} {definitie}")
        for naam, definitie in uitvoeren(
            "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i "
            "WHERE i.indrelid = %s::regclass AND NOT i.indisunique AND NOT i.indisprimary "
            "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid) ORDER BY 1", [tabel]
        ):
            uitvoeren(f"DROP INDEX {naam}")
            self._herstel.insert(0, definitie)  # indexes first: the foreign-key checks use them

    def aantal_stappen(self):
        return len(self._herstel)

    def herstel(self, voortgang=None):
        if not self._herstel:
            return
        deferred_checks_nu()
        for sql in self._herstel:
            uitvoeren(sql)
            if voortgang:
                voortgang.stap()
        self._herstel = []


class Kopie:
    """``with Kopie(Model, ["id", "naam", ...]) as kopie: kopie.rij(f"{id}\\t{naam}\\n")`` — one COPY of a table.

    Each row is one line in COPY's text format, made by the caller (``tekst``, ``getal`` and ``tijd.moment_tekst``
    format the values); the columns are those of the named model fields.
    """

    BLOK = 4000

    def __init__(self, model, velden, voortgang=None):
        kolommen = ", ".join(connection.ops.quote_name(model._meta.get_field(v).column) for v in velden)
        self.sql = f"COPY {connection.ops.quote_name(model._meta.db_table)} ({kolommen}) FROM STDIN"
        self.voortgang = voortgang
        self.aantal = 0
        self._regels = []

    def __enter__(self):
        self._cursor = _raw_cursor()
        self._context = self._cursor.copy(self.sql, writer=QueuedLibpqWriter(self._cursor))
        self._copy = self._context.__enter__()
        return self

    def rij(self, regel):
        self._regels.append(regel)
        if len(self._regels) >= self.BLOK:
            self._schrijf()

    def _schrijf(self):
        if self._regels:
            self._copy.write("".join(self._regels))
            self.aantal += len(self._regels)
            if self.voortgang:
                self.voortgang.stap(len(self._regels))
            self._regels = []

    def __exit__(self, exc_type, exc, tb):
        try:
            if exc_type is None:
                self._schrijf()
            return self._context.__exit__(exc_type, exc, tb)
        finally:
            self._cursor.close()
