"""Reading inputs: formats, encodings, gzip, and every kind of bad input with a one-line reason."""

from __future__ import annotations

import gzip
import io
import sys
from pathlib import Path

import pytest

from civicatlas.read import InputError, iter_inputs, read_bytes, read_path
from tests.conftest import EXAMPLES


def _error(path: Path, **kw) -> str:
    with pytest.raises(InputError) as e:
        read_path(str(path), **kw)
    message = str(e.value)
    assert message.startswith(str(path)) and "\n" not in message
    return message


def test_missing_path_is_named(tmp_path: Path) -> None:
    missing = tmp_path / "nope.html"
    (err,) = list(iter_inputs([str(missing)]))
    assert isinstance(err, InputError) and str(err) == f"{missing}: no such file or directory"


def test_binaries_each_get_a_reason(tmp_path: Path) -> None:
    (tmp_path / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(200))
    (tmp_path / "report.pdf").write_bytes(b"%PDF-1.7\n" + bytes(200))
    (tmp_path / "blob.bin").write_bytes(bytes(range(256)) * 4)
    reasons = {Path(p).name: _error(Path(p)) for p in iter_inputs([str(tmp_path)])}
    assert "PNG image" in reasons["logo.png"]
    assert "PDF" in reasons["report.pdf"]
    assert "NUL bytes" in reasons["blob.bin"]


def test_empty_and_blank_files(tmp_path: Path) -> None:
    (tmp_path / "zero.txt").write_bytes(b"")
    (tmp_path / "blank.html").write_text(" \n\t\n")
    assert _error(tmp_path / "zero.txt").endswith("empty file")
    assert _error(tmp_path / "blank.html").endswith("file contains only whitespace")


def test_invalid_utf8_is_decoded_with_a_warning_naming_the_byte(tmp_path: Path) -> None:
    path = tmp_path / "broken.txt"
    path.write_bytes("Umeå och Växjö får pengar. ".encode() + b"\xff\xfe bad " + "Malmö.".encode())
    doc = read_path(str(path))
    assert "Umeå" in doc.content and "Malmö" in doc.content and "\ufffd" in doc.content
    assert doc.warnings == ["invalid UTF-8 at byte 31 (2 bad sequences replaced by U+FFFD)"]


def test_legacy_encoding_is_detected() -> None:
    doc = read_path(str(EXAMPLES / "fr_besancon_budget_participatif.txt"))
    assert doc.encoding.lower().replace("_", "") in {"cp1252", "windows-1252", "latin1", "iso8859-1", "iso-8859-1"}
    assert "Besançon" in doc.content and "\ufffd" not in doc.content


def test_html_meta_charset_is_honoured(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_bytes('<html><head><meta charset="iso-8859-1"></head><body><p>Zürich prüft.</p></body></html>'
                     .encode("latin-1"))
    assert "Zürich prüft" in read_path(str(path)).content


def test_too_large_file_is_refused_without_reading_it(tmp_path: Path) -> None:
    path = tmp_path / "huge.html"
    with open(path, "wb") as f:
        f.truncate(50_000_000)  # sparse: 50 MB on paper, nothing on disk
    message = _error(path)
    assert "file too large: 50.0 MB exceeds the 20 MB limit" in message


def test_gzip_is_read_transparently_and_truncation_is_an_error(tmp_path: Path) -> None:
    doc = read_path(str(EXAMPLES / "de_jena_buergerrat_klima.html.gz"))
    assert doc.content_type == "html" and "Bürgerrat" in doc.content
    data = gzip.compress(("<p>" + "Bürgerhaushalt in Jena. " * 200 + "</p>").encode())
    (tmp_path / "cut.html.gz").write_bytes(data[: len(data) // 2])
    assert _error(tmp_path / "cut.html.gz").endswith("truncated gzip stream (it ends before the end-of-stream marker)")
    (tmp_path / "fake.txt.gz").write_text("not compressed")
    assert "not gzip data" in _error(tmp_path / "fake.txt.gz")


def test_gzip_bomb_is_refused(tmp_path: Path) -> None:
    (tmp_path / "bomb.html.gz").write_bytes(gzip.compress(b"a" * 3_000_000))
    assert "decompresses to more than" in _error(tmp_path / "bomb.html.gz", max_bytes=1_000_000)


def test_folders_recurse_with_globs_and_skip_hidden(tmp_path: Path) -> None:
    for name in ("a.html", "sub/b.txt", "sub/deeper/c.md", ".hidden/d.html", "sub/.e.txt", "sub/f.css"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x")
    found = [Path(p).relative_to(tmp_path).as_posix() for p in iter_inputs([str(tmp_path)])]
    assert found == ["a.html", "sub/b.txt", "sub/f.css", "sub/deeper/c.md"]
    only = [Path(p).name for p in iter_inputs([str(tmp_path)], include=["*.html", "*.md"], exclude=["deeper/*"])]
    assert only == ["a.html"]  # sub/deeper/c.md is excluded by its relative path
    assert [Path(p).name for p in iter_inputs([str(tmp_path)], include=["*.md"])] == ["c.md"]


def test_content_types(tmp_path: Path) -> None:
    (tmp_path / "page").write_text("<!DOCTYPE html><html><body><p>Hej</p></body></html>")
    assert read_path(str(tmp_path / "page")).content_type == "html"
    assert read_path(str(EXAMPLES / "en_local_democracy_awards_2024.md")).content_type == "markdown"
    assert read_path(str(EXAMPLES / "de_preistraeger_2024.txt")).content_type == "text"


def test_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO("Växjö startar ett medborgarråd.".encode())))
    doc = read_path("-")
    assert doc.uri.startswith("stdin:") and doc.content == "Växjö startar ett medborgarråd."


def test_same_bytes_same_document_id(tmp_path: Path) -> None:
    a = read_bytes(b"<p>x</p>", uri="https://example.org/a.html")
    b = read_bytes(b"<p>y</p>", uri="https://example.org/a.html")
    assert a.id == b.id and a.sha256 != b.sha256  # identity follows the location; the hash the content


@pytest.mark.parametrize("charset", ["unicode_escape", "raw-unicode-escape", "undefined", "idna", "punycode", "rot13"])
def test_a_declared_codec_that_is_no_charset_is_ignored(charset: str) -> None:
    # "unicode_escape" turned "\ud800" into a lone surrogate that no database or JSON writer accepts, and
    # "undefined" raised UnicodeError
    data = f'<html><meta charset="{charset}"><p>\\ud800 caf'.encode() + b"\xe9</p>"
    doc = read_bytes(data, uri="file:///page.html")
    doc.content.encode("utf-8")
    assert "<p>\\ud800 caf" in doc.content and doc.encoding != charset
