-- The highest fencing token each lease has written with, for leases kept outside this database (Redis):
-- a fenced write raises it to its own token, and is refused when a higher one has written already.
CREATE TABLE lease_fences (
    name  text PRIMARY KEY,
    token bigint NOT NULL
);
