package io.mediarelay.flows;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import io.mediarelay.getty.LicenseEvent;
import io.mediarelay.getty.LicenseEventRepository;
import io.mediarelay.runtime.deadletter.DeadLetterStore;
import io.mediarelay.testsupport.Polls;
import org.apache.camel.Route;
import org.apache.camel.support.ScheduledPollConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The failure policy on GF1 (8 board assets) against the Getty sandbox, counting the requests the sandbox saw:
 * a refusal is sent once and dead at once; server errors are retried by the component only, then durably; a license
 * POST whose answer was lost (or that died with its instance) is reconciled through Getty's download history, never
 * licensed twice, never left for an operator.
 */
class FailurePolicyTest {
    static final String GF1 = "gf1-licensed-package-export";
    static final String IMAGE_POSTS = "/v3/downloads/images/.*";

    @TempDir
    Path data;

    private Properties overrides() {
        Properties p = GettyFlowRuntime.overrides(data);
        p.setProperty("mediarelay.errors.retry-initial-delay-ms", "300");
        p.setProperty("mediarelay.errors.retry-max-delay-ms", "1000");
        p.setProperty("mediarelay.dead-letters.catch-up.interval-ms", "200");
        p.setProperty("camel.component.getty.initialBackoff", "10");
        p.setProperty("camel.component.getty.maxBackoff", "50");
        p.setProperty("camel.component.getty.reconcileDelay", "500");
        return p;
    }

    /** GF1 is switched off at start (its scheduler never runs) so faults are scripted before its first poll. */
    private static void startPolling(GettyFlowRuntime rt) throws Exception {
        for (Route r : rt.runtime.context().getRoutes()) {
            if (r.getConsumer() instanceof ScheduledPollConsumer c && r.getEndpoint().getEndpointUri().startsWith("getty://board")
                    && r.getRouteId().startsWith("gf1")) {
                c.startScheduler();
            }
        }
    }

    private static List<DeadLetterStore.DeadLetter> letters(GettyFlowRuntime rt) throws Exception {
        return new DeadLetterStore(rt.runtime.dataSource(), Path.of("unused")).list();
    }

    @Test
    void aRefusalIsSentOnceAndDeadAtOnceServerErrorsAreRetriedByTheComponentOnlyThenDurably() throws Exception {
        try (GettyFlowRuntime rt = GettyFlowRuntime.start(overrides())) {
            rt.sandbox.failRequests("POST", IMAGE_POSTS, 400, 1);        // the first image: refused (permanent)
            String video = boardVideo(rt);
            // one video: 5 x unavailable (scripted for that video: with assets in flight at once, a script for any
            // video POST spread its 5 failures over both videos and neither reached the durable retry)
            rt.sandbox.failRequests("POST", "/v3/downloads/videos/" + video, 503, 5);
            startPolling(rt);
            await().atMost(Duration.ofSeconds(60)).until(() -> rt.delivered(GF1).size() == 7);

            List<DeadLetterStore.DeadLetter> all = letters(rt);
            DeadLetterStore.DeadLetter refused = all.stream().filter(d -> d.status().equals("NEW")).findFirst().orElseThrow();
            assertEquals("PERMANENT", refused.failureKind());
            assertTrue(refused.reason().contains("HTTP 400"), refused.reason());
            assertTrue(refused.step().contains("gf1-license"), refused.step());
            // exactly one request for the refused asset: no route redelivery, no durable retry of a refusal
            // more rounds of the durable retry and polls of the board: the refusal is not sent again
            Polls.awaitMoreRuns(rt.runtime.context(), "dead-letter-catch-up", 2, Duration.ofSeconds(20));
            Polls.awaitMoreRuns(rt.runtime.context(), "gf1-source", 2, Duration.ofSeconds(20));
            assertEquals(1, letters(rt).stream().filter(d -> d.status().equals("NEW")).count());
            int imagePosts = rt.sandbox.requestCount("POST", IMAGE_POSTS);
            assertEquals(5 + 1, imagePosts, "5 images licensed + 1 refused request");

            // the video: the component's 5 attempts for 503 (it certainly did nothing), then one durable retry
            DeadLetterStore.DeadLetter retried = all.stream().filter(d -> d.failureKind() != null
                    && d.failureKind().equals("TRANSIENT")).findFirst().orElseThrow();
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    letters(rt).stream().anyMatch(d -> d.id() == retried.id() && d.status().equals("REPLAYED")));
            assertEquals(5 + 1 + 1, rt.sandbox.requestCount("POST", "/v3/downloads/videos/.*"),
                    "5 attempts of the component for the first video, 1 durable retry, 1 for the second video");
            assertTrue(rt.sandbox.licensesPerAsset().values().stream().allMatch(n -> n == 1), "never licensed twice");
        }
    }

    @Test
    void lostLicenseAnswersAreReconciledThroughGettysHistoryNeverLicensedTwice() throws Exception {
        Properties p = overrides();
        // an account with re-download rights (docs/GETTY.md): Getty's history has no link, the license is re-downloaded
        p.setProperty("mediarelay.embedded.getty.redownloads-free", "true");
        try (GettyFlowRuntime rt = GettyFlowRuntime.start(p)) {
            rt.sandbox.failRequests("POST", IMAGE_POSTS, 500, 1);       // first image: 500, Getty licensed nothing
            rt.sandbox.loseLicenseAnswers(IMAGE_POSTS, 502, 1);         // second image: licensed, answer lost
            startPolling(rt);
            await().atMost(Duration.ofSeconds(60)).until(() -> rt.delivered(GF1).size() == 8);

            Map<String, Integer> licenses = rt.sandbox.licensesPerAsset();
            assertEquals(8, licenses.size(), licenses.toString());
            assertTrue(licenses.values().stream().allMatch(n -> n == 1), "never licensed twice: " + licenses);
            assertEquals(1, rt.sandbox.redownloadCount(), "the lost license was downloaded again, not bought again");
            assertTrue(rt.sandbox.requestCount("GET", "/v3/images/.*/downloadhistory") >= 2, "asked Getty's record");
            assertTrue(letters(rt).stream().noneMatch(d -> d.status().equals("NEW")), "nothing for an operator");
            List<LicenseEvent> events = new LicenseEventRepository(rt.runtime.dataSource()).list(100);
            assertTrue(events.stream().allMatch(e -> e.status().equals(LicenseEvent.LICENSED)), events.toString());
            assertEquals(1, events.stream().filter(e -> "reconciled from Getty download history".equals(e.detail())).count(),
                    "the lost answer was found in Getty's history and reused: " + events);
        }
    }

    @Test
    void aClaimAbandonedMidPostDoesNotHoldUpTheBoardAndIsReconciled() throws Exception {
        try (GettyFlowRuntime rt = GettyFlowRuntime.start(overrides())) {
            String crashed = boardImage(rt);
            String key = "images:" + crashed + ":default";
            LicenseEventRepository repo = new LicenseEventRepository(rt.runtime.dataSource());
            assertTrue(repo.claim(key, crashed, "images", null, null), "a claim left by an instance killed mid-POST");
            startPolling(rt);
            // the other 7 are delivered while the claim is still inside the window a live POST could take
            await().atMost(Duration.ofSeconds(60)).until(() -> rt.delivered(GF1).size() == 7);
            assertTrue(rt.delivered(GF1).stream().noneMatch(d -> d.assetId().equals(crashed)));
            await().atMost(Duration.ofSeconds(10)).until(() -> letters(rt).stream()
                    .anyMatch(d -> d.status().equals("RETRYING") || d.status().equals("REPLAYING")));
            assertEquals(0, rt.sandbox.requestCount("POST", "/v3/downloads/images/" + crashed), "never POSTed while claimed");

            // the window passes (connect + read timeout + backoff): the claim is abandoned, Getty's record is asked
            try (var c = rt.runtime.dataSource().getConnection(); var ps = c.prepareStatement(
                    "UPDATE license_events SET claimed_at = ? WHERE request_key = ?")) {
                ps.setTimestamp(1, java.sql.Timestamp.from(java.time.Instant.now().minus(Duration.ofHours(1))));
                ps.setString(2, key);
                assertEquals(1, ps.executeUpdate());
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> rt.delivered(GF1).size() == 8);
            assertEquals(1, rt.sandbox.licensesPerAsset().get(crashed), "licensed once (Getty had nothing)");
            assertEquals(1, rt.sandbox.requestCount("GET", "/v3/images/" + crashed + "/downloadhistory"));
            assertTrue(letters(rt).stream().noneMatch(d -> d.status().equals("NEW")), "nothing for an operator");
        }
    }

    /** A video on GF1's board. */
    private static String boardVideo(GettyFlowRuntime rt) {
        String board = rt.runtime.config().get("mediarelay.gf1.board-id", "");
        return rt.sandbox.boardAssetIds(board).stream().filter(id -> !rt.sandbox.catalogImageIds().contains(id))
                .findFirst().orElseThrow();
    }

    /** An image on GF1's board (the license request key GF1 uses is images:<id>:default). */
    private static String boardImage(GettyFlowRuntime rt) {
        String board = rt.runtime.config().get("mediarelay.gf1.board-id", "");
        return rt.sandbox.boardAssetIds(board).stream().filter(id -> rt.sandbox.catalogImageIds().contains(id))
                .findFirst().orElseThrow();
    }
}
