"""Whether a record's own fields are already what its JSON serializer gives.

A value's fingerprint holds its JSON (`to_python(mode="json")`: a microsecond and a half a
claim). A model whose fields are all strings, numbers, booleans, None or enums of strings,
with no serializer of its own, holds exactly that in its `__dict__`: the JSON encoder writes
a string enum as its string, which is its value. A model with anything else (a nested
model, a serializer, a validator, another type) is serialized as before.
"""

from __future__ import annotations

import types
from enum import Enum
from functools import cache
from typing import Annotated, Any, Union, get_args, get_origin

from annotated_types import BaseMetadata
from pydantic import BaseModel
from pydantic.fields import FieldInfo

_LEAVES = (str, int, float, bool, type(None))


def value_json(value: BaseModel) -> Any:
    """What a value's serializer gives in JSON mode."""
    return value.__pydantic_serializer__.to_python(value, mode="json")


@cache
def fields_are_json(model: type[BaseModel]) -> bool:
    """Whether `model.__dict__` of every instance is what value_json gives (see the module):
    judged once a model class, from its fields' types and what is written on them."""
    decorators = model.__pydantic_decorators__
    if (
        decorators.field_serializers
        or decorators.model_serializers
        or decorators.field_validators
        or decorators.model_validators
        or decorators.validators
        or decorators.root_validators
    ):
        return False
    return all(
        _plain(info.annotation) and all(map(_plain_metadata, info.metadata))
        for info in model.model_fields.values()
    )


def _plain(annotation: Any) -> bool:
    origin = get_origin(annotation)
    if origin is Annotated:
        inner, *metadata = get_args(annotation)
        return _plain(inner) and all(map(_plain_metadata, metadata))
    if origin is Union or origin is types.UnionType:
        return all(map(_plain, get_args(annotation)))
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return issubclass(annotation, str) and all(
            type(member.value) is str and str.__str__(member) == member.value
            for member in annotation
        )
    return annotation in _LEAVES


def _plain_metadata(item: Any) -> bool:
    """A constraint (a length, a bound, a pattern), never what changes or writes a value."""
    if isinstance(item, FieldInfo):
        return all(map(_plain_metadata, item.metadata))
    return isinstance(item, BaseMetadata)  # (pydantic's own constraints are such too)
