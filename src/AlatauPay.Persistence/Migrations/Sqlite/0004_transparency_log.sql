-- The ledger's transparency log (RFC 9162). Each entry is one leaf, appended in the entry's own
-- transaction. The tree is stored as its perfect subtrees: node_key = level * 2^48 + index, where node
-- (level, index) covers leaves [index * 2^level, (index + 1) * 2^level) and level 0 holds leaf hashes.
-- A complete subtree never changes, so appends and proofs only read and add a logarithmic number of rows.
-- Leaves are not stored as bytes: they are rebuilt from the entry rows, so an edited row no longer
-- matches its leaf and every verifier notices.

CREATE TABLE ledger_leaves (
    leaf_index INTEGER PRIMARY KEY CHECK (leaf_index >= 0),
    entry_id   INTEGER NOT NULL UNIQUE REFERENCES ledger_entries (id)
) STRICT;

CREATE TABLE merkle_nodes (
    node_key INTEGER PRIMARY KEY,
    hash     BLOB NOT NULL CHECK (length(hash) = 32)
) STRICT;

-- Every head the deployment key signed, kept so that a head once shown can be shown again.
CREATE TABLE tree_heads (
    seq        INTEGER PRIMARY KEY AUTOINCREMENT,
    tree_size  INTEGER NOT NULL CHECK (tree_size >= 0),
    root_hash  BLOB NOT NULL CHECK (length(root_hash) = 32),
    signed_at  TEXT NOT NULL,
    key_id     TEXT NOT NULL,
    signature  BLOB NOT NULL
) STRICT;

CREATE INDEX ix_tree_heads_size ON tree_heads (tree_size, seq);

-- Leaves are contiguous: the gateway remembers the tree's right edge between appends, and this refusal
-- is how it learns that the edge it remembered is stale (a rolled-back append, another writer).
CREATE TRIGGER ledger_leaves_next_only BEFORE INSERT ON ledger_leaves
WHEN NEW.leaf_index <> (SELECT coalesce(max(leaf_index) + 1, 0) FROM ledger_leaves)
BEGIN SELECT RAISE(ABORT, 'a leaf must be the next one'); END;
CREATE TRIGGER ledger_leaves_no_update BEFORE UPDATE ON ledger_leaves
BEGIN SELECT RAISE(ABORT, 'the transparency log is append-only'); END;
CREATE TRIGGER ledger_leaves_no_delete BEFORE DELETE ON ledger_leaves
BEGIN SELECT RAISE(ABORT, 'the transparency log is append-only'); END;
CREATE TRIGGER merkle_nodes_no_update BEFORE UPDATE ON merkle_nodes
BEGIN SELECT RAISE(ABORT, 'the transparency log is append-only'); END;
CREATE TRIGGER merkle_nodes_no_delete BEFORE DELETE ON merkle_nodes
BEGIN SELECT RAISE(ABORT, 'the transparency log is append-only'); END;
CREATE TRIGGER tree_heads_no_update BEFORE UPDATE ON tree_heads
BEGIN SELECT RAISE(ABORT, 'signed tree heads are append-only'); END;
CREATE TRIGGER tree_heads_no_delete BEFORE DELETE ON tree_heads
BEGIN SELECT RAISE(ABORT, 'signed tree heads are append-only'); END;

-- Balances and the journal filter postings by time; these keep them off full scans.
CREATE INDEX ix_ledger_entries_effective ON ledger_entries (effective_at, id);
CREATE INDEX ix_ledger_entries_recorded ON ledger_entries (recorded_at, id);
