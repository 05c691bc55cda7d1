package io.mediarelay.sandbox.getty;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Signs delivery URLs with an HMAC derived from the seed. Like Getty's delivery/CDN URLs they are
 * opaque, self-contained and time-limited, so they keep working across a restart (same seed, same
 * port) without any server-side session.
 */
final class UrlSigner {

    private final byte[] key;

    UrlSigner(long seed) {
        this.key = ("getty-sandbox-delivery-" + seed).getBytes(StandardCharsets.UTF_8);
    }

    String sign(String payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] sig = mac.doFinal(payload.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(sig).substring(0, 22);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    boolean verify(String payload, String signature) {
        if (signature == null) return false;
        return MessageDigest.isEqual(sign(payload).getBytes(StandardCharsets.UTF_8),
                signature.getBytes(StandardCharsets.UTF_8));
    }

    /** Short deterministic hex digest, used for ETags. */
    static String digest(String s) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
