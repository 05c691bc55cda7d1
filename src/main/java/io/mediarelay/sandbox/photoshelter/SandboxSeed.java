package io.mediarelay.sandbox.photoshelter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;

/**
 * First-start content: a small collection tree with galleries and a few images carrying IPTC, and custom fields
 * (Approval + rights) that the partner distribution flow (PF3) reads.
 */
final class SandboxSeed {

    private SandboxSeed() {
    }

    static void seed(SandboxStore store) {
        try {
            SandboxStore.Container brand = store.createContainer("collection", "Brand", null);
            SandboxStore.Container y2026 = store.createContainer("collection", "2026", brand.id);
            SandboxStore.Container spring = store.createContainer("gallery", "Spring Campaign", y2026.id);
            store.createContainer("gallery", "Inbox", null);
            for (int n = 1; n <= 3; n++) {
                byte[] bytes = ("sandbox seed image " + n + "\n").repeat(200).getBytes(StandardCharsets.UTF_8);
                Path tmp = Files.createTempFile(store.dir(), "seed", ".tmp");
                Files.write(tmp, bytes);
                String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
                SandboxStore.Image img = store.addImage(spring.id, "spring-" + n + ".jpg", tmp, bytes.length, sha);
                store.updateMetadata(img.id, "iptc", Map.of("caption", "Spring campaign shot " + n,
                        "keywords", "spring,campaign", "credit", "Sandbox Photographer"));
                // custom fields as a library keeps them: PF3 reads the approval, ps-expiry-import the rights
                // (shot 3 is pending approval and is the company's own photography without a license record)
                Map<String, Object> custom = new java.util.LinkedHashMap<>();
                custom.put("Approval", n < 3 ? "approved" : "pending");
                if (n == 1) {
                    custom.putAll(Map.of("License Expiry", "2026-12-31", "Territory", "US,CA", "Channels", "web,social",
                            "Usage Limit", "100", "Campaign", "Spring 2026", "Photographer", "Sandbox Photographer"));
                } else if (n == 2) {
                    custom.putAll(Map.of("License Expiry", "2027-06-30", "Restrictions", "No print use.",
                            "Photographer", "Sandbox Photographer"));
                }
                store.updateMetadata(img.id, "custom", custom);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
