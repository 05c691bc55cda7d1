-- Issue 13: license request budgets are checked and reserved in one database transaction that first locks its
-- budget code's row here (SELECT ... FOR UPDATE, portable H2/PostgreSQL), so requests racing on two instances for
-- the same budget are decided one after the other. One row per budget code (upper case), created on first use.
CREATE TABLE budget_locks (
    budget_code     VARCHAR(100)  NOT NULL PRIMARY KEY
);
