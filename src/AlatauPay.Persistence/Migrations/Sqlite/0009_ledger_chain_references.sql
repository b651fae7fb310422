-- Which on-chain payments each ledger entry accounts for, as "{chain}:{txid}:{index}", kept for good.
-- chain_payments.accounted_by says what accounts for a payment now, and is cleared when a reorg reverses
-- that entry; an auditor's export must still show, for the reversed settlement and for its reversal,
-- which payment they were about. Written in the entry's transaction, never changed.
CREATE TABLE ledger_chain_references (
    entry_key TEXT NOT NULL,
    reference TEXT NOT NULL,
    PRIMARY KEY (entry_key, reference)
) STRICT, WITHOUT ROWID;

CREATE TRIGGER ledger_chain_references_no_update BEFORE UPDATE ON ledger_chain_references
BEGIN SELECT RAISE(ABORT, 'ledger chain references are append-only'); END;
CREATE TRIGGER ledger_chain_references_no_delete BEFORE DELETE ON ledger_chain_references
BEGIN SELECT RAISE(ABORT, 'ledger chain references are append-only'); END;

-- What is known today: the payments entries account for now. References of entries reversed before
-- this migration are gone with the accounted_by they were cleared from.
INSERT INTO ledger_chain_references (entry_key, reference)
SELECT accounted_by, chain || ':' || txid || ':' || output_index FROM chain_payments WHERE accounted_by IS NOT NULL;
