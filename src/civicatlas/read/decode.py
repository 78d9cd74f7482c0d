"""Bytes → text: gzip, binary sniffing and encoding detection, each failure a clear InputError."""

from __future__ import annotations

import codecs
import re
import zlib

from charset_normalizer import from_bytes

from civicatlas.errors import InputError

# Signatures of common binary formats, so the error can say what the file is instead of "not text".
_MAGIC = [
    (b"\x89PNG", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF8", "GIF image"),
    (b"%PDF", "PDF document (PDF is not supported; convert it to text or HTML first)"),
    (b"PK\x03\x04", "ZIP archive (or an Office document)"),
    (b"\x7fELF", "executable (ELF)"),
    (b"RIFF", "RIFF media file"),
    (b"\x00\x00\x01\x00", "icon image"),
    (b"wOFF", "web font"),
    (b"BZh", "bzip2 archive (only gzip is read transparently)"),
    (b"\xfd7zXZ", "xz archive (only gzip is read transparently)"),
]
_BOMS = [
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
]
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.I)


def gunzip(data: bytes, source: str, max_bytes: int) -> bytes:
    """Decompress a gzip stream, refusing truncated streams and anything that inflates past max_bytes."""
    d = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        out = d.decompress(data, max_bytes + 1)
    except zlib.error as e:
        raise InputError(source, f"corrupt gzip data ({e})") from None
    if len(out) > max_bytes:
        raise InputError(source, f"decompresses to more than {max_bytes / 1e6:.0f} MB (limit: --max-bytes)")
    if not d.eof:
        raise InputError(source, "truncated gzip stream (it ends before the end-of-stream marker)")
    return out


def sniff_binary(data: bytes, source: str) -> None:
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise InputError(source, f"binary file: {what}")
    if b"\x00" in data[:8192] and not any(data.startswith(bom) for bom, _ in _BOMS):
        raise InputError(source, "binary file: contains NUL bytes, not text")


def decode(data: bytes, source: str, declared: str | None = None) -> tuple[str, str, list[str]]:
    """Decode bytes to text. Returns (text, encoding, warnings).

    Order: byte-order mark; strict UTF-8; an HTML <meta charset>; then, if most non-ASCII bytes form
    valid UTF-8, UTF-8 with replacement characters (and a warning naming the first bad byte); else the
    legacy encoding charset-normalizer finds (Windows-1252, Latin-1, …).
    """
    for bom, enc in _BOMS:
        if data.startswith(bom):
            return data.decode(enc, errors="replace"), enc.replace("-sig", ""), []
    if declared and declared.lower() not in ("utf-8", "utf8"):  # the server's charset outranks <meta> (HTML spec)
        try:
            return data.decode(declared), declared.lower(), []
        except (LookupError, UnicodeDecodeError):
            pass  # a wrong or unknown declaration: read the bytes as if none were given
    try:
        return data.decode("utf-8"), "utf-8", []
    except UnicodeDecodeError as e:
        first_bad = e.start
    declared = _META_CHARSET.search(data[:4096])
    if declared:
        enc = declared.group(1).decode("ascii").lower()
        if enc not in ("utf-8", "utf8") and _is_charset(enc):
            try:
                return data.decode(enc), enc, []
            except UnicodeError:  # a decode error (some codecs raise the base class)
                pass
    replaced = data.decode("utf-8", errors="replace")
    bad = replaced.count("\ufffd")
    multibyte_ok = sum(1 for ch in replaced if ord(ch) > 0x7F and ch != "\ufffd")
    if multibyte_ok > bad:
        return replaced, "utf-8", [f"invalid UTF-8 at byte {first_bad} ({bad} bad sequences replaced by U+FFFD)"]
    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        raise InputError(source, f"cannot decode: invalid UTF-8 at byte {first_bad} and no other encoding fits")
    return str(best), best.encoding, []


# Codecs Python decodes bytes with that are no character set a page may declare: they read backslash escapes
# ("\ud800" becomes a lone surrogate), domain names, or nothing at all.
_NOT_CHARSETS = frozenset({"unicode-escape", "raw-unicode-escape", "punycode", "idna", "undefined"})


def _is_charset(name: str) -> bool:
    try:
        info = codecs.lookup(name)
    except LookupError:
        return False
    return info.name not in _NOT_CHARSETS and getattr(info, "_is_text_encoding", True)
