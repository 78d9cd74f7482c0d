"""PostgreSQL schema, versioned like the SQLite one: MIGRATIONS[n-1] takes a database from version n-1 to n.

The same tables as SQLite (store/schema.py) in PostgreSQL's terms: JSON in jsonb, storage order in a
sequence column, full text in a tsvector column that the store fills (the language's stemming plus exact
words, accents folded), vectors in a pgvector column with an HNSW index per dimension (store/postgres.py
creates it when vectors of a new dimension first arrive). Never edit a released migration; append one.
"""

MIGRATIONS: list[str] = [
    # 1: everything SQLite's v1–v4 have
    """
    CREATE EXTENSION IF NOT EXISTS vector;
    CREATE TABLE documents (
        id TEXT PRIMARY KEY,
        uri TEXT NOT NULL UNIQUE,
        content_type TEXT NOT NULL,
        encoding TEXT,
        sha256 TEXT NOT NULL,
        pipeline TEXT NOT NULL,
        title TEXT,
        text TEXT,
        metadata JSONB,
        warnings JSONB,
        ingested_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    );
    CREATE TABLE items (
        seq BIGSERIAL UNIQUE,  -- storage order (SQLite's rowid)
        id TEXT PRIMARY KEY,
        document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        title TEXT,
        text TEXT NOT NULL,
        caption TEXT,
        language TEXT,
        content_key TEXT NOT NULL,
        record TEXT NOT NULL,  -- the item's record as canonical JSON: unchanged items compare equal as text
        doc JSONB GENERATED ALWAYS AS (record::jsonb) STORED,  -- the same, for filters
        vector_key TEXT,  -- text key of the passage its vector was computed from
        relevance REAL,
        initiative INTEGER NOT NULL DEFAULT 1,
        fts TSVECTOR,
        updated_at TEXT NOT NULL
    );
    CREATE INDEX items_document ON items(document_id, position);
    CREATE INDEX items_content_key ON items(content_key);
    CREATE INDEX items_vector_key ON items(vector_key);
    CREATE INDEX items_fts ON items USING gin(fts);
    CREATE TABLE mentions (
        id BIGSERIAL PRIMARY KEY,
        item_id TEXT NOT NULL REFERENCES items(id) ON DELETE CASCADE,
        type TEXT NOT NULL,
        field TEXT NOT NULL DEFAULT 'text',
        start INTEGER,
        "end" INTEGER,
        text TEXT,
        key TEXT,
        country TEXT,
        value DOUBLE PRECISION,
        extractor TEXT,
        confidence DOUBLE PRECISION,
        data JSONB
    );
    CREATE INDEX mentions_item ON mentions(item_id);
    CREATE INDEX mentions_type_key ON mentions(type, key);
    CREATE TABLE cases (
        seq BIGSERIAL UNIQUE,  -- creation order
        id TEXT PRIMARY KEY,
        title TEXT NOT NULL,
        summary TEXT,
        languages JSONB,
        titles JSONB,
        initiative INTEGER NOT NULL DEFAULT 1,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    );
    CREATE INDEX cases_order ON cases(created_at, seq);
    CREATE INDEX cases_updated ON cases(updated_at);
    CREATE INDEX cases_initiative ON cases(initiative);
    CREATE TABLE case_items (
        item_id TEXT PRIMARY KEY REFERENCES items(id) ON DELETE CASCADE,
        case_id TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
        reason TEXT NOT NULL,
        score DOUBLE PRECISION,
        matched TEXT,
        evidence JSONB
    );
    CREATE INDEX case_items_case ON case_items(case_id);
    CREATE TABLE vectors (
        key TEXT NOT NULL,
        model TEXT NOT NULL,
        dim INTEGER NOT NULL,
        embedding VECTOR NOT NULL,
        PRIMARY KEY (key, model)
    );
    CREATE TABLE resolve_keys (
        key TEXT NOT NULL,
        item_id TEXT NOT NULL REFERENCES items(id) ON DELETE CASCADE,
        PRIMARY KEY (key, item_id)
    );
    CREATE INDEX resolve_keys_item ON resolve_keys(item_id);
    CREATE TABLE case_history (
        id BIGSERIAL PRIMARY KEY,
        item_id TEXT NOT NULL,
        case_id TEXT NOT NULL,
        previous_case TEXT,
        reason TEXT NOT NULL,
        score DOUBLE PRECISION,
        matched TEXT,
        evidence JSONB,
        actor TEXT NOT NULL DEFAULT 'auto',
        created_at TEXT NOT NULL
    );
    CREATE INDEX case_history_item ON case_history(item_id);
    CREATE INDEX case_history_case ON case_history(case_id);
    CREATE INDEX case_history_previous ON case_history(previous_case);
    CREATE TABLE decisions (
        id BIGSERIAL PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('merge', 'split')),
        item_a TEXT NOT NULL,
        item_b TEXT NOT NULL,
        created_at TEXT NOT NULL
    );
    CREATE INDEX decisions_a ON decisions(item_a);
    CREATE INDEX decisions_b ON decisions(item_b);
    CREATE TABLE sources (
        url TEXT PRIMARY KEY,
        name TEXT,
        kind TEXT,
        etag TEXT,
        last_modified TEXT,
        pages INTEGER,
        last_checked TEXT,
        last_success TEXT,
        last_error TEXT,
        errors INTEGER NOT NULL DEFAULT 0
    );
    CREATE TABLE watch_runs (id BIGSERIAL PRIMARY KEY, started_at TEXT NOT NULL, finished_at TEXT);
    CREATE TABLE promotions (item_id TEXT PRIMARY KEY, created_at TEXT NOT NULL);
    """,
    # 2 (SQLite's v5): curation over the web — API tokens (only a hash of each secret), who did what and when
    # (audit), human corrections of a field and review verdicts; keyed by item ids, without foreign keys, so
    # they outlive re-ingest and re-resolution like the decisions
    """
    CREATE TABLE tokens (
        id BIGSERIAL PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        role TEXT NOT NULL CHECK (role IN ('curator', 'admin')),
        hash TEXT NOT NULL UNIQUE,  -- sha256 of the secret, hex; the secret itself is shown once and never kept
        created_at TEXT NOT NULL,
        revoked_at TEXT,
        last_used_at TEXT
    );
    CREATE TABLE audit (
        id BIGSERIAL PRIMARY KEY,
        actor TEXT NOT NULL,  -- the token's name, or 'local' for the CLI and Python
        action TEXT NOT NULL,  -- merge, split, promote, correct, ingest, review, token
        target TEXT NOT NULL,  -- the case, item or document acted on
        payload JSONB,  -- what was asked and what came of it
        created_at TEXT NOT NULL
    );
    CREATE INDEX audit_target ON audit(target);
    CREATE TABLE corrections (
        item_id TEXT NOT NULL,
        field TEXT NOT NULL,  -- country, title, …
        value JSONB,
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
    # 3 (SQLite's v6): reading fast at 100,000 cases — each case's facet values (kept by the store whenever a case
    # changes, filled from the items when migrating), the case listings' order per initiative flag, and a counter
    # that every change of the cases bumps (the web API's cached counts are valid while it stands; writers take
    # the store's write lock already, so its one row makes nobody wait)
    """
    CREATE TABLE case_facets (
        field TEXT NOT NULL,
        value TEXT NOT NULL,
        case_id TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
        label TEXT,
        PRIMARY KEY (field, value, case_id)
    );
    -- a case's values, read from the index alone
    CREATE INDEX case_facets_case ON case_facets(case_id, field, value, label);
    CREATE INDEX cases_listed_created ON cases(initiative, created_at, id);
    CREATE INDEX cases_listed_updated ON cases(initiative, updated_at, id);
    -- facet counts join cases by id, and need only this of them
    CREATE INDEX cases_id_initiative ON cases(id, initiative);
    -- the counts of stats (and the health check), without reading the items' records
    CREATE INDEX items_id_initiative ON items(id, initiative);
    CREATE INDEX items_initiative_language ON items(initiative, language);
    CREATE TABLE data_version (n BIGINT NOT NULL);
    INSERT INTO data_version VALUES (0);
    CREATE FUNCTION civicatlas_next_version() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        UPDATE data_version SET n = n + 1;
        RETURN NULL;
    END $$;
    CREATE TRIGGER cases_version AFTER INSERT OR UPDATE OR DELETE ON cases
        FOR EACH STATEMENT EXECUTE FUNCTION civicatlas_next_version();
    """,
    # 4: the vectors of each model, counted as they come and go: which model most vectors are from is asked before
    # every search by meaning, and counting them all took 19 ms at 100,000 cases
    """
    CREATE TABLE vector_models (model TEXT PRIMARY KEY, n BIGINT NOT NULL);
    INSERT INTO vector_models SELECT model, COUNT(*) FROM vectors GROUP BY model;
    CREATE FUNCTION civicatlas_count_vectors() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'INSERT' THEN
            INSERT INTO vector_models SELECT model, COUNT(*) FROM added GROUP BY model
                ON CONFLICT (model) DO UPDATE SET n = vector_models.n + excluded.n;
        ELSE
            UPDATE vector_models v SET n = v.n - gone.n
                FROM (SELECT model, COUNT(*) AS n FROM removed GROUP BY model) gone WHERE v.model = gone.model;
        END IF;
        RETURN NULL;
    END $$;
    CREATE TRIGGER vectors_added AFTER INSERT ON vectors REFERENCING NEW TABLE AS added
        FOR EACH STATEMENT EXECUTE FUNCTION civicatlas_count_vectors();
    CREATE TRIGGER vectors_removed AFTER DELETE ON vectors REFERENCING OLD TABLE AS removed
        FOR EACH STATEMENT EXECUTE FUNCTION civicatlas_count_vectors();
    """,
    # 5: each vector's lift under the prior search ranks its model by (store.base.Prior.lift), so that the HNSW
    # index ranks by search's CSLS itself (store/postgres.py); it replaces the index by cosine, which served
    # searches by CSLS only through four times as many vectors ranked again (~130 ms a faceted search at 100k)
    """
    ALTER TABLE vectors ADD COLUMN lift REAL;
    CREATE TABLE vector_priors (model TEXT PRIMARY KEY, prior TEXT NOT NULL);
    CREATE INDEX vectors_unlifted ON vectors(model) WHERE lift IS NULL;
    DO $$
    DECLARE r record;
    BEGIN
        FOR r IN SELECT indexname FROM pg_indexes
                 WHERE tablename = 'vectors' AND indexname LIKE 'vectors\\_hnsw\\_%' LOOP
            EXECUTE 'DROP INDEX ' || quote_ident(r.indexname);
        END LOOP;
    END $$;
    """,
]
