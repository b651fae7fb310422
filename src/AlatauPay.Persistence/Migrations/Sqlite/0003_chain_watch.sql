-- The chain watcher's own record: blocks it processed (canonical or orphaned) and the payments it saw.
-- A payment's depth is counted only through canonical blocks of this table; a reorg flips `canonical`
-- and nothing else, so the history of what was seen stays.

ALTER TABLE departments ADD COLUMN payment_tolerance_bp INTEGER NOT NULL DEFAULT 0;
ALTER TABLE departments ADD COLUMN high_speed_limit_minor TEXT NOT NULL DEFAULT '5000000';
ALTER TABLE invoices ADD COLUMN speed_policy TEXT;

CREATE TABLE chain_blocks (
    chain        TEXT NOT NULL,
    hash         TEXT NOT NULL,
    height       INTEGER NOT NULL,
    parent_hash  TEXT NOT NULL,
    canonical    INTEGER NOT NULL CHECK (canonical IN (0, 1)),
    block_time   TEXT NOT NULL,
    connected_at TEXT NOT NULL,
    PRIMARY KEY (chain, hash)
) STRICT;

-- At most one canonical block per height: two would mean the watcher lost track of a reorg.
CREATE UNIQUE INDEX ux_chain_blocks_canonical_height ON chain_blocks (chain, height) WHERE canonical = 1;

CREATE TABLE chain_payments (
    chain         TEXT NOT NULL,
    txid          TEXT NOT NULL,
    output_index  INTEGER NOT NULL,
    method        TEXT NOT NULL,
    destination   TEXT NOT NULL,
    amount_minor  TEXT NOT NULL,
    -- NULL: the destination belongs to no invoice (kept for the operator, never counted).
    invoice_id    TEXT REFERENCES invoices (id),
    first_seen_at TEXT NOT NULL,
    in_mempool    INTEGER NOT NULL DEFAULT 0 CHECK (in_mempool IN (0, 1)),
    -- The ledger entry that accounted for this payment, if any.
    accounted_by  TEXT,
    PRIMARY KEY (chain, txid, output_index)
) STRICT;

CREATE INDEX ix_chain_payments_invoice ON chain_payments (invoice_id);
CREATE INDEX ix_chain_payments_txid ON chain_payments (chain, txid);
CREATE INDEX ix_chain_payments_accounted ON chain_payments (accounted_by) WHERE accounted_by IS NOT NULL;
CREATE INDEX ix_chain_payments_in_mempool ON chain_payments (chain) WHERE in_mempool = 1;

CREATE TABLE chain_payment_blocks (
    chain      TEXT NOT NULL,
    txid       TEXT NOT NULL,
    block_hash TEXT NOT NULL,
    PRIMARY KEY (chain, txid, block_hash)
) STRICT;

CREATE INDEX ix_chain_payment_blocks_block ON chain_payment_blocks (chain, block_hash);

CREATE TABLE chain_rescans (
    chain        TEXT PRIMARY KEY,
    from_height  INTEGER NOT NULL,
    requested_at TEXT NOT NULL
) STRICT;
