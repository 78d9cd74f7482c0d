"""Language of each item (ISO 639-1), with lingua restricted to the languages of Europe.

Restricting the candidate set makes short titles far more reliable (a Swedish headline is not mistaken
for Norwegian Nynorsk or Afrikaans) and keeps the detector small.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from civicatlas.enrich import register
from civicatlas.model import Item

EUROPEAN = (
    "ENGLISH SWEDISH GERMAN FRENCH SPANISH ITALIAN PORTUGUESE DUTCH DANISH BOKMAL FINNISH POLISH CZECH SLOVAK "
    "SLOVENE CROATIAN SERBIAN BOSNIAN HUNGARIAN ROMANIAN BULGARIAN GREEK LITHUANIAN LATVIAN ESTONIAN UKRAINIAN "
    "RUSSIAN BELARUSIAN CATALAN BASQUE IRISH WELSH ICELANDIC ALBANIAN MACEDONIAN TURKISH"
).split()


LONG_TEXT = 200  # characters from which trigrams alone decide as well as the full model, 4x faster
# Enough to decide: lingua's time grows with the text (the 522 items of the 502 real web pages of
# ../shared/eval/webpages: 14.4 s whole, 3.6 s at most 2,000 characters), and there the first 1,000 characters
# already gave every item the language the whole text gives.
READ_AT_MOST = 2000


@lru_cache(maxsize=2)
def _detector(low_accuracy: bool):
    from lingua import Language, LanguageDetectorBuilder

    builder = LanguageDetectorBuilder.from_languages(*(getattr(Language, n) for n in EUROPEAN))
    return (builder.with_low_accuracy_mode() if low_accuracy else builder).build()


def detect(text: str) -> tuple[str | None, float]:
    """Best language (ISO 639-1, lower case) and its confidence; (None, 0.0) when undecidable."""
    if not text.strip():
        return None, 0.0
    if len(text) > READ_AT_MOST:
        cut = text.rfind(" ", 0, READ_AT_MOST)
        text = text[: cut if cut > 0 else READ_AT_MOST]
    values = _detector(len(text) >= LONG_TEXT).compute_language_confidence_values(text)
    if not values:
        return None, 0.0
    best = values[0]
    code = best.language.iso_code_639_1.name.lower()
    return ("no" if code == "nb" else code), float(best.value)


class LanguageEnricher:
    name = "language"
    version = "1"
    requires = ("title", "text", "caption", "language")
    assigns = ("language", "language_confidence")

    def __call__(self, items: Sequence[Item]) -> None:
        for item in items:
            if item.language:  # given by the caller (jsonl input) or the page: keep it
                continue
            # The title and caption are in the item's language too, and short texts need every word.
            text = " ".join(t for _, t in item.fields())
            item.language, item.language_confidence = detect(text)


@register("language")
def _factory() -> LanguageEnricher:
    return LanguageEnricher()
