-- PF8 partner submissions: every file a contributor dropped in a batch folder, the review (staging) gallery media it
-- was uploaded as, and the target gallery media it was published as once the batch was approved. Portable SQL.
CREATE TABLE pf_submissions (
    batch_id            VARCHAR(200)  NOT NULL,
    file_name           VARCHAR(512)  NOT NULL,
    staging_gallery_id  VARCHAR(32)   NOT NULL,
    staging_media_id    VARCHAR(32)   NOT NULL,
    status              VARCHAR(20)   NOT NULL,
    published_media_id  VARCHAR(32),
    staged_at           TIMESTAMP     NOT NULL,
    published_at        TIMESTAMP,
    PRIMARY KEY (batch_id, file_name)
);
CREATE INDEX pf_submissions_status ON pf_submissions (batch_id, status);
