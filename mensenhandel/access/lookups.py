"""``field__in_ids=<queryset of ids>``: membership in a subquery that the database evaluates once.

On PostgreSQL it is ``field = ANY(ARRAY(subquery))``: the subquery runs once (an InitPlan) and its ids drive an index
scan of ``field``, also when the condition is OR'ed with others (each branch then becomes one index scan of a
BitmapOr). A plain ``field IN (subquery)`` inside an OR is a SubPlan checked against every row of the table, which is
what made need-to-know filtering cost in proportion to the whole country. Elsewhere (SQLite) it is ``IN``.

Use it where the subquery is driven by the user's side (their organisation's seats, invitations, grants) and small
compared with the table it filters.
"""
from django.db.models import Field, ForeignObject
from django.db.models.fields.related_lookups import RelatedIn
from django.db.models.lookups import In


class _AnyArray:
    lookup_name = "in_ids"

    def as_sql(self, compiler, connection):
        if connection.vendor != "postgresql" or self.rhs_is_direct_value():
            return super().as_sql(compiler, connection)
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        if not rhs.startswith("("):
            rhs = f"({rhs})"
        return f"{lhs} = ANY(ARRAY{rhs})", (*lhs_params, *rhs_params)


@Field.register_lookup
class InIds(_AnyArray, In):
    pass


@ForeignObject.register_lookup
class RelatedInIds(_AnyArray, RelatedIn):
    pass
