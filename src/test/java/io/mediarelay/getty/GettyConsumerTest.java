package io.mediarelay.getty;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import io.mediarelay.connector.CursorStore;
import io.mediarelay.runtime.db.Database;
import io.mediarelay.sandbox.getty.GettySandbox;
import io.mediarelay.testsupport.Polls;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;

/** Polling consumers resume from their database cursor across CamelContext restarts. */
class GettyConsumerTest {

    private static RouteBuilder collect(String uri, List<String> sink) {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from(uri).routeId("collect").process(e -> sink.add(e.getMessage().getHeader(GettyConstants.ASSET_ID, String.class)
                        + (e.getMessage().getHeader(GettyConstants.DATE_DOWNLOADED) == null ? "" : "@" + e.getMessage().getHeader(GettyConstants.DATE_DOWNLOADED))));
            }
        };
    }

    @Test
    void boardConsumerEmitsEachNewAssetOnceAcrossRestart() throws Exception {
        DataSource ds = Database.inMemory("board-consumer");
        try (GettySandbox sandbox = GettyTestSupport.sandbox()) {
            String board = sandbox.defaultBoardId();
            String uri = "getty:board?boardId=" + board + "&delay=100&initialDelay=0";
            List<String> seen = Collections.synchronizedList(new ArrayList<>());
            List<String> images = sandbox.catalogImageIds();

            CamelContext first = GettyTestSupport.context(sandbox, ds, c -> { }, collect(uri, seen));
            try {
                await().atMost(Duration.ofSeconds(10)).until(() -> seen.size() >= 8); // seeded: 6 images + 2 videos
                sandbox.addAssetToBoard(board, images.get(40));
                await().atMost(Duration.ofSeconds(10)).until(() -> seen.contains(images.get(40)));
                Polls.awaitMoreRuns(first, "collect", 3, Duration.ofSeconds(10)); // three more polls: nothing new
            } finally {
                first.close();
            }
            int beforeRestart = seen.size();
            assertEquals(9, beforeRestart, "seed + one added: " + seen);

            sandbox.addAssetToBoard(board, images.get(41)); // added while the runtime is down
            CamelContext second = GettyTestSupport.context(sandbox, ds, c -> { }, collect(uri, seen));
            try {
                await().atMost(Duration.ofSeconds(10)).until(() -> seen.contains(images.get(41)));
                sandbox.addAssetToBoard(board, images.get(42));
                await().atMost(Duration.ofSeconds(10)).until(() -> seen.contains(images.get(42)));
                Polls.awaitMoreRuns(second, "collect", 3, Duration.ofSeconds(10));
            } finally {
                second.close();
            }
            assertEquals(11, seen.size(), "each asset exactly once: " + seen);
            assertEquals(11, new HashSet<>(seen).size(), "no duplicates: " + seen);
        }
    }

    @Test
    void downloadHistoryConsumerKeepsDateCursorAcrossRestart() throws Exception {
        DataSource ds = Database.inMemory("downloads-consumer");
        try (GettySandbox sandbox = GettyTestSupport.sandbox()) {
            List<String> images = sandbox.catalogImageIds();
            String uri = "getty:downloads?delay=100&initialDelay=0";
            List<String> seen = Collections.synchronizedList(new ArrayList<>());
            RouteBuilder license = new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:l").to("getty:license?download=false");
                }
            };
            CamelContext first = GettyTestSupport.context(sandbox, ds, c -> { }, license);
            try {
                first.addRoutes(collect(uri, seen));
                first.createProducerTemplate().requestBody("direct:l", images.get(10));
                first.createProducerTemplate().requestBody("direct:l", images.get(11));
                await().atMost(Duration.ofSeconds(10)).until(() -> seen.size() >= 2);
                Polls.awaitMoreRuns(first, "collect", 3, Duration.ofSeconds(10));
            } finally {
                first.close();
            }
            assertEquals(2, seen.size(), seen.toString());
            CamelContext second = GettyTestSupport.context(sandbox, ds, c -> { }, license);
            try {
                second.createProducerTemplate().requestBody("direct:l", images.get(12));
                second.addRoutes(collect(uri, seen));
                await().atMost(Duration.ofSeconds(10)).until(() -> seen.size() >= 3);
                Polls.awaitMoreRuns(second, "collect", 3, Duration.ofSeconds(10));
            } finally {
                second.close();
            }
            assertEquals(3, seen.size(), seen.toString());
            assertTrue(seen.get(2).startsWith(images.get(12)), seen.toString());
            assertTrue(new CursorStore(ds).get("getty.downloads").isPresent());
        }
    }

    @Test
    void usageIsBatchedByThousandAndIdempotent() throws Exception {
        try (GettySandbox sandbox = GettyTestSupport.sandbox()) {
            List<String> images = sandbox.catalogImageIds();
            List<Map<String, Object>> usages = new ArrayList<>();
            for (int i = 0; i < 2500; i++) {
                usages.add(Map.of("asset_id", images.get(i % images.size()), "quantity", 1 + i % 3, "usage_date", "2026-11-0" + (1 + i % 9)));
            }
            CamelContext ctx = GettyTestSupport.context(sandbox, null, c -> { }, new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:usage").to("getty:usage");
                }
            });
            try {
                var pt = ctx.createProducerTemplate();
                var first = pt.request("direct:usage", e -> e.getMessage().setBody(usages));
                assertEquals(null, first.getException());
                assertEquals(3, first.getMessage().getHeader(GettyConstants.USAGE_BATCH_IDS, List.class).size());
                assertEquals(false, first.getMessage().getHeader(GettyConstants.USAGE_ALREADY_REPORTED));
                assertEquals(2500L, ((Map<?, ?>) first.getMessage().getBody()).get("total_asset_usages_processed"));
                assertEquals(3, sandbox.usageBatchCount());

                var replay = pt.request("direct:usage", e -> e.getMessage().setBody(usages));
                assertEquals(null, replay.getException());
                assertEquals(true, replay.getMessage().getHeader(GettyConstants.USAGE_ALREADY_REPORTED));
                assertEquals(first.getMessage().getHeader(GettyConstants.USAGE_BATCH_IDS), replay.getMessage().getHeader(GettyConstants.USAGE_BATCH_IDS));
                assertEquals(3, sandbox.usageBatchCount(), "a replay reports nothing new");
            } finally {
                ctx.close();
            }
        }
    }
}
