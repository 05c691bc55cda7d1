package io.mediarelay.sandbox.getty;

import java.util.ArrayList;
import java.util.List;

/**
 * The persisted, mutable records of {@link SandboxState}. Plain public-field classes so Jackson can
 * round-trip them to the JSON files in {@code dataDir} without annotations.
 */
final class StateModel {

    private StateModel() {
    }

    /** A download agreement ("product") of the sandbox user. */
    static final class Product {
        public int id;
        public String name;
        public String type;
        public String status = "active";
        public String agreement_name;
        public int download_limit;
        public int downloads_remaining;
        public String download_limit_duration = "monthly";
        public boolean is_note_required;
        public boolean is_project_code_required;
    }

    /** One licence event, as listed by GET /v3/downloads. */
    static final class Download {
        public String id;
        public String asset_type;
        public String date_downloaded;
        public int product_id;
        public String product_type;
        public String agreement_name;
        public String license_model;
        public String size_name;
        public int width;
        public int height;
        public String uri;
        public String username;
        public String download_notes;
        public String project_code;
        /** A download of an asset already licensed under this product (re-download rights): no new licence. */
        public boolean redownload;
    }

    /** One accepted PUT /v3/usage-batches/{id}. */
    static final class UsageBatch {
        public String id;
        public String received;
        public List<Usage> asset_usages = new ArrayList<>();
    }

    static final class Usage {
        public String asset_id;
        public int quantity;
        public String usage_date;
    }

    static final class Board {
        public String id;
        public String name;
        public String description;
        public String board_relationship;
        public String date_created;
        public String date_last_updated;
        public List<BoardAsset> assets = new ArrayList<>();
    }

    static final class BoardAsset {
        public String asset_id;
        public String asset_type;
        public String date_added;
    }
}
