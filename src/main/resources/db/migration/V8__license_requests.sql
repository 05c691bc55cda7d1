-- License requests of the inbound API (GH3/GX2/GX6/GX7). The id is also Getty's request key, so a retried
-- approval can never license twice (license_events.request_key is unique). Portable H2/PostgreSQL SQL.
CREATE TABLE license_requests (
    id                  VARCHAR(36)    NOT NULL PRIMARY KEY,
    asset_id            VARCHAR(200)   NOT NULL,
    asset_type          VARCHAR(20)    NOT NULL,
    campaign            VARCHAR(200)   NOT NULL,
    campaign_type       VARCHAR(100),
    channel             VARCHAR(100)   NOT NULL,
    territory           VARCHAR(100)   NOT NULL,
    budget_code         VARCHAR(100)   NOT NULL,
    estimated_cost      DECIMAL(14, 2) NOT NULL,
    currency            VARCHAR(3)     NOT NULL,
    decision            VARCHAR(20)    NOT NULL,
    status              VARCHAR(20)    NOT NULL,
    reasons             VARCHAR(2000),
    requested_by        VARCHAR(100)   NOT NULL,
    decided_by          VARCHAR(100),
    decided_at          TIMESTAMP,
    license_event_id    BIGINT,
    license_id          VARCHAR(200),
    product_id          VARCHAR(100),
    licensed_at         TIMESTAMP,
    procurement_status  VARCHAR(20),
    procurement_sent_at TIMESTAMP,
    last_error          VARCHAR(2000),
    created_at          TIMESTAMP      NOT NULL,
    updated_at          TIMESTAMP      NOT NULL
);
CREATE INDEX license_requests_budget ON license_requests (budget_code, status);

-- Assets on the portal's approved Getty boards, filled by the board consumers (getty:board only reports
-- additions once, so what it reported must be kept here to survive a restart).
CREATE TABLE api_board_assets (
    board_id    VARCHAR(100) NOT NULL,
    asset_id    VARCHAR(200) NOT NULL,
    asset_type  VARCHAR(20)  NOT NULL,
    date_added  TIMESTAMP    NOT NULL,
    PRIMARY KEY (board_id, asset_id)
);
