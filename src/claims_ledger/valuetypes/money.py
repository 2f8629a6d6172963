"""money: an amount in an ISO 4217 currency, with a bound.

`value: {money: 5000, currency: RUB, bound: about}` admits 5,000 roubles, and 4,500 to 5,500
as a tension. Amounts in other currencies are never converted at a made-up rate: comparing
them is a review.
"""

from __future__ import annotations

from functools import cache
from typing import Annotated

from pydantic import Field

from .base import Pair, ValueKind, bound_words, number_words
from .outcomes import Comparison, Outcome, said
from .parts import Part, number_problem, parse_number
from .ranges import Interval, bounded
from .record import Bound, Record


class MoneyValue(Record):
    money: float | int
    currency: Annotated[str, Field(pattern=r"^[A-Z]{3}$", description="ISO 4217 code")]
    bound: Bound = Bound.exact


@cache
def currency_known(code: str) -> bool:
    import pycountry  # deferred: start-up time

    return pycountry.currencies.get(alpha_3=code) is not None


def _currency_problem(text: str) -> str | None:
    if currency_known(text.upper()):
        return None
    return f"{text!r} is not an ISO 4217 currency code (RUB, USD, EUR ...)"


class Money(ValueKind[MoneyValue]):
    name = "money"
    model = MoneyValue
    parts = (
        Part(
            "money",
            "Amount",
            "An amount of money (with --currency).",
            number_problem,
            convert=parse_number,
        ),
        Part(
            "currency",
            "Currency, ISO 4217 (RUB, USD, EUR)",
            "ISO 4217 code of --money: RUB, USD, EUR.",
            lambda text, _known: _currency_problem(text),
            convert=str.upper,
        ),
    )
    bounded = True
    summable = True

    def words(self, value: MoneyValue) -> str:
        return f"{bound_words(value.bound)}{number_words(value.money)} {value.currency}"

    def interval(self, value: MoneyValue) -> Interval | None:
        return bounded(float(value.money), value.bound.value)

    def problem(self, value: MoneyValue) -> str | None:
        return _currency_problem(value.currency)

    def measure(self, value: MoneyValue) -> str | None:
        return value.currency

    def compare(self, pair: Pair[MoneyValue]) -> Comparison:
        a, b = pair.a, pair.b
        if a.currency != b.currency:
            return Comparison(
                Outcome.review,
                said(
                    f"different currencies ({a.currency}, {b.currency}): "
                    "never converted at a made-up rate"
                ),
            )
        return super().compare(pair)


MONEY = Money()
