"""The kinds of ledger file, each with the model its files are validated against.

One ordered registry: the JSON Schemas are generated from it, and loading builds each
file's record with it. A new kind of file is its model plus one line here.
"""

from __future__ import annotations

from .models import Claim, Entities, Manifest, Properties, Record
from .waiver_model import SentenceWaivers, Waivers

MODEL_OF_KIND: dict[str, type[Record]] = {
    "claim": Claim,
    "documents": Manifest,
    "entities": Entities,
    "properties": Properties,
    "sentence-waivers": SentenceWaivers,
    "waivers": Waivers,
}
