-- A department's own confirmation rule for one wallet's chain: a block depth ('12') or 'finalized'.
-- NULL follows the department's speed policy, which is what every wallet registered before did.
ALTER TABLE department_wallets ADD COLUMN confirmations TEXT
    CHECK (confirmations IS NULL OR confirmations = 'finalized' OR (confirmations GLOB '[1-9]*' AND confirmations NOT GLOB '*[^0-9]*' AND length(confirmations) <= 4));
