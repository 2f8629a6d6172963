"""JSON Schemas generated from the models, and schema errors turned into our own findings.

The committed files in schemas/ are the published contract; they are written from the models
by `claims schemas --write` and a test fails when they are stale, so there is one source of
truth. Validation uses validators compiled once per run.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError as ModelError

from ..findings import Finding
from .kinds import MODEL_OF_KIND
from .valuetypes import VALUE_TYPES, on_change

if TYPE_CHECKING:  # python-jsonschema only words the errors of a file that fails
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import ValidationError

SCHEMA_FILES = {
    "claim": "claim.schema.json",
    "documents": "documents.schema.json",
    "entities": "entities.schema.json",
    "properties": "properties.schema.json",
    "waivers": "waivers.schema.json",
    "sentence-waivers": "sentence-waivers.schema.json",
}
SCHEMA_BASE = "https://claims-ledger.invalid/schemas/"


def generate(kind: str) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) for one kind of ledger file."""
    schema = MODEL_OF_KIND[kind].model_json_schema(mode="validation")
    body: dict[str, Any] = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_BASE + SCHEMA_FILES[kind],
    }
    body.update(schema)
    return body


def render(kind: str) -> str:
    return json.dumps(generate(kind), indent=2, ensure_ascii=False, sort_keys=False) + "\n"


def stale_files(directory: Path) -> list[str]:
    """Names of the committed schema files that differ from what the models generate."""
    stale = []
    for kind, name in SCHEMA_FILES.items():
        path = directory / name
        if not path.is_file() or path.read_text(encoding="utf-8") != render(kind):
            stale.append(name)
    return stale


def write_all(directory: Path) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for kind, name in SCHEMA_FILES.items():
        path = directory / name
        path.write_text(render(kind), encoding="utf-8")
        written.append(path)
    return written


# Schemas as a cache of this very build gave them (see `given`), by kind: generating one
# from its model took pydantic 10 to 35 ms a kind at every start.
_GIVEN: dict[str, str] = {}


def given(texts: dict[str, str]) -> None:
    """Use these schema texts, each `json.dumps(generate(kind))` as this build made it, in
    place of generating them: the caller (checking/cache.py, whose file belongs to one
    build) vouches that they are. A text that is not a schema of its kind is not used."""
    for kind, text in texts.items():
        if kind in SCHEMA_FILES and type(text) is str:
            _GIVEN[kind] = text


def schema_text(kind: str) -> str:
    """A kind's schema as `given` takes it."""
    return json.dumps(generate(kind), ensure_ascii=False)


def _schema(kind: str) -> dict[str, Any]:
    """The schema validators are compiled from: the one given, else generated."""
    text = _GIVEN.get(kind)
    if text is not None:
        try:
            made = json.loads(text)
        except (ValueError, RecursionError):
            made = None
        if type(made) is dict and made.get("$id") == SCHEMA_BASE + SCHEMA_FILES[kind]:
            return made
        del _GIVEN[kind]
    return generate(kind)


@on_change
def _forget_validators() -> None:
    """The validators compiled before a value type was added or removed are stale, and so
    are the schemas given for the build before."""
    validator.cache_clear()
    fast_validator.cache_clear()
    _GIVEN.clear()


@cache
def validator(kind: str) -> Draft202012Validator:
    from jsonschema import Draft202012Validator  # deferred: start-up time

    return Draft202012Validator(_schema(kind))


@cache
def fast_validator(kind: str) -> Any:
    """The same schema compiled by jsonschema-rs: ~100x faster, used to pass valid files.

    It is stricter in corners (`$` before a final newline, non-ASCII digits for \\d), never
    laxer on our schemas, so a file it fails is re-checked by python-jsonschema, whose
    errors give the messages.
    """
    import jsonschema_rs  # deferred: start-up time

    return jsonschema_rs.validator_for(_schema(kind))


def _describe(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= 60 else text[:57] + "..."


def _yaml_key(key: Any) -> str:
    """A key as YAML writes it: null and true, not None and True."""
    if key is None:
        return "null"
    if isinstance(key, bool):
        return "true" if key else "false"
    return repr(key)


def _kind_of(value: Any) -> str:
    if value is None:
        return "no value"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    return f"a {type(value).__name__}"


def _message(error: ValidationError) -> str:
    """A schema error in words a contributor can act on."""
    where = ".".join(str(step) for step in error.absolute_path) or "the file"
    kind = error.validator
    if kind == "required":
        missing = error.message.split("'")[1] if "'" in error.message else error.message
        return f"{where}: the required key '{missing}' is missing: add it"
    if kind == "additionalProperties":
        allowed = sorted(error.schema.get("properties", {}))
        extra = (
            [key for key in error.instance if key not in allowed]
            if isinstance(error.instance, dict)
            else []
        )
        # YAML keys need not be text (`1:`, `null:`, `? [a]`), and text and numbers do not sort
        extra.sort(key=lambda key: (not isinstance(key, str), repr(key)))
        odd = [key for key in extra if not isinstance(key, str)]
        hint = (
            " (to YAML, "
            + " and ".join(f"{_yaml_key(key)} is {_kind_of(key)}" for key in odd)
            + "; a key is a word)"
            if odd
            else ""
        )
        return (
            f"{where}: unknown key {', '.join(_yaml_key(k) for k in extra)}{hint}; "
            f"allowed keys are {', '.join(allowed)}"
        )
    if kind == "type":
        wanted = error.validator_value
        hint = ""
        if wanted == "string" and isinstance(error.instance, float):
            hint = f": quote this value (YAML read it as the number {error.instance!r})"
        elif wanted == "string" and isinstance(error.instance, (int, bool)):
            hint = ": quote this value"
        elif wanted in ("string", ["string", "null"]) and error.instance is None:
            hint = ": give a value"
        return f"{where}: expected {wanted}, got {_describe(error.instance)}{hint}"
    if kind == "enum":
        choices = ", ".join(str(choice) for choice in error.validator_value)
        return f"{where}: {_describe(error.instance)} is not one of: {choices}"
    if kind == "pattern":
        described = error.schema.get("description")
        hint = f" ({described})" if described else f" (pattern {error.validator_value})"
        return f"{where}: {_describe(error.instance)} is not in the expected form{hint}"
    if kind in ("minLength", "minItems"):
        return f"{where}: must not be empty"
    if kind in ("maxLength", "maximum", "minimum"):
        return f"{where}: {_describe(error.instance)} is out of range ({error.message})"
    return f"{where}: {error.message}"


def _value_errors(error: ValidationError) -> Iterator[ValidationError]:
    """For the value's oneOf, the errors of the branch its type key picks, not all of them.

    The models' value union is built from the registry in its order, so a type's place in
    the registry is its branch of the oneOf.
    """
    instance = error.instance
    if isinstance(instance, dict):
        keys = [name for name in VALUE_TYPES if name in instance]
        if len(keys) == 1:
            branch = list(VALUE_TYPES).index(keys[0])
            picked = [
                sub
                for sub in error.context or ()
                if sub.schema_path and sub.schema_path[0] == branch
            ]
            if picked:
                yield from picked
                return
    yield error


def _value_message(error: ValidationError) -> str | None:
    instance = error.instance
    if isinstance(instance, dict):
        keys = [name for name in VALUE_TYPES if name in instance]
        if not keys:
            types = ", ".join(VALUE_TYPES)
            return f"value: needs exactly one type key ({types})"
        if len(keys) > 1:
            return f"value: has more than one type key ({', '.join(keys)}); keep one"
    elif error.validator == "oneOf":
        return 'value: must be a mapping with one type key, such as date: "2019"'
    return None


def _in_evidence(error: ValidationError) -> bool:
    path = tuple(error.absolute_path)
    return len(path) == 4 and path[0] == "review" and path[2] == "evidence"


def _evidence_findings(error: ValidationError, file: str) -> list[Finding]:
    """An evidence item: the old string form told how to write it now, else the errors of
    the form its keys pick (a claim reference when it has `claim`, else a source)."""
    item = error.instance
    where = ".".join(str(step) for step in error.absolute_path)
    pointer = tuple(error.absolute_path)
    if isinstance(item, str):
        if item.startswith("claim:"):
            how = (
                f"write it as `- claim: {item.removeprefix('claim:').strip()}` with "
                "`stance: supports`, `contradicts` or `context` below it"
            )
        else:
            how = (
                "write a source as a mapping: url, title, publisher, published, consulted, "
                "excerpt, language, translation, stance, archived (docs/ledger-format.md); "
                "another claim as `- claim: <id>` with a stance"
            )
        message = f"{where}: evidence is a mapping, not the string {_describe(item)}: {how}"
        return [Finding("evidence-format", message, file, pointer=pointer)]
    if not isinstance(item, dict):
        message = f"{where}: an evidence item is a mapping (a source, or `claim:` with a stance)"
        return [Finding("schema", message, file, pointer=pointer)]
    branch = 1 if "claim" in item else 0
    picked = [s for s in error.context or () if s.schema_path and s.schema_path[0] == branch]
    return [
        Finding("schema", _message(sub), file, pointer=_pointer(sub)) for sub in picked or [error]
    ]


def model_findings(error: ModelError, file: str, located: bool = False) -> tuple[Finding, ...]:
    """A model's errors for data the schema passed (the two disagree): still findings. With
    `located`, each message starts with the path of the value (as claim files have it)."""
    return tuple(
        Finding(
            "schema",
            f"{'.'.join(map(str, e['loc']))}: {e['msg']}" if located else e["msg"],
            file,
            pointer=tuple(e["loc"]),
        )
        for e in error.errors()
    )


def schema_passes(kind: str, data: Any) -> bool:
    """Whether jsonschema-rs passes the data (False: python-jsonschema is to judge it)."""
    try:
        return bool(fast_validator(kind).is_valid(data))
    except (ValueError, TypeError, OverflowError):  # keys that are not strings, and the like
        return False


def schema_findings(kind: str, data: Any, file: str) -> list[Finding]:
    """Every schema error of one file, as findings carrying the path of the offending value."""
    if schema_passes(kind, data):
        return []
    return failed_schema_findings(kind, data, file)


def failed_schema_findings(kind: str, data: Any, file: str) -> list[Finding]:
    """schema_findings of data jsonschema-rs did not pass: python-jsonschema's errors, if
    any (it is laxer in corners: see fast_validator)."""
    from jsonschema.exceptions import best_match  # deferred: start-up time

    findings: list[Finding] = []
    for error in validator(kind).iter_errors(data):
        errors: list[ValidationError] = [error]
        if error.validator == "oneOf" and _in_evidence(error):
            findings.extend(_evidence_findings(error, file))
            continue
        if error.validator == "oneOf":
            message = _value_message(error)
            if message:
                findings.append(
                    Finding("schema", message, file, pointer=tuple(error.absolute_path))
                )
                continue
            errors = list(_value_errors(error))
            if errors == [error] and error.context:
                errors = [best_match(error.context)]
        elif error.validator == "anyOf" and error.context:
            # A key that may be null: the other branch's errors say what to write instead.
            errors = [sub for sub in error.context if sub.schema.get("type") != "null"] or errors
        for sub in errors:
            if sub.validator == "anyOf" and sub.context:  # a number, float or int: say which rule
                sub = best_match(sub.context)
            findings.append(Finding("schema", _message(sub), file, pointer=_pointer(sub)))
    return findings


def _pointer(error: ValidationError) -> tuple[Any, ...]:
    """The path of the offending value; for an unknown key, that key (not its mapping)."""
    path = tuple(error.absolute_path)
    if error.validator == "additionalProperties" and isinstance(error.instance, dict):
        allowed = error.schema.get("properties", {})
        extra = [key for key in error.instance if key not in allowed]
        if extra:
            return (*path, extra[0])
    return path
