"""Ingest: decoding, file kinds, metadata and page furniture (IN-01..IN-23 of RELIABILITY.md)."""

from __future__ import annotations

import io
import json
import os
import socket
import sys
import threading
import warnings
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from graph import ingest
from graph.errors import IngestError
from graph.furniture import find_furniture, is_furniture_line
from graph.ingest import (
    IngestWarning,
    Skipped,
    SkippedError,
    UsageError,
    decode_bytes,
    document_from_bytes,
    document_from_text,
    iter_inputs,
    normalize_date,
    read_path,
    read_sidecar,
)
from graph.iri import document_id
from graph.records import Document, DocumentMeta

SEED = Path(__file__).resolve().parents[2] / "seeds" / "000_118e246e26923948.txt"

ARTICLE = (
    "Acme Corp. said on Tuesday it had agreed to buy Beta Ltd. for $2 billion.\n"
    "\u201cThis is a great day for our customers,\u201d chief executive Jane Doe told reporters \u2014 "
    "and the caf\u00e9 owners\u2019 union welcomed the deal.\n"
)


def run(paths, **kwargs) -> list[Document | Skipped]:
    return list(iter_inputs([str(p) if isinstance(p, Path) else p for p in paths], **kwargs))


def docs(results) -> list[Document]:
    return [r for r in results if isinstance(r, Document)]


def skips(results) -> list[Skipped]:
    return [r for r in results if isinstance(r, Skipped)]


def in_thread(fn, timeout: float = 10.0):
    """Run ``fn`` in a thread; fail (rather than hang the suite) if it does not finish."""
    box: dict[str, object] = {}

    def target() -> None:
        try:
            box["value"] = fn()
        except BaseException as exc:
            box["error"] = exc

    t = threading.Thread(target=target, daemon=True)
    t.start()
    t.join(timeout)
    assert not t.is_alive(), f"did not finish within {timeout}s"
    if "error" in box:
        raise box["error"]  # type: ignore[misc]
    return box["value"]


# --------------------------------------------------------------------------- input kinds


@pytest.mark.parametrize("suffix", [".txt", ".md", ".markdown"])
def test_text_kinds_keep_the_file_text(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"story{suffix}"
    path.write_bytes(ARTICLE.encode("utf-8"))
    doc = read_path(path)
    assert doc.text == ARTICLE
    assert doc.name == "story"
    assert doc.id == document_id(ARTICLE)
    assert doc.meta.source == str(path)


@pytest.mark.parametrize("suffix", [".html", ".htm"])
def test_html_kinds(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"page{suffix}"
    path.write_text(
        "<html><head><title>Acme buys Beta</title></head><body>"
        "<p>Acme Corp. said on Tuesday it had agreed to buy Beta Ltd. for two billion dollars.</p>"
        "</body></html>",
        encoding="utf-8",
    )
    doc = read_path(path)
    assert "Acme Corp. said on Tuesday" in doc.text
    assert "<p>" not in doc.text
    assert doc.name == "page"


def test_explicit_unknown_extension_is_read_as_text(tmp_path: Path) -> None:
    path = tmp_path / "notes.csv"
    path.write_text("Acme,Beta\nGamma,Delta\n", encoding="utf-8")
    doc = read_path(path)
    assert doc.text == "Acme,Beta\nGamma,Delta\n"
    assert doc.name == "notes"


def test_directory_ignores_other_extensions_and_sidecars(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Alpha said hello.", encoding="utf-8")
    (tmp_path / "a.meta.json").write_text('{"title": "A"}', encoding="utf-8")
    (tmp_path / "b.csv").write_text("x,y", encoding="utf-8")
    (tmp_path / "c.py").write_text("print(1)", encoding="utf-8")
    results = run([tmp_path])
    assert [d.name for d in docs(results)] == ["a"]
    assert skips(results) == []


def test_explicit_sidecar_is_not_a_document(tmp_path: Path) -> None:
    side = tmp_path / "a.meta.json"
    side.write_text('{"title": "A"}', encoding="utf-8")
    [result] = run([side])
    assert isinstance(result, Skipped) and result.code == "sidecar"


def test_directory_is_recursive_and_sorted_by_path(tmp_path: Path) -> None:
    for rel in ["b/z.txt", "b/a.md", "a.txt", "c/d/e.html", "b.txt"]:
        p = tmp_path / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        if rel.endswith(".html"):
            p.write_text(f"<p>Document {rel} says the plan is on track for next year.</p>", encoding="utf-8")
        else:
            p.write_text(f"Document {rel} says something different.", encoding="utf-8")
    results = run([tmp_path])
    sources = [d.meta.source for d in docs(results)]
    assert sources == sorted(sources)
    assert [os.path.relpath(s, tmp_path) for s in sources] == sorted(
        ["b/z.txt", "b/a.md", "a.txt", "c/d/e.html", "b.txt"]
    )


# --------------------------------------------------------------------------- decoding


def test_utf8_bom_is_stripped(tmp_path: Path) -> None:
    path = tmp_path / "bom.txt"
    path.write_bytes(b"\xef\xbb\xbf" + ARTICLE.encode("utf-8"))
    doc = read_path(path)
    assert doc.text == ARTICLE
    assert "\ufeff" not in doc.text


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"])
def test_utf16_and_utf32_with_bom(tmp_path: Path, codec: str) -> None:
    path = tmp_path / "wide.txt"
    path.write_bytes(("\ufeff" + ARTICLE).encode(codec))
    doc = read_path(path)
    assert doc.text == ARTICLE
    assert doc.id == document_id(ARTICLE)


def test_latin1_and_cp1252_give_the_utf8_text(tmp_path: Path) -> None:
    latin = "Le caf\u00e9 de la gar\u00e7on na\u00efve \u00e0 Z\u00fcrich.\n"
    (tmp_path / "u.txt").write_bytes(latin.encode("utf-8"))
    (tmp_path / "l.txt").write_bytes(latin.encode("latin-1"))
    smart = "\u201cWe will win,\u201d she said \u2014 it\u2019s \u20ac5.\n"
    (tmp_path / "su.txt").write_bytes(smart.encode("utf-8"))
    (tmp_path / "sc.txt").write_bytes(smart.encode("cp1252"))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", IngestWarning)
        assert read_path(tmp_path / "l.txt").text == read_path(tmp_path / "u.txt").text == latin
        cp = read_path(tmp_path / "sc.txt")
    assert cp.text == read_path(tmp_path / "su.txt").text == smart
    assert not any("\x80" <= ch <= "\x9f" for ch in cp.text)


def test_legacy_fallback_is_reported() -> None:
    with pytest.warns(IngestWarning, match="offset 3"):
        assert decode_bytes(b"caf\xe9", source="x") == "caf\u00e9"


def test_mixed_encodings_decode_each_part() -> None:
    data = "na\u00efve \u201cquote\u201d ".encode() + b"caf\xe9"
    with pytest.warns(IngestWarning, match="mixed"):
        assert decode_bytes(data) == "na\u00efve \u201cquote\u201d caf\u00e9"


def test_undefined_cp1252_bytes_fall_back_to_latin1_without_c1(tmp_path: Path) -> None:
    path = tmp_path / "c1.txt"
    path.write_bytes(b"Hello \x81 world and more plain text here.")
    with pytest.warns(IngestWarning, match="latin-1"):
        doc = read_path(path)
    assert doc.text == "Hello   world and more plain text here."


def test_random_high_bytes_are_undecodable_with_offset(tmp_path: Path) -> None:
    path = tmp_path / "noise.txt"
    path.write_bytes(b"ok " + bytes(range(0x80, 0x100)) * 4)
    [result] = run([path])
    assert isinstance(result, Skipped) and result.code == "undecodable"
    assert "offset 3" in result.reason


@pytest.mark.parametrize(
    ("data", "what"),
    [
        (b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"x" * 50, "PNG"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n", "PDF"),
        (b"PK\x03\x04\x14\x00\x00\x00", "ZIP"),
        (b"\x1f\x8b\x08\x00\x00\x00\x00\x00", "gzip"),
        (b"\x7fELF\x02\x01\x01", "ELF"),
        (b"GIF89a\x01\x00", "GIF"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "JPEG"),
        (b"Plain words then a NUL\x00 byte.", "NUL byte at offset 22"),
    ],
)
def test_binary_is_skipped(tmp_path: Path, data: bytes, what: str) -> None:
    path = tmp_path / "blob.txt"
    path.write_bytes(data)
    [result] = run([path])
    assert isinstance(result, Skipped)
    assert result.code == "binary"
    assert what in result.reason


def test_text_starting_like_bzip2_magic_is_still_text() -> None:
    assert decode_bytes(b"BZh is not always bzip2.") == "BZh is not always bzip2."


@pytest.mark.parametrize(
    "data",
    [b"", b"   \n\t\r\n", b"\xef\xbb\xbf", b"\xef\xbb\xbf \n", b"\xff\xfe", b"\xfe\xff\x00 \x00\n"],
)
def test_empty_whitespace_and_bom_only_are_skipped(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(data)
    [result] = run([path])
    assert isinstance(result, Skipped) and result.code == "empty"


def test_crlf_is_kept(tmp_path: Path) -> None:
    path = tmp_path / "crlf.txt"
    path.write_bytes(b"First line.\r\nSecond line.\r\n")
    doc = read_path(path)
    assert doc.text == "First line.\r\nSecond line.\r\n"


def test_c0_and_c1_controls_become_spaces_offsets_kept(tmp_path: Path) -> None:
    path = tmp_path / "ctl.txt"
    raw = "Acme\x07 said\x1b[31m hi\x7f.\tTab\nnext \u0085line"
    path.write_bytes(raw.encode("utf-8"))
    doc = read_path(path)
    assert len(doc.text) == len(raw)
    assert doc.text == "Acme  said [31m hi .\tTab\nnext  line"
    assert doc.text.index("said") == raw.index("said")


def test_lone_surrogates_are_rejected() -> None:
    with pytest.raises(IngestError, match="surrogate"):
        document_from_text("Acme \ud800 Beta")


def test_document_from_text() -> None:
    doc = document_from_text("\ufeffAcme said hello.")
    assert doc.text == "Acme said hello."
    assert doc.name == "stdin"
    with pytest.raises(SkippedError) as info:
        document_from_text("  \n")
    assert info.value.skipped.code == "empty"


def test_document_from_bytes_meta_and_errors() -> None:
    meta = DocumentMeta(title="Given", publisher="Acme Wire")
    doc = document_from_bytes(b"Acme said hello.", name="n", source="mem", meta=meta)
    assert doc.meta.title == "Given" and doc.meta.source == "mem"
    with pytest.raises(IngestError):
        document_from_bytes(b"\x89PNG\r\n\x1a\nxxxx", name="n", source="mem")


def test_content_hash_is_stable_and_encoding_independent(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(ARTICLE.encode("utf-8"))
    (tmp_path / "b.txt").write_bytes(("\ufeff" + ARTICLE).encode("utf-16-le"))
    a, b = read_path(tmp_path / "a.txt"), read_path(tmp_path / "b.txt")
    assert a.id == b.id == document_id(ARTICLE)
    assert read_path(tmp_path / "a.txt").id == a.id


# --------------------------------------------------------------------------- file system


def test_missing_path_is_skipped_and_batch_continues(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text("Acme said hello.", encoding="utf-8")
    results = run([tmp_path / "nope.txt", good])
    assert isinstance(results[0], Skipped) and results[0].code == "missing"
    assert isinstance(results[1], Document)
    with pytest.raises(IngestError):
        read_path(tmp_path / "nope.txt")


def test_file_vanishing_between_listing_and_reading(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "gone.txt"
    path.write_text("Acme said hello.", encoding="utf-8")
    real_open = os.open

    def fake_open(p, *args, **kwargs):
        if os.fspath(p) == str(path):
            raise FileNotFoundError(2, "No such file or directory")
        return real_open(p, *args, **kwargs)

    monkeypatch.setattr(ingest.os, "open", fake_open)
    [result] = run([path])
    assert isinstance(result, Skipped) and result.code == "missing"


def test_unreadable_file_is_skipped(tmp_path: Path, monkeypatch) -> None:
    bad = tmp_path / "a_secret.txt"
    bad.write_text("Top secret.", encoding="utf-8")
    ok = tmp_path / "b_open.txt"
    ok.write_text("Acme said hello.", encoding="utf-8")
    real_open = os.open

    def fake_open(p, *args, **kwargs):
        if os.fspath(p).endswith("a_secret.txt"):
            raise PermissionError(13, "Permission denied")
        return real_open(p, *args, **kwargs)

    monkeypatch.setattr(ingest.os, "open", fake_open)
    results = run([tmp_path])
    assert isinstance(results[0], Skipped)
    assert results[0].code == "unreadable" and "EACCES" in results[0].reason
    assert isinstance(results[1], Document)


def test_read_error_is_unreadable(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "io.txt"
    path.write_text("Acme said hello.", encoding="utf-8")

    def fake_read(fd, n):
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(ingest.os, "read", fake_read)
    [result] = run([path])
    assert isinstance(result, Skipped) and result.code == "unreadable" and "EIO" in result.reason


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs mkfifo")
def test_fifo_is_skipped_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    (tmp_path / "real.txt").write_text("Acme said hello.", encoding="utf-8")
    results = in_thread(lambda: run([tmp_path]))
    assert [type(r) for r in results] == [Skipped, Document]
    assert results[0].code == "not-a-file" and "FIFO" in results[0].reason
    [explicit] = in_thread(lambda: run([fifo]))
    assert isinstance(explicit, Skipped) and explicit.code == "not-a-file"
    with pytest.raises(IngestError):
        in_thread(lambda: read_path(fifo))


@pytest.mark.skipif(not hasattr(socket, "AF_UNIX"), reason="needs unix sockets")
def test_socket_is_skipped(tmp_path: Path) -> None:
    path = tmp_path / "s.txt"
    if len(str(path)) > 100:
        pytest.skip("socket path too long")
    with socket.socket(socket.AF_UNIX) as sock:
        sock.bind(str(path))
        results = in_thread(lambda: run([tmp_path]))
    assert [r.code for r in skips(results)] == ["not-a-file"]


def test_symlink_loop_terminates(tmp_path: Path) -> None:
    root = tmp_path / "root"
    (root / "a").mkdir(parents=True)
    (root / "a" / "doc.txt").write_text("Acme said hello.", encoding="utf-8")
    os.symlink(root, root / "a" / "loop")
    os.symlink(root / "a", root / "a" / "self")
    (root / "b").mkdir()
    os.symlink(root / "b", root / "c")
    os.symlink(root / "c", root / "b" / "back")
    results = in_thread(lambda: run([root]))
    assert len(docs(results)) == 1
    assert all(r.code != "duplicate" for r in skips(results))


def test_dangling_symlink_is_skipped(tmp_path: Path) -> None:
    os.symlink(tmp_path / "nowhere.txt", tmp_path / "dangling.txt")
    os.symlink(tmp_path / "nowhere.bin", tmp_path / "dangling.bin")
    (tmp_path / "real.txt").write_text("Acme said hello.", encoding="utf-8")
    results = run([tmp_path])
    [skipped] = skips(results)
    assert skipped.code == "missing" and "dangling" in skipped.reason
    [explicit] = run([tmp_path / "dangling.txt"])
    assert isinstance(explicit, Skipped) and explicit.code == "missing"


def test_symlink_escaping_the_root_is_not_followed(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("Outside text.", encoding="utf-8")
    root = tmp_path / "root"
    root.mkdir()
    os.symlink(outside, root / "out")
    os.symlink(outside / "secret.txt", root / "link.txt")
    results = run([root])
    assert docs(results) == []
    assert {r.code for r in skips(results)} == {"outside-root"}


def test_directory_symlink_inside_root_is_followed_once(tmp_path: Path) -> None:
    (tmp_path / "real").mkdir()
    (tmp_path / "real" / "doc.txt").write_text("Acme said hello.", encoding="utf-8")
    os.symlink(tmp_path / "real", tmp_path / "alias")
    results = run([tmp_path])
    assert len(docs(results)) == 1


def test_too_large_is_skipped(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_bytes(b"word " * 100)
    [result] = run([path], max_bytes=100)
    assert isinstance(result, Skipped) and result.code == "too-large"


def test_sparse_huge_file_is_not_read(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with open(path, "wb") as f:
        f.truncate(10_000_000_000)
    [result] = in_thread(lambda: run([path], max_bytes=1_000_000))
    assert isinstance(result, Skipped) and result.code == "too-large"


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX file names")
def test_non_utf8_file_name(tmp_path: Path) -> None:
    raw = os.path.join(os.fsencode(tmp_path), b"caf\xe9.txt")
    with open(raw, "wb") as f:
        f.write(b"Acme said hello.")
    [doc] = docs(run([tmp_path]))
    assert doc.name == "caf\\xe9"
    doc.name.encode("utf-8")
    assert doc.meta.source is not None
    doc.meta.source.encode("utf-8")


# --------------------------------------------------------------------------- stdin


def test_stdin_bytes() -> None:
    [doc] = run(["-"], stdin=io.BytesIO(ARTICLE.encode("utf-8")))
    assert isinstance(doc, Document)
    assert doc.text == ARTICLE and doc.name == "stdin" and doc.meta.source == "-"


def test_stdin_latin1_binary_and_empty() -> None:
    with pytest.warns(IngestWarning):
        [doc] = run(["-"], stdin=io.BytesIO(b"caf\xe9 au lait"))
    assert isinstance(doc, Document) and doc.text == "caf\u00e9 au lait"
    [binary] = run(["-"], stdin=io.BytesIO(b"\x89PNG\r\n\x1a\n\x00"))
    assert isinstance(binary, Skipped) and binary.code == "binary" and binary.source == "-"
    [empty] = run(["-"], stdin=io.BytesIO(b""))
    assert isinstance(empty, Skipped) and empty.code == "empty"


def test_stdin_tty_is_a_usage_error() -> None:
    class Tty(io.BytesIO):
        def isatty(self) -> bool:
            return True

    with pytest.raises(UsageError) as info:
        run(["-"], stdin=Tty(b""))
    assert info.value.exit_code == 2
    assert isinstance(info.value, IngestError)


# --------------------------------------------------------------------------- duplicates


def test_duplicates_name_the_first_source(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(ARTICLE.encode("utf-8"))
    (tmp_path / "b.txt").write_bytes(ARTICLE.encode("utf-8"))
    (tmp_path / "c.txt").write_bytes(("\ufeff" + ARTICLE.replace("\n", "\r\n")).encode("utf-16-le"))
    results = run([tmp_path])
    assert isinstance(results[0], Document)
    assert [r.code for r in results[1:]] == ["duplicate", "duplicate"]
    assert all(str(tmp_path / "a.txt") in r.reason for r in results[1:])


def test_same_file_twice_is_a_duplicate(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("Acme said hello.", encoding="utf-8")
    first, second = run([path, path])
    assert isinstance(first, Document)
    assert isinstance(second, Skipped) and second.code == "duplicate"


# --------------------------------------------------------------------------- sidecars


def test_sidecar_metadata(tmp_path: Path) -> None:
    (tmp_path / "story.txt").write_text("Acme said hello.", encoding="utf-8")
    (tmp_path / "story.meta.json").write_text(
        json.dumps(
            {
                "title": "Acme speaks",
                "datePublished": "2024-11-18T09:30:00Z",
                "publisher": {"@type": "Organization", "name": "Example Wire"},
                "url": "https://news.example/acme",
            }
        ),
        encoding="utf-8",
    )
    doc = read_path(tmp_path / "story.txt")
    assert doc.meta == DocumentMeta(
        title="Acme speaks",
        published="2024-11-18",
        publisher="Example Wire",
        url="https://news.example/acme",
        source=str(tmp_path / "story.txt"),
    )


def test_sidecar_with_full_name_wins(tmp_path: Path) -> None:
    (tmp_path / "story.txt").write_text("Acme said hello.", encoding="utf-8")
    (tmp_path / "story.meta.json").write_text('{"title": "short"}', encoding="utf-8")
    (tmp_path / "story.txt.meta.json").write_text(
        '{"title": "full", "date": "Nov. 18, 2024"}', encoding="utf-8"
    )
    meta = read_sidecar(tmp_path / "story.txt")
    assert meta is not None and meta.title == "full" and meta.published == "2024-11-18"


@pytest.mark.parametrize("content", ["{not json", "[1, 2]", '"just a string"', "\xff"])
def test_malformed_sidecar_is_ignored_with_a_warning(tmp_path: Path, content: str) -> None:
    (tmp_path / "story.txt").write_text("Acme said hello.", encoding="utf-8")
    (tmp_path / "story.meta.json").write_bytes(content.encode("latin-1"))
    with pytest.warns(IngestWarning, match="sidecar"):
        [doc] = run([tmp_path])
    assert isinstance(doc, Document)
    assert doc.meta.title is None


def test_unparseable_sidecar_date_is_dropped_with_a_warning(tmp_path: Path) -> None:
    (tmp_path / "story.txt").write_text("Acme said hello.", encoding="utf-8")
    (tmp_path / "story.meta.json").write_text('{"title": "T", "date": "sometime soon"}', encoding="utf-8")
    with pytest.warns(IngestWarning, match="date"):
        doc = read_path(tmp_path / "story.txt")
    assert doc.meta.title == "T" and doc.meta.published is None


@pytest.mark.parametrize(
    ("raw", "iso"),
    [
        ("2024-11-18", "2024-11-18"),
        ("2024-11-18T10:00:00+03:00", "2024-11-18"),
        ("2024/11/18", "2024-11-18"),
        ("20241118", "2024-11-18"),
        ("18 November 2024", "2024-11-18"),
        ("November 18, 2024", "2024-11-18"),
        ("Nov. 18, 2024", "2024-11-18"),
        ("Monday, November 18th, 2024", "2024-11-18"),
        ("Mon, 18 Nov 2024 10:00:00 GMT", "2024-11-18"),
        ("2024-02-30", None),
        ("soon", None),
        (20241118, None),
    ],
)
def test_normalize_date(raw, iso) -> None:
    assert normalize_date(raw) == iso


# --------------------------------------------------------------------------- HTML


def test_html_script_style_and_comments_never_become_text(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(
        "<!DOCTYPE html><html><head><title>Quarterly results - Example Times</title>"
        '<meta property="article:published_time" content="2024-11-18T08:00:00Z">'
        '<link rel="canonical" href="https://times.example/q3">'
        '<script>var s = "Acme acquired Beta.";</script><style>p { color: red }</style></head><body>'
        "<nav>Home | World | Business</nav><article><h1>Quarterly results</h1>"
        "<p>The company said on Monday that profits rose sharply in the third quarter, beating forecasts.</p>"
        "<!-- Acme acquired Gamma. -->"
        "<script>document.write('Acme acquired Beta.')</script>"
        "<p>Analysts said the result was a surprise to many in the industry and the markets.</p>"
        "</article><footer>Share this article</footer></body></html>",
        encoding="utf-8",
    )
    doc = read_path(path)
    assert "profits rose sharply" in doc.text
    assert "Acme acquired" not in doc.text
    assert "color: red" not in doc.text
    assert doc.meta.published == "2024-11-18"
    assert doc.meta.url == "https://times.example/q3"
    assert doc.meta.title and "Quarterly results" in doc.meta.title


def test_html_fallback_when_extractor_finds_nothing() -> None:
    html = b"<p>Tiny.</p><script>Acme acquired Beta.</script><!-- Acme acquired Gamma. -->"
    doc = document_from_bytes(html, name="t", source="t.html", suffix=".html")
    assert "Tiny." in doc.text
    assert "Acme" not in doc.text


def test_html_fallback_parser_skips_script_and_decodes_entities_once() -> None:
    text, title = ingest._fallback_html_text(
        "<html><head><title>T &amp; U</title><script>Acme acquired Beta.</script></head>"
        "<body><noscript>Enable JS</noscript><p>Fish &amp;lt; chips</p></body></html>"
    )
    assert text == "Fish &lt; chips"
    assert title == "T & U"


def test_html_deep_nesting_is_fast(tmp_path: Path) -> None:
    depth = 10_000
    path = tmp_path / "deep.html"
    path.write_text(
        "<html><body>"
        + "<div>" * depth
        + "<p>Deep text survives the nesting of many div elements.</p>"
        + "</div>" * depth
        + "</body></html>",
        encoding="utf-8",
    )
    doc = in_thread(lambda: read_path(path), timeout=10)
    assert "Deep text survives" in doc.text


def test_html_meta_charset_is_honoured_when_not_utf8() -> None:
    html = '<html><head><meta charset="koi8-r"></head><body><p>Привет, мир</p></body></html>'
    with pytest.warns(IngestWarning, match="koi8"):
        doc = document_from_bytes(html.encode("koi8-r"), name="r", source="r.html", suffix=".html")
    assert "Привет, мир" in doc.text


# --------------------------------------------------------------------------- Markdown


def test_markdown_front_matter_is_furniture_and_metadata(tmp_path: Path) -> None:
    text = (
        "---\n"
        'title: "Acme buys Beta"\n'
        "date: 2024-11-18\n"
        "publisher: Example Wire  # the agency\n"
        "url: https://wire.example/acme\n"
        "tags: [a, b]\n"
        "---\n"
        "Acme Corp. said on Tuesday it had agreed to buy Beta Ltd.\n"
        "<script>Acme acquired Gamma.</script>\n"
    )
    path = tmp_path / "post.md"
    path.write_text(text, encoding="utf-8")
    doc = read_path(path)
    assert doc.text == text
    assert doc.meta.title == "Acme buys Beta"
    assert doc.meta.published == "2024-11-18"
    assert doc.meta.publisher == "Example Wire"
    assert doc.meta.url == "https://wire.example/acme"
    front = doc.furniture[0]
    assert front.start == 0 and doc.text[front.start : front.end].endswith("---")
    assert "title" not in doc.body and "Acme acquired Gamma" not in doc.body
    assert "Acme Corp. said on Tuesday" in doc.body


def test_markdown_sidecar_overrides_front_matter(tmp_path: Path) -> None:
    (tmp_path / "post.md").write_text("---\ntitle: From front\n---\nAcme said hello.\n", encoding="utf-8")
    (tmp_path / "post.meta.json").write_text('{"title": "From sidecar"}', encoding="utf-8")
    assert read_path(tmp_path / "post.md").meta.title == "From sidecar"


def test_markdown_front_matter_only_is_empty(tmp_path: Path) -> None:
    (tmp_path / "post.md").write_text("---\ntitle: Nothing\n---\n\n", encoding="utf-8")
    [result] = run([tmp_path / "post.md"])
    assert isinstance(result, Skipped) and result.code == "empty"


def test_horizontal_rule_in_txt_is_not_front_matter(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("---\nnot: front matter\n---\nAcme said hello.\n", encoding="utf-8")
    doc = read_path(tmp_path / "a.txt")
    assert doc.meta.title is None and doc.furniture == ()


# --------------------------------------------------------------------------- furniture


@pytest.mark.skipif(not SEED.exists(), reason="seed article not available")
def test_seed_article_furniture() -> None:
    doc = read_path(SEED)
    assert doc.text == SEED.read_bytes().decode("utf-8")
    marked = [s.text(doc.text) for s in doc.furniture]
    assert marked == ["MNA/", "Your Comment"]
    for span in doc.furniture:
        assert 0 <= span.start < span.end <= len(doc.text)
    # no real sentence is touched
    body_lines = [line for line in doc.body.splitlines() if line.strip()]
    text_lines = [line for line in doc.text.splitlines() if line.strip()]
    assert body_lines == text_lines[:-2]


@pytest.mark.parametrize(
    "line",
    [
        # agency tags / bylines
        "XNA/",
        "KNA/TASS/",
        "/IRNA/",
        "(Reuters)",
        "[AP]",
        "AFP —",
        "By Maria Ortega",
        "Reporting by Li Wei; Editing by Sam Brown",
        # comment prompts
        "Your Comment",
        "Leave a comment",
        "Leave a Reply",
        "Comments",
        "Comments (14)",
        "3 comments",
        "Be the first to comment",
        # share widgets
        "Share this article",
        "Share on Facebook",
        "Share",
        "Facebook Twitter WhatsApp Email",
        "Follow us on Telegram",
        # related / read more / tags
        "Related articles",
        "Read more",
        "Read more: Floods hit the coast",
        "You may also like",
        "Tags: economy, trade, Ruritania",
        "Topics: Elections",
        # ads / subscribe / click / copyright
        "Advertisement",
        "- ADVERTISEMENT -",
        "Subscribe to our newsletter",
        "Sign up for the morning briefing",
        "Click here to read the full report",
        "© 2024 Example Daily",
        "Copyright 2023 Example Media Group",
        "All rights reserved.",
    ],
)
def test_furniture_classes(line: str) -> None:
    assert is_furniture_line(line)
    text = f"The minister said the talks would continue next week.\n{line}\n"
    [span] = find_furniture(text)
    assert span.text(text) == line


@pytest.mark.parametrize(
    "line",
    [
        "He declined to comment.",
        "No comment was given.",
        "The talks continue.",
        "Share prices fell 3%.",
        "Related talks are planned for May.",
        "Subscribers were not affected by the outage, officials said on Monday.",
        "by the end of the year",
        "USA",
        "Copyright law was changed.",
        "The comments drew criticism.",
        "(He did not elaborate.)",
    ],
)
def test_real_sentences_are_not_furniture(line: str) -> None:
    assert not is_furniture_line(line)
    text = f"The minister said the talks would continue next week.\n{line}"
    assert find_furniture(text) == ()


def test_furniture_only_at_the_edges_except_advertisement() -> None:
    text = (
        "By Maria Ortega\n"
        "\n"
        "Ruritania's parliament approved the budget on Friday.\n"
        "Read more\n"
        "Advertisement\n"
        "The opposition said it would challenge the vote.\n"
        "He declined to comment.\n"
        "\n"
        "XNA/\r\n"
        "Share on Facebook\r\n"
        "Your Comment"
    )
    spans = find_furniture(text)
    marked = [s.text(text) for s in spans]
    assert marked == ["By Maria Ortega", "Advertisement", "XNA/", "Share on Facebook", "Your Comment"]
    for span in spans:
        assert 0 <= span.start < span.end <= len(text)
        assert "\n" not in span.text(text) and "\r" not in span.text(text)


def test_long_lines_are_never_furniture() -> None:
    line = "Share this article with everyone you know because it matters a great deal"
    assert not is_furniture_line(line)


def test_document_body_blanks_furniture_keeping_offsets() -> None:
    doc = document_from_text("Acme said hello.\nAFP/\nYour Comment\n", name="x")
    assert len(doc.body) == len(doc.text)
    assert doc.body.rstrip() == "Acme said hello."
    assert [s.text(doc.text) for s in doc.furniture] == ["AFP/", "Your Comment"]


def test_import_does_not_pull_heavy_modules() -> None:
    import subprocess

    code = (
        "import sys, graph; before = set(sys.modules); import graph.ingest; "
        "new = set(sys.modules) - before; "
        "print(sorted(m for m in new if m.split('.')[0] in ('trafilatura', 'spacy', 'rdflib', 'lxml')))"
    )
    root = Path(__file__).resolve().parents[2]
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=root)
    assert out.stdout.strip() == "[]"


# --------------------------------------------------------------------------- properties


@settings(max_examples=300, deadline=None)
@given(data=st.binary(max_size=400), suffix=st.sampled_from([".txt", ".md", ".html"]))
def test_any_bytes_give_a_document_or_a_skip(data: bytes, suffix: str) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            doc = document_from_bytes(data, name="x", source="x" + suffix, suffix=suffix)
        except SkippedError as exc:
            assert exc.skipped.code in {"binary", "undecodable", "empty"}
            return
    assert (
        b"\x00" not in data[:8192]
        or data[:2] in (b"\xff\xfe", b"\xfe\xff")
        or data.startswith(b"\x00\x00\xfe\xff")
    )
    assert not any(ch < " " and ch not in "\t\n\r" for ch in doc.text)
    assert not any("\x7f" <= ch <= "\x9f" for ch in doc.text)
    for span in doc.furniture:
        assert 0 <= span.start <= span.end <= len(doc.text)


@settings(max_examples=200, deadline=None)
@given(text=st.text(max_size=300))
def test_utf8_text_round_trips_exactly(text: str) -> None:
    assume(text.strip() and not text.startswith("\ufeff"))
    assume(not any((ch < " " and ch not in "\t\n\r") or "\x7f" <= ch <= "\x9f" for ch in text))
    assume("\x00" not in text)
    try:
        doc = document_from_bytes(text.encode("utf-8"), name="x", source="x")
    except SkippedError as exc:
        assert exc.skipped.code in {"binary", "undecodable"}
        return
    assert doc.text == text
