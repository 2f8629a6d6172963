"""HTML escaping as markupsafe's `escape` does it, made faster for plain text.

A claim page of a generated ledger escapes about 46 texts (its related claims, its review,
its fields). markupsafe's `escape` calls its C function from Python and makes each result
through `Markup.__new__`, also in Python: together about a tenth of a page writer's time.
A plain str is escaped here by five replacements in C (the same characters, the same
entities, `&` first) and made a Markup without that call; anything else (a Markup, an object
with `__html__`, a number) goes to markupsafe's `escape`, which words it as it always did.
"""

from __future__ import annotations

from typing import Any

from markupsafe import Markup
from markupsafe import escape as _escape

_new = str.__new__


def escape(value: Any) -> Markup:
    """`markupsafe.escape(value)`: the same Markup, made faster for a plain str."""
    if type(value) is str:
        return _new(  # type: ignore[no-any-return]
            Markup,
            value.replace("&", "&amp;")
            .replace(">", "&gt;")
            .replace("<", "&lt;")
            .replace("'", "&#39;")
            .replace('"', "&#34;"),
        )
    return _escape(value)
