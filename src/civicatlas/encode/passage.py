"""What of an item is embedded, and the keys its vector is stored under.

The passage is the title and the text. The photo caption is left out when the item has a text of its own:
captions describe a picture (who stands where, a square, a credit) and pull the vector away from the
initiative; they are used only when the item has little text besides. A vector is keyed by the model
(`model_id`) and sha256 of the exact passage (`text_key`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from typing import Any

from civicatlas.encode.base import Encoder
from civicatlas.model import Item

MAX_CHARS = 2000  # ~500 tokens: e5 truncates at 512 anyway, and long texts cost time for nothing
SHORT_TEXT = 80  # below this many characters of title+text the caption helps more than it hurts


def passage_text(item: Item) -> str:
    title, text = (item.title or "").strip(), (item.text or "").strip()
    if title and text and not text.startswith(title):
        body = f"{title}{'' if title.endswith(('.', '!', '?', ':')) else '.'} {text}"
    else:
        body = text or title
    if item.caption and len(body) < SHORT_TEXT:
        body = f"{body} {item.caption.strip()}".strip()
    return body[:MAX_CHARS]


def text_key(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def model_id(encoder: Encoder) -> str:
    """What is stored with every vector: model name and version."""
    return f"{encoder.name}@{encoder.version}"


def record_passage(record: Mapping[str, Any]) -> str:
    """passage_text of a stored extract record: the key its vector is cached under is text_key of this."""
    item = Item(id=record["id"], document_id=record.get("document", ""), position=0, text=record.get("text") or "",
                title=record.get("title"), caption=record.get("caption"))
    return passage_text(item)
