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
                // PF3 partner distribution shows approval by custom field: two approved (with rights), one pending
                store.updateMetadata(img.id, "custom", n < 3
                        ? Map.of("Approval", "approved", "License Expiry", "2030-12-31", "Photographer", "Sandbox Photographer")
                        : Map.of("Approval", "pending"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
