"""publishing.options: the templates' environment reads a dict's keys as Jinja does."""

from __future__ import annotations

from collections import Counter

import jinja2
import pytest

from claims_ledger.publishing.options import STATUS_ORDER, environment


def render(source: str, **values: object) -> str:
    return environment().from_string(source).render(**values)


def test_a_dict_key_is_read_as_an_attribute_and_escaped():
    row = {"href": "a.html", "statement": "<b>5 & 6</b>"}
    assert render("{{ r.href }} {{ r.statement }}", r=row) == "a.html &lt;b&gt;5 &amp; 6&lt;/b&gt;"


def test_a_dict_method_still_wins_over_a_key_of_its_name():
    row = {"items": "a key", "get": "another"}
    page = render(
        "{% for k, v in r.items() %}{{ k }}={{ v }};{% endfor %}{{ r.get('get') }}", r=row
    )
    assert page == "items=a key;get=another;another"


def test_a_missing_key_is_undefined_and_strictly_so():
    assert render("{{ r.none is defined }}", r={"some": 1}) == "False"
    with pytest.raises(jinja2.UndefinedError):
        render("{{ r.none }}", r={"some": 1})


def test_a_key_holding_none_or_nothing_is_read_as_it_is():
    assert (
        render("{{ r.a }}|{{ r.b }}|{{ r.c or 'x' }}", r={"a": None, "b": "", "c": 0}) == "None||x"
    )


def test_other_mappings_and_objects_are_read_as_jinja_reads_them():
    class Row:
        href = "b.html"

    assert render("{{ c.a }} {{ c.b }} {{ r.href }}", c=Counter(a=2), r=Row()) == "2 0 b.html"


def test_the_marks_made_once_are_the_macros_own():
    env = environment()
    macros = env.get_template("macros.html").module
    for status in STATUS_ORDER:
        assert env.globals["STATUS"][status] == macros.status(status)
    assert env.globals["LEGEND"] == macros.legend()
    assert "Legend" in env.globals["LEGEND"]


def test_an_object_is_read_as_jinja_itself_reads_it():
    """An attribute first; an attribute that raises AttributeError, then an item; neither,
    undefined: whatever the shortcut, the answer of Jinja's own environment."""

    class Thing:
        plain = "<i>attribute</i>"

        @property
        def broken(self) -> str:
            raise AttributeError("no")

        def __getitem__(self, key: str) -> str:
            return f"item {key}"

    class Bare:
        pass

    ours, jinjas = environment(), jinja2.Environment(undefined=jinja2.StrictUndefined)
    for obj, name in [(Thing(), "plain"), (Thing(), "broken"), (Thing(), "other"), (Bare(), "x")]:
        got, expected = ours.getattr(obj, name), jinjas.getattr(obj, name)
        if isinstance(expected, jinja2.Undefined):
            assert isinstance(got, jinja2.StrictUndefined)
        else:
            assert got == expected
    assert render("{{ t.plain }}|{{ t.broken }}", t=Thing()) == (
        "&lt;i&gt;attribute&lt;/i&gt;|item broken"
    )
    with pytest.raises(jinja2.UndefinedError):
        render("{{ b.x }}", b=Bare())
