-- Each entry's leaf number moves from ledger_leaves into the entry's own row. The separate table cost a
-- row in two B-trees (its key and its entry_id index) and a trigger on every posting, for a number that
-- belongs to the entry. The log's size is read from level 0 of merkle_nodes (node_key = leaf index, one
-- row per leaf), inside the write transaction that appends, so two entries can never take one leaf, and
-- merkle_nodes' primary key refuses a leaf stored twice. Leaves follow entry ids, so leaf order is id order.

ALTER TABLE ledger_entries ADD COLUMN leaf_index INTEGER CHECK (leaf_index >= 0);

DROP TRIGGER ledger_entries_no_update;
UPDATE ledger_entries SET leaf_index = (SELECT l.leaf_index FROM ledger_leaves l WHERE l.entry_id = ledger_entries.id);

-- Entries stay append-only. The one change allowed gives an entry written before the log existed its leaf
-- (the start-up backfill), once, and touches nothing else.
CREATE TRIGGER ledger_entries_no_update BEFORE UPDATE ON ledger_entries
WHEN NOT (OLD.leaf_index IS NULL AND NEW.leaf_index IS NOT NULL
          AND NEW.id IS OLD.id AND NEW.entry_key IS OLD.entry_key AND NEW.invoice_id IS OLD.invoice_id
          AND NEW.description IS OLD.description AND NEW.effective_at IS OLD.effective_at
          AND NEW.recorded_at IS OLD.recorded_at)
BEGIN SELECT RAISE(ABORT, 'ledger entries are append-only'); END;

DROP TRIGGER ledger_leaves_next_only;
DROP TRIGGER ledger_leaves_no_update;
DROP TRIGGER ledger_leaves_no_delete;
DROP TABLE ledger_leaves;
