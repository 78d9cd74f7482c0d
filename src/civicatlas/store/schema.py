"""SQLite schema, versioned from the first day: MIGRATIONS[n-1] takes a database from version n-1 to n.

Plain tables and an FTS5 index, so the file opens in Datasette unchanged. Never edit a released
migration; append a new one.
"""

MIGRATIONS: list[str] = [
    # 1: documents, items, mentions, cases, vectors, full text
    """
    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
    CREATE TABLE documents (
        id TEXT PRIMARY KEY,
        uri TEXT NOT NULL UNIQUE,
        content_type TEXT NOT NULL,
        encoding TEXT,
        sha256 TEXT NOT NULL,
        pipeline TEXT NOT NULL,
        title TEXT,
        text TEXT,
        metadata TEXT,  -- JSON: topics, labels, page shape
        warnings TEXT,  -- JSON list
        ingested_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    );
    CREATE TABLE items (
        id TEXT PRIMARY KEY,
        document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        title TEXT,
        text TEXT NOT NULL,
        caption TEXT,
        language TEXT,
        content_key TEXT NOT NULL,  -- hash of the normalised title+text: exact duplicates share it
        record TEXT NOT NULL,  -- JSON: the item in the extract contract, with every mention
        updated_at TEXT NOT NULL
    );
    CREATE INDEX items_document ON items(document_id, position);
    CREATE INDEX items_content_key ON items(content_key);
    CREATE TABLE mentions (
        id INTEGER PRIMARY KEY,
        item_id TEXT NOT NULL REFERENCES items(id) ON DELETE CASCADE,
        type TEXT NOT NULL,  -- place, amount, count, date, actor, theme, credit
        field TEXT NOT NULL DEFAULT 'text',
        start INTEGER,
        "end" INTEGER,
        text TEXT,
        key TEXT,  -- what the mention resolves to: geonameid, ISO currency, ISO date, actor name, theme key
        country TEXT,
        value REAL,
        extractor TEXT,
        confidence REAL,
        data TEXT  -- JSON: the whole mention
    );
    CREATE INDEX mentions_item ON mentions(item_id);
    CREATE INDEX mentions_type_key ON mentions(type, key);
    CREATE TABLE cases (
        id TEXT PRIMARY KEY,
        title TEXT NOT NULL,
        summary TEXT,
        languages TEXT,  -- JSON list
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    );
    CREATE TABLE case_items (
        item_id TEXT PRIMARY KEY REFERENCES items(id) ON DELETE CASCADE,
        case_id TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
        reason TEXT NOT NULL,  -- why the item is in this case: new, exact, …
        score REAL
    );
    CREATE INDEX case_items_case ON case_items(case_id);
    CREATE TABLE vectors (
        key TEXT NOT NULL,  -- sha256 of the exact text embedded
        model TEXT NOT NULL,  -- encoder name and version
        dim INTEGER NOT NULL,
        vector BLOB NOT NULL,  -- float32, little-endian
        PRIMARY KEY (key, model)
    );
    -- content="items" in double quotes is how Datasette recognises the index of a table
    CREATE VIRTUAL TABLE items_fts USING fts5(
        title, text, caption, content="items", content_rowid="rowid", tokenize="unicode61 remove_diacritics 2"
    );
    CREATE TRIGGER items_ai AFTER INSERT ON items BEGIN
        INSERT INTO items_fts(rowid, title, text, caption) VALUES (new.rowid, new.title, new.text, new.caption);
    END;
    CREATE TRIGGER items_ad AFTER DELETE ON items BEGIN
        INSERT INTO items_fts(items_fts, rowid, title, text, caption)
        VALUES ('delete', old.rowid, old.title, old.text, old.caption);
    END;
    CREATE TRIGGER items_au AFTER UPDATE ON items BEGIN
        INSERT INTO items_fts(items_fts, rowid, title, text, caption)
        VALUES ('delete', old.rowid, old.title, old.text, old.caption);
        INSERT INTO items_fts(rowid, title, text, caption) VALUES (new.rowid, new.title, new.text, new.caption);
    END;
    """,
    # 2: resolution — lookup keys for duplicate candidates, why each item is in its case, merge history,
    # human decisions, and the best title/summary of a case per language
    """
    CREATE TABLE resolve_keys (
        key TEXT NOT NULL,  -- b:<LSH band>, p:<city geonameid>, a:<currency>:<value>, n:<figure>, h:<person>
        item_id TEXT NOT NULL REFERENCES items(id) ON DELETE CASCADE,
        PRIMARY KEY (key, item_id)
    ) WITHOUT ROWID;
    CREATE INDEX resolve_keys_item ON resolve_keys(item_id);
    -- matched: the item this one was found to duplicate; evidence: JSON (containment, cosine, shared anchors)
    ALTER TABLE case_items ADD COLUMN matched TEXT;
    ALTER TABLE case_items ADD COLUMN evidence TEXT;
    -- titles: JSON, language -> {title, summary, item}: the best of the case's items in each language
    ALTER TABLE cases ADD COLUMN titles TEXT;
    CREATE TABLE case_history (
        id INTEGER PRIMARY KEY,
        item_id TEXT NOT NULL,  -- no foreign keys: history outlives the items it speaks of
        case_id TEXT NOT NULL,
        previous_case TEXT,
        reason TEXT NOT NULL,  -- new, exact, near, semantic, crosslingual, human
        score REAL,
        matched TEXT,
        evidence TEXT,
        actor TEXT NOT NULL DEFAULT 'auto',  -- auto (the resolver) or human (merge/split)
        created_at TEXT NOT NULL
    );
    CREATE INDEX case_history_item ON case_history(item_id);
    CREATE INDEX case_history_case ON case_history(case_id);
    CREATE TABLE decisions (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('merge', 'split')),  -- merge: same initiative; split: not
        item_a TEXT NOT NULL,  -- item ids, not case ids: decisions survive re-ingest and re-resolution
        item_b TEXT NOT NULL,
        created_at TEXT NOT NULL
    );
    CREATE INDEX decisions_a ON decisions(item_a);
    CREATE INDEX decisions_b ON decisions(item_b);
    """,
    # 3: web sources that `watch` follows (each with its last success and error, and its own validators, kept
    # only once its pages are stored) and the runs of `watch`, so a digest covers everything since the last
    # finished run
    """
    CREATE TABLE sources (
        url TEXT PRIMARY KEY,
        name TEXT,
        kind TEXT,  -- page, feed, sitemap (what the URL turned out to be)
        etag TEXT,
        last_modified TEXT,
        pages INTEGER,  -- pages found at the last success
        last_checked TEXT,
        last_success TEXT,
        last_error TEXT,  -- NULL when the last check had no error
        errors INTEGER NOT NULL DEFAULT 0  -- errors at the last check
    );
    CREATE TABLE watch_runs (id INTEGER PRIMARY KEY, started_at TEXT NOT NULL, finished_at TEXT);
    CREATE INDEX cases_updated ON cases(updated_at);
    """,
    # 4: relevance — non-initiatives (recipes, sport, road closures…) are stored but set aside; a curator may
    # promote one, a decision kept across re-ingest like merge/split
    """
    -- the relevance enricher's score; NULL when not judged
    ALTER TABLE items ADD COLUMN relevance REAL;
    -- 1: an initiative (so judged, promoted, or not judged: items stored before relevance stay cases); 0: set aside
    ALTER TABLE items ADD COLUMN initiative INTEGER NOT NULL DEFAULT 1;
    -- 1 when at least one of the case's items is an initiative: listings, search, export and stats show these
    ALTER TABLE cases ADD COLUMN initiative INTEGER NOT NULL DEFAULT 1;
    CREATE INDEX cases_initiative ON cases(initiative);
    CREATE TABLE promotions (
        item_id TEXT PRIMARY KEY,  -- no foreign key: the decision outlives a re-ingest that rewrites the item
        created_at TEXT NOT NULL
    );
    """,
    # 5: curation over the web — API tokens (only a hash of each secret), who did what and when (audit),
    # human corrections of a field and review verdicts; keyed by item ids, without foreign keys, so they
    # outlive re-ingest and re-resolution like the decisions
    """
    CREATE TABLE tokens (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        role TEXT NOT NULL CHECK (role IN ('curator', 'admin')),
        hash TEXT NOT NULL UNIQUE,  -- sha256 of the secret, hex; the secret itself is shown once and never kept
        created_at TEXT NOT NULL,
        revoked_at TEXT,
        last_used_at TEXT
    );
    CREATE TABLE audit (
        id INTEGER PRIMARY KEY,
        actor TEXT NOT NULL,  -- the token's name, or 'local' for the CLI and Python
        action TEXT NOT NULL,  -- merge, split, promote, correct, ingest, review, token
        target TEXT NOT NULL,  -- the case, item or document acted on
        payload TEXT,  -- JSON: what was asked and what came of it
        created_at TEXT NOT NULL
    );
    CREATE INDEX audit_target ON audit(target);
    CREATE TABLE corrections (
        item_id TEXT NOT NULL,
        field TEXT NOT NULL,  -- country, title, …
        value TEXT,  -- JSON
        actor TEXT NOT NULL,
        created_at TEXT NOT NULL,
        PRIMARY KEY (item_id, field)
    );
    CREATE TABLE reviews (
        kind TEXT NOT NULL,  -- merge, place, amount, country
        target TEXT NOT NULL,  -- merge: item id; place, amount: item:type:field:start; country: case id
        verdict TEXT NOT NULL CHECK (verdict IN ('accept', 'reject')),
        actor TEXT NOT NULL,
        created_at TEXT NOT NULL,
        PRIMARY KEY (kind, target)
    );
    """,
    # 6: reading fast at 100,000 cases — each case's facet values (what filters and facet counts read, kept by
    # the store whenever a case changes, filled from the items when migrating), the case listings' order per
    # initiative flag, merged-away cases by their successor, and a counter that every change of a case bumps
    # (the web API's cached counts are valid while it stands)
    """
    CREATE TABLE case_facets (
        field TEXT NOT NULL,  -- a facet field (store.base.FACETS)
        value TEXT NOT NULL,
        case_id TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
        label TEXT,  -- a place's name
        PRIMARY KEY (field, value, case_id)
    ) WITHOUT ROWID;
    -- a case's values, read from the index alone
    CREATE INDEX case_facets_case ON case_facets(case_id, field, value, label);
    CREATE INDEX cases_listed_created ON cases(initiative, created_at, id);
    CREATE INDEX cases_listed_updated ON cases(initiative, updated_at, id);
    -- facet counts join cases by id, and need only this of them
    CREATE INDEX cases_id_initiative ON cases(id, initiative);
    -- the counts of stats (and the health check), without reading the items' records
    CREATE INDEX items_id_initiative ON items(id, initiative);
    CREATE INDEX items_initiative_language ON items(initiative, language);
    CREATE INDEX case_history_previous ON case_history(previous_case);
    CREATE TABLE data_version (n INTEGER NOT NULL);
    INSERT INTO data_version VALUES (0);
    CREATE TRIGGER cases_version_ai AFTER INSERT ON cases BEGIN UPDATE data_version SET n = n + 1; END;
    CREATE TRIGGER cases_version_au AFTER UPDATE ON cases BEGIN UPDATE data_version SET n = n + 1; END;
    CREATE TRIGGER cases_version_ad AFTER DELETE ON cases BEGIN UPDATE data_version SET n = n + 1; END;
    """,
    # 7: the key of each item's vector (text_key of its passage), so nearest neighbours join vectors to items
    # without hashing every item's text (the ANN index, store/ann.py); filled in for stored items by the store
    """
    ALTER TABLE items ADD COLUMN vector_key TEXT;
    CREATE INDEX items_vector_key ON items(vector_key, id);  -- covering: nearest() reads no item row
    """,
    # 8: the items whose words changed or that were removed, in order, so the word index beside a large database
    # (store/word_index.py) takes in what changed since it last looked
    """
    CREATE TABLE item_changes (seq INTEGER PRIMARY KEY, item_rowid INTEGER NOT NULL);
    CREATE TRIGGER items_changed_ad AFTER DELETE ON items BEGIN
        INSERT INTO item_changes (item_rowid) VALUES (old.rowid);
    END;
    CREATE TRIGGER items_changed_au AFTER UPDATE OF title, text, caption ON items
    WHEN old.title IS NOT new.title OR old.text IS NOT new.text OR old.caption IS NOT new.caption BEGIN
        INSERT INTO item_changes (item_rowid) VALUES (old.rowid);
    END;
    """,
]
VECTOR_KEYS = 7  # the migration after which the store fills in items.vector_key
