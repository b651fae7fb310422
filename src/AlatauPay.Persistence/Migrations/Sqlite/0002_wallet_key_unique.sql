-- One watch-only key serves one department per chain: two departments with one key would be
-- handed the same deposit addresses, and a payment could not be told apart.
CREATE UNIQUE INDEX ux_department_wallets_key ON department_wallets (chain, extended_key);
