-- Leases for singleton jobs (chain watchers, the webhook dispatcher) when several gateway instances share
-- this database. token only grows: every new holding gets a higher one, and a fenced write checks, in its
-- own transaction, that its token is still the current one. Expiry is by the database's clock, so the
-- instances' clocks need not agree.
CREATE TABLE leases (
    name       text PRIMARY KEY,
    holder     text,
    token      bigint NOT NULL CHECK (token > 0),
    expires_at timestamptz NOT NULL
);
