-- Which on-chain payments each ledger entry accounts for, as "{chain}:{txid}:{index}", kept for good (as
-- SQLite migration 0009): chain_payments.accounted_by is cleared when a reorg reverses the entry, and the
-- auditor's export must still show what the reversed settlement and its reversal were about.
CREATE TABLE ledger_chain_references (
    entry_key text NOT NULL,
    reference text NOT NULL,
    PRIMARY KEY (entry_key, reference)
);

CREATE TRIGGER ledger_chain_references_append_only BEFORE UPDATE OR DELETE ON ledger_chain_references
    FOR EACH ROW EXECUTE FUNCTION alatau_refuse('ledger chain references are append-only');
CREATE TRIGGER ledger_chain_references_no_truncate BEFORE TRUNCATE ON ledger_chain_references
    FOR EACH STATEMENT EXECUTE FUNCTION alatau_refuse('ledger chain references are append-only');

INSERT INTO ledger_chain_references (entry_key, reference)
SELECT accounted_by, chain || ':' || txid || ':' || output_index FROM chain_payments WHERE accounted_by IS NOT NULL;
