-- The PostgreSQL schema: the same tables, keys and refusals as SQLite migrations 0001-0005, in one step.
-- Amounts are numeric(78,0): the integer count of the smallest unit, exact at any size, wei included.
-- Times are text in UTC ISO 8601 with 7 fractional digits, as in SQLite: timestamptz keeps only
-- microseconds, and a ledger entry's times are part of its leaf hash, so they must come back to the tick.
-- Integers are bigint throughout.

CREATE TABLE departments (
    code                   text PRIMARY KEY,
    name                   text NOT NULL,
    speed_policy           text NOT NULL,
    created_at             text NOT NULL,
    payment_tolerance_bp   bigint NOT NULL DEFAULT 0,
    high_speed_limit_minor numeric(78, 0) NOT NULL DEFAULT 5000000
);

CREATE TABLE department_services (
    department_code text NOT NULL REFERENCES departments (code),
    position        bigint NOT NULL,
    code            text NOT NULL,
    name            text NOT NULL,
    PRIMARY KEY (department_code, code)
);

CREATE TABLE department_wallets (
    department_code text NOT NULL REFERENCES departments (code),
    chain           text NOT NULL,
    extended_key    text NOT NULL,
    fingerprint     text NOT NULL,
    network         text NOT NULL,
    next_index      bigint NOT NULL DEFAULT 0 CHECK (next_index >= 0),
    PRIMARY KEY (department_code, chain)
);

-- One watch-only key serves one department per chain.
CREATE UNIQUE INDEX ux_department_wallets_key ON department_wallets (chain, extended_key);

CREATE TABLE invoices (
    seq             bigserial PRIMARY KEY,
    id              text NOT NULL UNIQUE,
    department_code text NOT NULL REFERENCES departments (code),
    service_code    text NOT NULL,
    payer_account   text NOT NULL,
    payer_name      text,
    amount_currency text NOT NULL,
    amount_minor    numeric(78, 0) NOT NULL,
    description     text,
    metadata_json   text NOT NULL,
    status          text NOT NULL,
    flags           bigint NOT NULL,
    created_at      text NOT NULL,
    expires_at      text NOT NULL,
    version         bigint NOT NULL,
    speed_policy    text
);

CREATE INDEX ix_invoices_department ON invoices (department_code, seq);
CREATE INDEX ix_invoices_status ON invoices (status, seq);
CREATE INDEX ix_invoices_open_expiry ON invoices (expires_at) WHERE status IN ('new', 'processing');

-- seq orders deposit targets for the watcher's cursor; rows are inserted under the stream lock (see
-- PostgresSession), so they commit in seq order and the cursor never passes one that commits late.
CREATE TABLE invoice_payment_methods (
    seq              bigserial UNIQUE,
    invoice_id       text NOT NULL REFERENCES invoices (id),
    position         bigint NOT NULL,
    method           text NOT NULL,
    department_code  text NOT NULL,
    rate_units       numeric(78, 0) NOT NULL,
    rate_scale       bigint NOT NULL,
    rate_source      text NOT NULL,
    quoted_at        text NOT NULL,
    due_minor        numeric(78, 0) NOT NULL,
    paid_minor       numeric(78, 0) NOT NULL,
    destination      text NOT NULL,
    derivation_index bigint,
    payment_uri      text NOT NULL,
    PRIMARY KEY (invoice_id, method)
);

CREATE UNIQUE INDEX ux_payment_destination ON invoice_payment_methods (method, destination);
CREATE UNIQUE INDEX ux_payment_derivation ON invoice_payment_methods (department_code, method, derivation_index)
    WHERE derivation_index IS NOT NULL;

CREATE TABLE ledger_entries (
    id           bigserial PRIMARY KEY,
    entry_key    text NOT NULL UNIQUE,
    invoice_id   text,
    description  text NOT NULL,
    effective_at text NOT NULL,
    recorded_at  text NOT NULL
);

CREATE INDEX ix_ledger_entries_invoice ON ledger_entries (invoice_id) WHERE invoice_id IS NOT NULL;
CREATE INDEX ix_ledger_entries_effective ON ledger_entries (effective_at, id);
CREATE INDEX ix_ledger_entries_recorded ON ledger_entries (recorded_at, id);

CREATE TABLE ledger_postings (
    entry_id     bigint NOT NULL REFERENCES ledger_entries (id),
    line         bigint NOT NULL,
    account      text NOT NULL,
    side         text NOT NULL CHECK (side IN ('debit', 'credit')),
    currency     text NOT NULL,
    amount_minor numeric(78, 0) NOT NULL,
    PRIMARY KEY (entry_id, line)
);

CREATE INDEX ix_ledger_postings_account ON ledger_postings (account, entry_id);

CREATE TABLE outbox_events (
    seq        bigserial PRIMARY KEY,
    id         text NOT NULL UNIQUE,
    type       text NOT NULL,
    invoice_id text,
    payload    text NOT NULL,
    created_at text NOT NULL
);

CREATE INDEX ix_outbox_events_invoice ON outbox_events (invoice_id, seq);

CREATE TABLE chain_blocks (
    chain        text NOT NULL,
    hash         text NOT NULL,
    height       bigint NOT NULL,
    parent_hash  text NOT NULL,
    canonical    boolean NOT NULL,
    block_time   text NOT NULL,
    connected_at text NOT NULL,
    PRIMARY KEY (chain, hash)
);

CREATE UNIQUE INDEX ux_chain_blocks_canonical_height ON chain_blocks (chain, height) WHERE canonical;

CREATE TABLE chain_payments (
    chain         text NOT NULL,
    txid          text NOT NULL,
    output_index  bigint NOT NULL,
    method        text NOT NULL,
    destination   text NOT NULL,
    amount_minor  numeric(78, 0) NOT NULL,
    invoice_id    text REFERENCES invoices (id),
    first_seen_at text NOT NULL,
    in_mempool    boolean NOT NULL DEFAULT false,
    accounted_by  text,
    PRIMARY KEY (chain, txid, output_index)
);

CREATE INDEX ix_chain_payments_invoice ON chain_payments (invoice_id);
CREATE INDEX ix_chain_payments_txid ON chain_payments (chain, txid);
CREATE INDEX ix_chain_payments_accounted ON chain_payments (accounted_by) WHERE accounted_by IS NOT NULL;
CREATE INDEX ix_chain_payments_in_mempool ON chain_payments (chain) WHERE in_mempool;

CREATE TABLE chain_payment_blocks (
    chain      text NOT NULL,
    txid       text NOT NULL,
    block_hash text NOT NULL,
    PRIMARY KEY (chain, txid, block_hash)
);

CREATE INDEX ix_chain_payment_blocks_block ON chain_payment_blocks (chain, block_hash);

CREATE TABLE chain_rescans (
    chain        text PRIMARY KEY,
    from_height  bigint NOT NULL,
    requested_at text NOT NULL
);

-- The transparency log (RFC 9162), stored as perfect subtrees: node_key = level * 2^48 + index.
CREATE TABLE ledger_leaves (
    leaf_index bigint PRIMARY KEY CHECK (leaf_index >= 0),
    entry_id   bigint NOT NULL UNIQUE REFERENCES ledger_entries (id)
);

CREATE TABLE merkle_nodes (
    node_key bigint PRIMARY KEY,
    hash     bytea NOT NULL CHECK (length(hash) = 32)
);

-- The log's size, one row: an append takes its lock (UPDATE ... RETURNING), so appends from any number
-- of gateway instances are serialised and each reads the right edge the previous one committed.
CREATE TABLE transparency_log_state (
    id   bigint PRIMARY KEY CHECK (id = 1),
    size bigint NOT NULL CHECK (size >= 0)
);

INSERT INTO transparency_log_state (id, size) VALUES (1, 0);

CREATE TABLE tree_heads (
    seq       bigserial PRIMARY KEY,
    tree_size bigint NOT NULL CHECK (tree_size >= 0),
    root_hash bytea NOT NULL CHECK (length(root_hash) = 32),
    signed_at text NOT NULL,
    key_id    text NOT NULL,
    signature bytea NOT NULL
);

CREATE INDEX ix_tree_heads_size ON tree_heads (tree_size, seq);

CREATE FUNCTION alatau_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '%', TG_ARGV[0] USING ERRCODE = 'restrict_violation';
END;
$$;

-- The ledger is append-only: history is corrected by new entries, never by edits.
CREATE TRIGGER ledger_entries_append_only BEFORE UPDATE OR DELETE ON ledger_entries
    FOR EACH ROW EXECUTE FUNCTION alatau_refuse('ledger entries are append-only');
CREATE TRIGGER ledger_postings_append_only BEFORE UPDATE OR DELETE ON ledger_postings
    FOR EACH ROW EXECUTE FUNCTION alatau_refuse('ledger postings are append-only');
CREATE TRIGGER ledger_leaves_append_only BEFORE UPDATE OR DELETE ON ledger_leaves
    FOR EACH ROW EXECUTE FUNCTION alatau_refuse('the transparency log is append-only');
CREATE TRIGGER merkle_nodes_append_only BEFORE UPDATE OR DELETE ON merkle_nodes
    FOR EACH ROW EXECUTE FUNCTION alatau_refuse('the transparency log is append-only');
CREATE TRIGGER tree_heads_append_only BEFORE UPDATE OR DELETE ON tree_heads
    FOR EACH ROW EXECUTE FUNCTION alatau_refuse('signed tree heads are append-only');
-- TRUNCATE fires no row trigger; refuse it on its own.
CREATE TRIGGER ledger_entries_no_truncate BEFORE TRUNCATE ON ledger_entries
    FOR EACH STATEMENT EXECUTE FUNCTION alatau_refuse('ledger entries are append-only');
CREATE TRIGGER ledger_postings_no_truncate BEFORE TRUNCATE ON ledger_postings
    FOR EACH STATEMENT EXECUTE FUNCTION alatau_refuse('ledger postings are append-only');
CREATE TRIGGER ledger_leaves_no_truncate BEFORE TRUNCATE ON ledger_leaves
    FOR EACH STATEMENT EXECUTE FUNCTION alatau_refuse('the transparency log is append-only');
CREATE TRIGGER merkle_nodes_no_truncate BEFORE TRUNCATE ON merkle_nodes
    FOR EACH STATEMENT EXECUTE FUNCTION alatau_refuse('the transparency log is append-only');
CREATE TRIGGER tree_heads_no_truncate BEFORE TRUNCATE ON tree_heads
    FOR EACH STATEMENT EXECUTE FUNCTION alatau_refuse('signed tree heads are append-only');

-- Leaves are contiguous: a leaf is refused unless it is the next one.
CREATE FUNCTION alatau_next_leaf_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.leaf_index <> (SELECT coalesce(max(leaf_index) + 1, 0) FROM ledger_leaves) THEN
        RAISE EXCEPTION 'a leaf must be the next one' USING ERRCODE = 'restrict_violation';
    END IF;
    RETURN NEW;
END;
$$;

CREATE TRIGGER ledger_leaves_next_only BEFORE INSERT ON ledger_leaves
    FOR EACH ROW EXECUTE FUNCTION alatau_next_leaf_only();

CREATE TABLE api_keys (
    seq         bigserial PRIMARY KEY,
    id          text NOT NULL UNIQUE,
    secret_hash text NOT NULL UNIQUE,
    hint        text NOT NULL,
    scopes      text NOT NULL,
    departments text,
    created_at  text NOT NULL,
    revoked_at  text
);

CREATE TABLE idempotency_records (
    owner           text NOT NULL,
    idempotency_key text NOT NULL,
    fingerprint     text NOT NULL,
    status          bigint NOT NULL,
    content_type    text,
    location        text,
    body            bytea NOT NULL,
    created_at      text NOT NULL,
    expires_at      text NOT NULL,
    PRIMARY KEY (owner, idempotency_key)
);

CREATE INDEX ix_idempotency_records_expiry ON idempotency_records (expires_at);

CREATE TABLE webhook_endpoints (
    seq                   bigserial PRIMARY KEY,
    id                    text NOT NULL UNIQUE,
    url                   text NOT NULL,
    event_types           text NOT NULL,
    departments           text,
    secret                text NOT NULL,
    previous_secret       text,
    previous_secret_until text,
    status                text NOT NULL CHECK (status IN ('enabled', 'disabled', 'deleted')),
    disabled_reason       text,
    failing_since         text,
    after_event_seq       bigint NOT NULL,
    created_at            text NOT NULL
);

CREATE TABLE webhook_deliveries (
    seq             bigserial PRIMARY KEY,
    id              text NOT NULL UNIQUE,
    endpoint_id     text NOT NULL REFERENCES webhook_endpoints (id),
    event_id        text NOT NULL REFERENCES outbox_events (id),
    status          text NOT NULL CHECK (status IN ('pending', 'delivered', 'failed')),
    attempts        bigint NOT NULL DEFAULT 0,
    next_attempt_at text NOT NULL,
    last_attempt_at text,
    created_at      text NOT NULL
);

CREATE INDEX ix_webhook_deliveries_endpoint ON webhook_deliveries (endpoint_id, seq);
CREATE INDEX ix_webhook_deliveries_pending ON webhook_deliveries (endpoint_id, seq) WHERE status = 'pending';

CREATE TABLE webhook_attempts (
    delivery_id  text NOT NULL REFERENCES webhook_deliveries (id),
    number       bigint NOT NULL,
    attempted_at text NOT NULL,
    status_code  bigint,
    error        text,
    duration_ms  bigint NOT NULL,
    PRIMARY KEY (delivery_id, number)
);

CREATE TABLE webhook_fanout (
    id             bigint PRIMARY KEY CHECK (id = 1),
    last_event_seq bigint NOT NULL
);

INSERT INTO webhook_fanout (id, last_event_seq) VALUES (1, 0);
