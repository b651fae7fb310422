-- Each entry's leaf number moves from ledger_leaves into the entry's own row, as SQLite's 0008 did: the
-- separate table cost a row in two B-trees and a trigger on every posting, for a number that belongs to the
-- entry. The log's size stays in transparency_log_state, whose row lock serialises appends; the unique index
-- refuses a leaf taken twice and the trigger a leaf that is not the next one. Leaves follow entry ids.

ALTER TABLE ledger_entries ADD COLUMN leaf_index bigint CHECK (leaf_index >= 0);

ALTER TABLE ledger_entries DISABLE TRIGGER ledger_entries_append_only;
UPDATE ledger_entries e SET leaf_index = l.leaf_index FROM ledger_leaves l WHERE l.entry_id = e.id;
ALTER TABLE ledger_entries ENABLE TRIGGER ledger_entries_append_only;

-- Every entry has been a leaf since 0001: the log was there from the start on PostgreSQL.
ALTER TABLE ledger_entries ALTER COLUMN leaf_index SET NOT NULL;
CREATE UNIQUE INDEX ux_ledger_entries_leaf ON ledger_entries (leaf_index);

DROP TABLE ledger_leaves;

CREATE OR REPLACE FUNCTION alatau_next_leaf_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.leaf_index <> (SELECT coalesce(max(leaf_index) + 1, 0) FROM ledger_entries) THEN
        RAISE EXCEPTION 'a leaf must be the next one' USING ERRCODE = 'restrict_violation';
    END IF;
    RETURN NEW;
END;
$$;

CREATE TRIGGER ledger_entries_next_leaf_only BEFORE INSERT ON ledger_entries
    FOR EACH ROW EXECUTE FUNCTION alatau_next_leaf_only();
