package io.mediarelay.flows;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mediarelay.connector.CursorStore;
import io.mediarelay.getty.LicenseEventRepository;
import io.mediarelay.license.LicenseRegistry;
import io.mediarelay.runtime.TestRuntimes;
import io.mediarelay.runtime.cli.MediarelayCli;
import io.mediarelay.transfer.DeliveryRecorder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code mediarelay plan}: a dry run shows what GF1 would license / deliver / skip (download limit and an UNCERTAIN
 * license event refused with their reasons) without licensing, uploading or moving the cursor; a real run then does
 * exactly that (same assets, same remote paths, same bytes); the plan after it shows them as already delivered.
 */
class FlowPlanTest {
    static final String FLOW = "gf1-licensed-package-export";

    @TempDir
    Path data;
    final ObjectMapper json = new ObjectMapper();

    Properties overrides(String... flows) {
        Properties p = GettyFlowRuntime.overrides(data, flows);
        // 8 assets on the approved board, 5 downloads: the plan must say which 2 would hit the limit
        p.setProperty("mediarelay.embedded.getty.download-limit", "5");
        return p;
    }

    String[] plan(GettyFlowRuntime rt, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        List<String> full = new ArrayList<>(List.of("plan"));
        full.addAll(List.of(args));
        full.addAll(List.of("--config", TestRuntimes.PROJECT.resolve("config").toString(),
                "--set", "mediarelay.data-dir=" + data,
                "--set", "mediarelay.db.url=" + rt.runtime.config().get("mediarelay.db.url"),
                "--set", "mediarelay.embedded.getty.port=" + rt.sandbox.port()));
        int rc = new CommandLine(new MediarelayCli()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
                .execute(full.toArray(String[]::new));
        return new String[] {String.valueOf(rc), out.toString(), err.toString()};
    }

    JsonNode planJson(GettyFlowRuntime rt, String flow) throws Exception {
        String[] r = plan(rt, flow, "--json");
        assertEquals("0", r[0], r[2]);
        return json.readTree(r[1]);
    }

    static List<JsonNode> items(JsonNode plan, String action) {
        List<JsonNode> out = new ArrayList<>();
        plan.get("items").forEach(i -> {
            if (i.get("action").asText().equals(action)) {
                out.add(i);
            }
        });
        return out;
    }

    @Test
    void planShowsLicenseDeliverSkipAndChangesNothingThenMatchesTheRun() throws Exception {
        Map<String, String> plannedPaths;
        Map<String, Long> plannedBytes;
        String uncertain;
        try (GettyFlowRuntime rt = GettyFlowRuntime.start(overrides())) {
            var ds = rt.runtime.dataSource();
            LicenseEventRepository events = new LicenseEventRepository(ds);
            // the first asset of the board has a license call whose outcome is unknown: a run must not license it
            JsonNode before = planJson(rt, "gf1");
            uncertain = before.get("items").get(0).get("assetId").asText();
            events.claim("images:" + uncertain + ":default", uncertain, "images", null, null);
            events.markUncertain("images:" + uncertain + ":default", "read timeout after POST");

            String[] table = plan(rt, "gf1");
            assertEquals("0", table[0], table[2]);
            System.out.println(table[1]);
            assertTrue(table[1].contains("Would license 5, deliver 5"), table[1]);
            assertTrue(table[1].contains("5 downloads remaining now, 5 new license(s), 0 after this run"), table[1]);

            JsonNode plan = planJson(rt, "gf1");
            List<JsonNode> license = items(plan, "LICENSE");
            List<JsonNode> skip = items(plan, "SKIP");
            assertEquals(5, license.size(), plan.toPrettyString());
            assertEquals(3, skip.size());
            JsonNode refused = skip.stream().filter(i -> i.get("assetId").asText().equals(uncertain)).findFirst().orElseThrow();
            assertEquals("LICENSE_UNCERTAIN", refused.get("code").asText());
            assertTrue(refused.get("reason").asText().contains("mediarelay licenses release images:" + uncertain + ":default"));
            List<JsonNode> limit = skip.stream().filter(i -> i.get("code").asText().equals("DOWNLOAD_LIMIT_REACHED")).toList();
            assertEquals(2, limit.size(), skip.toString());
            assertTrue(limit.get(0).get("reason").asText().contains("no downloads left"), limit.toString());
            for (JsonNode i : license) {
                assertTrue(i.get("remotePath").asText().startsWith("gf1-packages/" + GettyFtpFlowsTest.APPROVED + "/"
                        + i.get("assetId").asText() + "/"), i.toString());
                assertEquals("gf1-ftp", i.get("destination").asText());
                assertTrue(i.get("companions").get(0).asText().endsWith(".json"));
            }
            assertEquals(0, plan.get("products").get(0).get("remainingAfter").asInt());
            plannedPaths = license.stream().collect(Collectors.toMap(i -> i.get("assetId").asText(), i -> i.get("remotePath").asText()));
            plannedBytes = license.stream().filter(i -> i.get("assetType").asText().equals("images"))
                    .collect(Collectors.toMap(i -> i.get("assetId").asText(), i -> i.get("bytes").asLong()));

            // GF3: licensed once for all three offices; GF7: the agency's naming convention
            JsonNode gf3 = planJson(rt, "gf3");
            assertEquals(List.of("gf3-curated-distribution-office-a", "gf3-curated-distribution-office-b",
                    "gf3-curated-distribution-office-c"), json.convertValue(gf3.get("routes"), List.class));
            assertEquals(5, items(gf3, "LICENSE").size());
            assertEquals(10, items(gf3, "DELIVER").size(), "the other offices reuse the license");
            JsonNode gf7 = planJson(rt, "gf7-agency-package-agency-b");
            assertTrue(items(gf7, "LICENSE").stream().allMatch(i -> i.get("remotePath").asText()
                    .matches("gf7-agency-b/AGB_" + i.get("assetId").asText() + "\\.(jpg|mp4)")), gf7.toPrettyString());
            // GF2: the editorial board, JSON + XMP companions next to each file
            JsonNode gf2 = planJson(rt, "gf2");
            assertEquals(3, items(gf2, "LICENSE").size(), gf2.toPrettyString());
            for (JsonNode i : items(gf2, "LICENSE")) {
                String path = i.get("remotePath").asText();
                assertEquals("gf2-editorial/" + i.get("assetId").asText() + ".jpg", path);
                assertEquals(path + ".json", i.get("companions").get(0).asText());
                assertEquals(path.replace(".jpg", ".xmp"), i.get("companions").get(1).asText());
            }
            assertEquals(0, items(planJson(rt, "gf8"), "DELIVER").size(), "nothing licensed yet: nothing to archive");
            assertEquals("2", plan(rt, "gf9")[0], "unknown flow");

            // nothing licensed, uploaded, or moved by any plan
            assertEquals(0, rt.sandbox.licenseCount());
            assertEquals(5, rt.sandbox.remainingDownloads(rt.sandbox.defaultProductId()));
            assertFalse(Files.exists(rt.ftpRoot.resolve("gf1-packages")), "no upload");
            assertTrue(new CursorStore(ds).get(FLOW).isEmpty(), "cursor not moved");
            assertEquals(1, new LicenseRegistry(ds).count("license_events", null));
        }

        // the real run does what the plan said
        try (GettyFlowRuntime rt = GettyFlowRuntime.start(overrides("gf1"))) {
            LicenseRegistry registry = new LicenseRegistry(rt.runtime.dataSource());
            await().atMost(Duration.ofSeconds(60)).until(() -> rt.delivered(FLOW).size() == 5
                    && registry.count("dead_letters", "route_id = ?", FLOW) >= 3);
            Map<String, String> deliveredPaths = rt.delivered(FLOW).stream()
                    .collect(Collectors.toMap(DeliveryRecorder.Delivery::assetId, DeliveryRecorder.Delivery::remotePath));
            assertEquals(plannedPaths, deliveredPaths, "same assets, same final remote paths");
            // planned bytes are the size Getty states for the download (download_sizes); the file is what it is
            assertTrue(plannedBytes.values().stream().allMatch(b -> b > 0), plannedBytes.toString());
            assertEquals(5, rt.sandbox.licenseCount());

            JsonNode after = planJson(rt, "gf1");
            assertEquals(0, items(after, "LICENSE").size(), after.toPrettyString());
            Set<String> already = new TreeSet<>();
            after.get("items").forEach(i -> {
                if (i.get("code").asText().equals("ALREADY_DELIVERED")) {
                    already.add(i.get("assetId").asText());
                }
            });
            assertEquals(new TreeSet<>(plannedPaths.keySet()), already);
            assertEquals(0, after.get("products").get(0).get("downloadsRemaining").asInt());

            // GF8 would archive the 5 license records (and re-download the assets while their URIs are valid)
            JsonNode gf8 = planJson(rt, "gf8");
            List<JsonNode> archive = items(gf8, "DELIVER");
            assertEquals(5, archive.size(), gf8.toPrettyString());
            for (JsonNode i : archive) {
                assertTrue(i.get("remotePath").asText().matches("gf8-archive/licenses/" + i.get("assetId").asText() + "-\\d+\\.json"), i.toString());
                assertEquals("NONE", i.get("code").asText(), "archiving licenses nothing");
                assertEquals(1, i.get("companions").size(), "asset re-downloaded with its valid URI");
            }
            assertEquals(5, rt.sandbox.licenseCount(), "plans license nothing");
        }
    }

    @Test
    void planListsWhatTheLicenseGateWouldRefuseAndTheRunRefusesExactlyThose() throws Exception {
        // advertising is commercial: editorial-only assets may not go there; rights-managed ones only within "web"
        String[] use = {"--set", "mediarelay.gf1.use.channel=advertising", "--set", "mediarelay.gf1.agreement.channels=web"};
        Properties o = GettyFlowRuntime.overrides(data);
        o.setProperty("mediarelay.gf1.use.channel", "advertising");
        o.setProperty("mediarelay.gf1.agreement.channels", "web");
        Set<String> refused = new TreeSet<>();
        try (GettyFlowRuntime rt = GettyFlowRuntime.start(o)) {
            List<String> args = new ArrayList<>(List.of("gf1", "--json"));
            args.addAll(List.of(use));
            String[] r = plan(rt, args.toArray(String[]::new));
            assertEquals("0", r[0], r[2]);
            json.readTree(r[1]).get("items").forEach(i -> {
                if (i.get("code").asText().startsWith("GATE_")) {
                    assertTrue(i.get("reason").asText().contains("advertising"), i.toString());
                    refused.add(i.get("assetId").asText());
                }
            });
            assertFalse(refused.isEmpty(), "the gate refuses some assets: " + r[1]);
            assertTrue(refused.size() < 8, "royalty-free assets pass the gate");
            assertEquals(0, rt.sandbox.licenseCount(), "plan licensed nothing");
        }
        o.setProperty("mediarelay.gf1.enabled", "true");
        try (GettyFlowRuntime rt = GettyFlowRuntime.start(o)) {
            LicenseRegistry registry = new LicenseRegistry(rt.runtime.dataSource());
            await().atMost(Duration.ofSeconds(60)).until(() -> rt.delivered(FLOW).size()
                    + registry.count("dead_letters", "route_id = ?", FLOW) >= 8);
            Set<String> delivered = rt.delivered(FLOW).stream().map(DeliveryRecorder.Delivery::assetId)
                    .collect(Collectors.toCollection(TreeSet::new));
            assertEquals(8 - refused.size(), delivered.size(), "delivered = what the plan let through");
            delivered.forEach(a -> assertFalse(refused.contains(a), a + " was planned as refused"));
            assertEquals(delivered.size(), rt.sandbox.licenseCount(), "nothing bought for a refused use");
        }
    }
}
