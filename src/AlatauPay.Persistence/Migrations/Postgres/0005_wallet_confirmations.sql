-- A department's own confirmation rule for one wallet's chain (as SQLite migration 0010): a block depth
-- ('12') or 'finalized'; NULL follows the department's speed policy, as every earlier wallet did.
ALTER TABLE department_wallets ADD COLUMN confirmations text
    CHECK (confirmations IS NULL OR confirmations = 'finalized' OR confirmations ~ '^[1-9][0-9]{0,3}$');
