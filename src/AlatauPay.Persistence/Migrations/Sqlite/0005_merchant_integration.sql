-- Merchant integration: scoped API keys, Idempotency-Key records, webhook endpoints and their deliveries.

-- A key is kept only as the SHA-256 of its secret; the hint (prefix and last characters) lets an
-- operator recognise a key in a list without the list revealing it.
CREATE TABLE api_keys (
    seq         INTEGER PRIMARY KEY AUTOINCREMENT,
    id          TEXT NOT NULL UNIQUE,
    secret_hash TEXT NOT NULL UNIQUE,
    hint        TEXT NOT NULL,
    scopes      TEXT NOT NULL,
    departments TEXT,
    created_at  TEXT NOT NULL,
    revoked_at  TEXT
) STRICT;

-- Written in the same transaction as the request's effect: a row exists exactly when the effect committed.
CREATE TABLE idempotency_records (
    owner           TEXT NOT NULL,
    idempotency_key TEXT NOT NULL,
    fingerprint     TEXT NOT NULL,
    status          INTEGER NOT NULL,
    content_type    TEXT,
    location        TEXT,
    body            BLOB NOT NULL,
    created_at      TEXT NOT NULL,
    expires_at      TEXT NOT NULL,
    PRIMARY KEY (owner, idempotency_key)
) STRICT;

CREATE INDEX ix_idempotency_records_expiry ON idempotency_records (expires_at);

-- after_event_seq: the endpoint receives only events recorded after it was registered.
CREATE TABLE webhook_endpoints (
    seq                   INTEGER PRIMARY KEY AUTOINCREMENT,
    id                    TEXT NOT NULL UNIQUE,
    url                   TEXT NOT NULL,
    event_types           TEXT NOT NULL,
    departments           TEXT,
    secret                TEXT NOT NULL,
    previous_secret       TEXT,
    previous_secret_until TEXT,
    status                TEXT NOT NULL CHECK (status IN ('enabled', 'disabled', 'deleted')),
    disabled_reason       TEXT,
    failing_since         TEXT,
    after_event_seq       INTEGER NOT NULL,
    created_at            TEXT NOT NULL
) STRICT;

-- One row per (endpoint, event) to send, and per redelivery; the retry schedule lives here, so a
-- restart neither loses a retry nor resets its backoff.
CREATE TABLE webhook_deliveries (
    seq             INTEGER PRIMARY KEY AUTOINCREMENT,
    id              TEXT NOT NULL UNIQUE,
    endpoint_id     TEXT NOT NULL REFERENCES webhook_endpoints (id),
    event_id        TEXT NOT NULL REFERENCES outbox_events (id),
    status          TEXT NOT NULL CHECK (status IN ('pending', 'delivered', 'failed')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT NOT NULL,
    last_attempt_at TEXT,
    created_at      TEXT NOT NULL
) STRICT;

CREATE INDEX ix_webhook_deliveries_endpoint ON webhook_deliveries (endpoint_id, seq);
CREATE INDEX ix_webhook_deliveries_pending ON webhook_deliveries (endpoint_id, seq) WHERE status = 'pending';

CREATE TABLE webhook_attempts (
    delivery_id  TEXT NOT NULL REFERENCES webhook_deliveries (id),
    number       INTEGER NOT NULL,
    attempted_at TEXT NOT NULL,
    status_code  INTEGER,
    error        TEXT,
    duration_ms  INTEGER NOT NULL,
    PRIMARY KEY (delivery_id, number)
) STRICT;

-- How far the dispatcher has fanned outbox events out into deliveries.
CREATE TABLE webhook_fanout (
    id             INTEGER PRIMARY KEY CHECK (id = 1),
    last_event_seq INTEGER NOT NULL
) STRICT;

INSERT INTO webhook_fanout (id, last_event_seq) VALUES (1, 0);
