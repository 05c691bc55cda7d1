package io.mediarelay.governance;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mediarelay.license.Asset;
import io.mediarelay.license.GettyLicenseImport;
import io.mediarelay.license.License;
import io.mediarelay.license.LicenseRegistry;
import io.mediarelay.runtime.MediarelayRuntime;
import io.mediarelay.runtime.TestRuntimes;
import io.mediarelay.sandbox.getty.GettySandbox;
import io.mediarelay.sandbox.receiver.HttpReceiver;
import io.mediarelay.webhook.WebhookSigner;
import io.mediarelay.testsupport.Polls;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Asset updated / usage terms changed (route gh-asset-refresh) in the real runtime: Getty sandbox metadata changes
 * become exactly one signed webhook per change at the embedded HTTP receiver; no change, no event. The periodic
 * registry change scan runs every 300 ms alongside, so a second announcement would show.
 */
class GettyAssetRefreshTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String PUBLISHING = "webhooks-publishing";
    static final String COMPLIANCE = "webhooks-compliance";

    @TempDir
    Path data;
    MediarelayRuntime runtime;
    GettySandbox getty;
    HttpReceiver receiver;
    LicenseRegistry registry;

    @BeforeEach
    void start() throws Exception {
        Properties p = TestRuntimes.overrides(data);
        p.setProperty("mediarelay.asset-refresh.enabled", "true");
        p.setProperty("mediarelay.asset-refresh.cron", "0/1 * * * * ?");
        p.setProperty("mediarelay.webhooks.poll-ms", "100");
        p.setProperty("mediarelay.webhooks.change-scan-ms", "300");
        p.setProperty("mediarelay.http.poll-ms", "3600000");
        runtime = new MediarelayRuntime(TestRuntimes.config(p)).start();
        getty = runtime.embedded().find(GettySandbox.class).orElseThrow();
        receiver = runtime.embedded().find(HttpReceiver.class).orElseThrow();
        registry = runtime.context().getRegistry().lookupByNameAndType("licenseRegistry", LicenseRegistry.class);
    }

    @AfterEach
    void stop() {
        runtime.close();
    }

    /** Registers a Getty license the way the importers do: asset row from Getty metadata + a license with own terms. */
    @SuppressWarnings("unchecked")
    void license(String assetId, String agreementRestriction) {
        license("images", assetId, agreementRestriction);
    }

    @SuppressWarnings("unchecked")
    void license(String type, String assetId, String agreementRestriction) {
        Map<String, Object> result = runtime.context().createProducerTemplate().requestBody(
                // detail_set, as the flows' getty-license-register-action asks: the refresh (its own field list) must
                // find the row it would write, or every run announces an unchanged asset (a video's detail set had a
                // credit_line in the sandbox, which Getty's video fields do not have: asset.updated every 10 minutes)
                "getty:metadata?assetType=" + type + "&fields=detail_set", assetId, Map.class);
        Map<String, Object> meta = ((List<Map<String, Object>>) result.get(type)).get(0);
        Asset asset = GettyLicenseImport.asset(meta, assetId);
        registry.upsertAsset(asset);
        String restrictions = asset.restrictions() == null ? agreementRestriction : asset.restrictions() + " " + agreementRestriction;
        registry.putLicense(License.of("getty-L-" + assetId, "getty", assetId, Set.of("US"), Set.of("web"),
                LocalDate.parse("2026-01-01"), LocalDate.parse("2027-12-31")).withRestrictions(restrictions));
    }

    List<HttpReceiver.Received> events(String target, String type, String assetId) throws Exception {
        List<HttpReceiver.Received> out = new java.util.ArrayList<>();
        for (HttpReceiver.Received r : receiver.received(target)) {
            JsonNode body = JSON.readTree(r.body());
            if (type.equals(body.get("type").asText()) && assetId.equals(body.get("assetId").asText())) {
                out.add(r);
            }
        }
        return out;
    }

    static void assertSigned(HttpReceiver.Received r, String secret) {
        assertTrue(WebhookSigner.verify(secret, r.headers().get("x-mediarelay-timestamp"), r.body(),
                r.headers().get("x-mediarelay-signature")), "signature verifies with the receiver's secret");
    }

    /** Two more runs of each stage, one after the other: whatever they would send has been sent. */
    private void refreshScanAndDispatch() {
        Polls.awaitMoreRuns(runtime.context(), "gh-asset-refresh", 2, Duration.ofSeconds(20));
        Polls.awaitMoreRuns(runtime.context(), "gh8-registry-changes", 2, Duration.ofSeconds(20));
        Polls.awaitMoreRuns(runtime.context(), "gh8-webhook-dispatch", 2, Duration.ofSeconds(20));
    }

    @Test
    void changedRestrictionsAtGettyBecomeOneSignedEventEachAndNoChangeNoEvent() throws Exception {
        String a = getty.catalogImageIds().get(0);
        String b = getty.catalogImageIds().get(1);
        String v = getty.catalogVideoIds().get(0);
        license(a, "Campaign Spring 2026 only.");
        license(b, "Web only.");
        license("videos", v, "Broadcast excluded.");

        // refresh runs, then change scans, then dispatches over unchanged assets: nothing to announce
        refreshScanAndDispatch();
        assertEquals(List.of(), receiver.received());

        // Getty restricts asset A
        getty.updateAsset(a, null, List.of("Not for use in advertising."), null);
        await().atMost(Duration.ofSeconds(60)).until(() -> events(PUBLISHING, "asset.updated", a).size() == 1
                && events(COMPLIANCE, "usage.terms_changed", a).size() == 1);
        assertEquals("Not for use in advertising. Campaign Spring 2026 only.",
                registry.license("getty-L-" + a).orElseThrow().restrictions(), "Getty part replaced, agreement part kept");
        HttpReceiver.Received updated = events(PUBLISHING, "asset.updated", a).get(0);
        assertSigned(updated, "sandbox-webhook-secret-publishing");
        assertEquals("Not for use in advertising.", JSON.readTree(updated.body()).get("data").get("restrictions").asText());
        HttpReceiver.Received terms = events(COMPLIANCE, "usage.terms_changed", a).get(0);
        assertSigned(terms, "sandbox-webhook-secret-compliance");
        assertEquals("getty-L-" + a, JSON.readTree(terms.body()).get("data").get("license_id").asText());

        // Getty changes only B's title: asset.updated, the terms did not change
        getty.updateAsset(b, "Renamed by Getty", null, null);
        await().atMost(Duration.ofSeconds(60)).until(() -> events(PUBLISHING, "asset.updated", b).size() == 1);
        assertSigned(events(PUBLISHING, "asset.updated", b).get(0), "sandbox-webhook-secret-publishing");

        // a video (not found as an image, asked again as a video) gains a restriction
        getty.updateAsset(v, null, List.of("No use in political campaigns."), null);
        await().atMost(Duration.ofSeconds(60)).until(() -> events(PUBLISHING, "asset.updated", v).size() == 1
                && events(COMPLIANCE, "usage.terms_changed", v).size() == 1);
        assertEquals("No use in political campaigns. Broadcast excluded.",
                registry.license("getty-L-" + v).orElseThrow().restrictions());

        // more runs and scans: each change was announced once, nothing else arrives
        // (publishing: A updated + terms, B updated, V updated + terms; compliance: A terms, V terms)
        refreshScanAndDispatch();
        assertEquals(7, receiver.received().size(), receiver.received().toString());
        assertEquals(1, events(PUBLISHING, "asset.updated", a).size());
        assertEquals(1, events(PUBLISHING, "usage.terms_changed", a).size());
        assertEquals(1, events(COMPLIANCE, "usage.terms_changed", a).size());
        assertEquals(1, events(PUBLISHING, "asset.updated", b).size());
        assertEquals(0, events(PUBLISHING, "usage.terms_changed", b).size() + events(COMPLIANCE, "usage.terms_changed", b).size());
        assertEquals("Renamed by Getty", registry.licensesOf(b).isEmpty() ? null
                : strings("SELECT title FROM assets WHERE asset_id = '" + b + "'").get(0));
    }

    List<String> strings(String sql) throws Exception {
        return GovernanceTestSupport.strings(runtime.dataSource(), sql);
    }
}
