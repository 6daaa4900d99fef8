"""`field__any_of=[…]`: membership in a long list of values as one parameter on PostgreSQL.

`field__in=[…]` writes one placeholder per value; with Django's client-side binding the driver quotes each into the
statement and the server parses them all: for the 30,000 ids of a back-dated search (indicators/selectors/targets.py)
that is 0.3 s of a 0.4 s query at SCALE=1. `= ANY(%s)` sends the list as one array. Elsewhere (SQLite) it is the
same `IN` as `__in`.
"""

from django.core.exceptions import EmptyResultSet
from django.db.models import Field
from django.db.models.lookups import In, Lookup

__all__ = ["AnyOf"]


@Field.register_lookup
class AnyOf(Lookup):
    lookup_name = "any_of"

    def get_prep_lookup(self):
        prep = self.lhs.output_field.get_prep_value
        return [prep(value) for value in self.rhs]

    def as_sql(self, compiler, connection):
        if connection.vendor != "postgresql":
            return compiler.compile(In(self.lhs, self.rhs))
        if not self.rhs:
            raise EmptyResultSet  # as `__in=[]`: no query at all
        lhs, params = self.process_lhs(compiler, connection)
        values = [self.lhs.output_field.get_db_prep_value(value, connection, prepared=True) for value in self.rhs]
        return f"{lhs} = ANY(%s)", [*params, values]
