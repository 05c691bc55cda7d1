package io.mediarelay.sandbox.getty;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static io.mediarelay.sandbox.getty.SandboxClient.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GettySandboxStateTest {

    @TempDir
    Path dir;

    @Test
    void usageBatchesAreRecordedOnceAndValidated() {
        try (GettySandbox sandbox = new GettySandbox(new GettySandboxConfig()).start()) {
            SandboxClient c = new SandboxClient(sandbox);
            String t = c.clientToken();
            String id = sandbox.catalogImageIds().get(0);
            String batch = "{\"asset_usages\":[{\"asset_id\":\"" + id + "\",\"quantity\":3,\"usage_date\":\"2026-01-15T00:00:00Z\"},"
                    + "{\"asset_id\":\"" + id + "\",\"quantity\":1,\"usage_date\":\"2018-02-12T15:52:59.833Z\"}]}";
            String batchId = UUID.randomUUID().toString();
            HttpResponse<String> ok = c.put("/v3/usage-batches/" + batchId, t, batch);
            assertEquals(201, ok.statusCode(), ok.body());
            assertEquals(2, json(ok).get("total_asset_usages_processed").asInt());
            assertEquals(0, json(ok).get("invalid_assets").size());

            HttpResponse<String> again = c.put("/v3/usage-batches/" + batchId, t, batch);
            assertEquals(409, again.statusCode());
            assertEquals("TransactionIdDuplicated", json(again).get("ErrorCode").asText());

            String tooMany = IntStream.range(0, 1001)
                    .mapToObj(i -> "{\"asset_id\":\"" + id + "\",\"quantity\":1,\"usage_date\":\"2026-01-01T00:00:00Z\"}")
                    .collect(Collectors.joining(",", "{\"asset_usages\":[", "]}"));
            HttpResponse<String> big = c.put("/v3/usage-batches/" + UUID.randomUUID(), t, tooMany);
            assertEquals(400, big.statusCode());
            assertEquals("InvalidRequest", json(big).get("ErrorCode").asText());

            String invalidBatchId = UUID.randomUUID().toString();
            HttpResponse<String> unknown = c.put("/v3/usage-batches/" + invalidBatchId, t,
                    "{\"asset_usages\":[{\"asset_id\":\"nope\",\"quantity\":1,\"usage_date\":\"2026-01-01T00:00:00Z\"}]}");
            assertEquals(400, unknown.statusCode());
            assertEquals("nope", json(unknown).get("invalid_assets").get(0).asText());
            assertEquals(400, c.put("/v3/usage-batches/x1", t, "not json").statusCode());
            assertEquals(400, c.put("/v3/usage-batches/x2", t, "{\"asset_usages\":[]}").statusCode());
            assertEquals(401, c.put("/v3/usage-batches/x3", null, batch).statusCode());
            assertEquals(1, sandbox.usageBatchCount());
        }
    }

    @Test
    void boardsListDetailAndNewAssets() {
        try (GettySandbox sandbox = new GettySandbox(new GettySandboxConfig()).start()) {
            SandboxClient c = new SandboxClient(sandbox);
            String t = c.userToken();
            JsonNode list = json(c.get("/v3/boards", t));
            assertEquals(2, list.get("board_count").asInt());
            JsonNode owned = json(c.get("/v3/boards?board_relationship=owned&pageSize=10", t));
            assertEquals(sandbox.defaultBoardId(), owned.get("boards").get(0).get("id").asText());

            String boardId = sandbox.defaultBoardId();
            JsonNode board = json(c.get("/v3/boards/" + boardId, t));
            assertEquals(8, board.get("asset_count").asInt());
            JsonNode first = board.get("assets").get(0);
            assertEquals(sandbox.catalogImageIds().get(0), first.get("id").asText());
            assertEquals("image", first.get("asset_type").asText());
            assertTrue(first.hasNonNull("date_added"));
            String lastUpdated = board.get("date_last_updated").asText();

            Instant before = Instant.now().minusSeconds(1);
            String newAsset = sandbox.catalogImageIds().get(40);
            sandbox.addAssetToBoard(boardId, newAsset);
            JsonNode after = json(c.get("/v3/boards/" + boardId, t));
            assertEquals(9, after.get("asset_count").asInt());
            JsonNode added = after.get("assets").get(8);
            assertEquals(newAsset, added.get("id").asText());
            assertTrue(Instant.parse(added.get("date_added").asText()).isAfter(before));
            assertTrue(after.get("date_last_updated").asText().compareTo(lastUpdated) > 0);

            assertEquals(201, c.put("/v3/boards/" + boardId + "/assets/" + sandbox.catalogVideoIds().get(5), t, "").statusCode());
            assertEquals(10, json(c.get("/v3/boards/" + boardId, t)).get("asset_count").asInt());
            HttpResponse<String> missing = c.get("/v3/boards/no-such-board", t);
            assertEquals(404, missing.statusCode());
            assertEquals("BoardNotFound", json(missing).get("ErrorCode").asText());
        }
    }

    @Test
    void stateSurvivesRestartWithDataDir() throws Exception {
        String uri;
        String boardId;
        String newAsset;
        String product;
        try (GettySandbox first = new GettySandbox(new GettySandboxConfig().dataDir(dir).downloadLimit(10)).start()) {
            SandboxClient c = new SandboxClient(first);
            String t = c.userToken();
            product = first.defaultProductId();
            uri = c.license("image", first.catalogImageIds().get(0), t, "");
            c.license("video", first.catalogVideoIds().get(0), t, "");
            assertEquals(201, c.put("/v3/usage-batches/b-1", t,
                    "{\"asset_usages\":[{\"asset_id\":\"" + first.catalogImageIds().get(0) + "\",\"quantity\":1,\"usage_date\":\"2026-01-01T00:00:00Z\"}]}").statusCode());
            boardId = first.defaultBoardId();
            newAsset = first.catalogImageIds().get(50);
            first.addAssetToBoard(boardId, newAsset);
        }
        assertTrue(Files.exists(dir.resolve("downloads.json")));
        try (GettySandbox second = new GettySandbox(new GettySandboxConfig().dataDir(dir).downloadLimit(10)).start()) {
            SandboxClient c = new SandboxClient(second);
            String t = c.userToken();
            assertEquals(8, second.remainingDownloads(product));
            assertEquals(2, second.licenseCount());
            assertEquals(2, json(c.get("/v3/downloads", t)).get("result_count").asInt());
            assertEquals(409, c.put("/v3/usage-batches/b-1", t,
                    "{\"asset_usages\":[{\"asset_id\":\"" + second.catalogImageIds().get(0) + "\",\"quantity\":1,\"usage_date\":\"2026-01-01T00:00:00Z\"}]}").statusCode());
            assertEquals(boardId, second.defaultBoardId());
            JsonNode board = json(c.get("/v3/boards/" + boardId, t));
            assertEquals(newAsset, board.get("assets").get(8).get("id").asText());
            assertTrue(uri.contains("/delivery/"));
        }
    }
}
