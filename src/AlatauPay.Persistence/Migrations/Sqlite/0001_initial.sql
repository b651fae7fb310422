-- Amounts are TEXT holding the integer count of the smallest unit: exact at any size, wei included.
-- Times are TEXT in UTC ISO 8601 with 7 fractional digits, so they sort as they compare.

CREATE TABLE departments (
    code         TEXT PRIMARY KEY,
    name         TEXT NOT NULL,
    speed_policy TEXT NOT NULL,
    created_at   TEXT NOT NULL
) STRICT;

CREATE TABLE department_services (
    department_code TEXT NOT NULL REFERENCES departments (code),
    position        INTEGER NOT NULL,
    code            TEXT NOT NULL,
    name            TEXT NOT NULL,
    PRIMARY KEY (department_code, code)
) STRICT;

CREATE TABLE department_wallets (
    department_code TEXT NOT NULL REFERENCES departments (code),
    chain           TEXT NOT NULL,
    extended_key    TEXT NOT NULL,
    fingerprint     TEXT NOT NULL,
    network         TEXT NOT NULL,
    next_index      INTEGER NOT NULL DEFAULT 0 CHECK (next_index >= 0),
    PRIMARY KEY (department_code, chain)
) STRICT;

CREATE TABLE invoices (
    seq             INTEGER PRIMARY KEY AUTOINCREMENT,
    id              TEXT NOT NULL UNIQUE,
    department_code TEXT NOT NULL REFERENCES departments (code),
    service_code    TEXT NOT NULL,
    payer_account   TEXT NOT NULL,
    payer_name      TEXT,
    amount_currency TEXT NOT NULL,
    amount_minor    TEXT NOT NULL,
    description     TEXT,
    metadata_json   TEXT NOT NULL,
    status          TEXT NOT NULL,
    flags           INTEGER NOT NULL,
    created_at      TEXT NOT NULL,
    expires_at      TEXT NOT NULL,
    version         INTEGER NOT NULL
) STRICT;

CREATE INDEX ix_invoices_department ON invoices (department_code, seq);
CREATE INDEX ix_invoices_status ON invoices (status, seq);
CREATE INDEX ix_invoices_open_expiry ON invoices (expires_at) WHERE status IN ('new', 'processing');

CREATE TABLE invoice_payment_methods (
    invoice_id       TEXT NOT NULL REFERENCES invoices (id),
    position         INTEGER NOT NULL,
    method           TEXT NOT NULL,
    department_code  TEXT NOT NULL,
    rate_units       TEXT NOT NULL,
    rate_scale       INTEGER NOT NULL,
    rate_source      TEXT NOT NULL,
    quoted_at        TEXT NOT NULL,
    due_minor        TEXT NOT NULL,
    paid_minor       TEXT NOT NULL,
    destination      TEXT NOT NULL,
    derivation_index INTEGER,
    payment_uri      TEXT NOT NULL,
    PRIMARY KEY (invoice_id, method)
) STRICT;

-- A deposit address belongs to one invoice, and a derivation index is issued once per department and method.
CREATE UNIQUE INDEX ux_payment_destination ON invoice_payment_methods (method, destination);
CREATE UNIQUE INDEX ux_payment_derivation ON invoice_payment_methods (department_code, method, derivation_index)
    WHERE derivation_index IS NOT NULL;

CREATE TABLE ledger_entries (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    entry_key    TEXT NOT NULL UNIQUE,
    invoice_id   TEXT,
    description  TEXT NOT NULL,
    effective_at TEXT NOT NULL,
    recorded_at  TEXT NOT NULL
) STRICT;

CREATE INDEX ix_ledger_entries_invoice ON ledger_entries (invoice_id) WHERE invoice_id IS NOT NULL;

CREATE TABLE ledger_postings (
    entry_id     INTEGER NOT NULL REFERENCES ledger_entries (id),
    line         INTEGER NOT NULL,
    account      TEXT NOT NULL,
    side         TEXT NOT NULL CHECK (side IN ('debit', 'credit')),
    currency     TEXT NOT NULL,
    amount_minor TEXT NOT NULL,
    PRIMARY KEY (entry_id, line)
) STRICT;

CREATE INDEX ix_ledger_postings_account ON ledger_postings (account, entry_id);

-- The ledger is append-only: history is corrected by new entries, never by edits.
CREATE TRIGGER ledger_entries_no_update BEFORE UPDATE ON ledger_entries
BEGIN SELECT RAISE(ABORT, 'ledger entries are append-only'); END;
CREATE TRIGGER ledger_entries_no_delete BEFORE DELETE ON ledger_entries
BEGIN SELECT RAISE(ABORT, 'ledger entries are append-only'); END;
CREATE TRIGGER ledger_postings_no_update BEFORE UPDATE ON ledger_postings
BEGIN SELECT RAISE(ABORT, 'ledger postings are append-only'); END;
CREATE TRIGGER ledger_postings_no_delete BEFORE DELETE ON ledger_postings
BEGIN SELECT RAISE(ABORT, 'ledger postings are append-only'); END;

CREATE TABLE outbox_events (
    seq          INTEGER PRIMARY KEY AUTOINCREMENT,
    id           TEXT NOT NULL UNIQUE,
    type         TEXT NOT NULL,
    invoice_id   TEXT,
    payload      TEXT NOT NULL,
    created_at   TEXT NOT NULL
) STRICT;

CREATE INDEX ix_outbox_events_invoice ON outbox_events (invoice_id, seq);
