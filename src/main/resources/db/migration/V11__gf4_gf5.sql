-- GF4 usage logs: every line of a partner usage log / proof-of-publication file is recorded at most once, keyed by
-- the file's content (SHA-256) and the line, so the same file uploaded again (or re-read after a crash) records
-- nothing twice, whatever name it arrives under. Inserted in the transaction that inserts the usage_events row.
CREATE TABLE usage_log_lines (
    file_sha256     VARCHAR(64)   NOT NULL,
    line_no         INT           NOT NULL,
    file_name       VARCHAR(1024),
    recorded_at     TIMESTAMP     NOT NULL,
    PRIMARY KEY (file_sha256, line_no)
);
