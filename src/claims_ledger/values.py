"""Typed values: what each admits of reality, so they can be compared, and why one is unusable.

Each value type's own module in valuetypes/ knows its values (dates are EDTF, parsed by the
`edtf` library; numbers carry a bound); this module answers for any value by asking its type.
"""

from __future__ import annotations

from .valuetypes import kind_of
from .valuetypes.age import birth_interval as birth_interval
from .valuetypes.date import DAYS_PER_YEAR as DAYS_PER_YEAR
from .valuetypes.date import date_from_struct as date_from_struct
from .valuetypes.date import date_interval as date_interval
from .valuetypes.date import edtf_problem as edtf_problem
from .valuetypes.date import edtf_suggestion as edtf_suggestion
from .valuetypes.date import season_months as season_months
from .valuetypes.duration import DAYS_PER_MONTH as DAYS_PER_MONTH
from .valuetypes.duration import duration_interval as duration_interval
from .valuetypes.money import currency_known as currency_known
from .valuetypes.ranges import ABOUT as ABOUT
from .valuetypes.ranges import INF as INF
from .valuetypes.ranges import Interval as Interval
from .valuetypes.ranges import bounded as bounded
from .valuetypes.ranges import bounded_range as bounded_range


def value_problem(value: object) -> str | None:
    """Why a schema-valid value is still unusable (bad EDTF, unknown currency), or None."""
    kind = kind_of(value)
    return kind.problem(value) if kind is not None else None
