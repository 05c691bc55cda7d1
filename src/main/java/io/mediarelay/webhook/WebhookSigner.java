package io.mediarelay.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA256 over {@code timestamp + "." + body}, the scheme receivers verify (Stripe/GitHub style): binding the
 * timestamp into the MAC lets a receiver refuse replays of an old, captured request.
 */
public final class WebhookSigner {
    public static final String EVENT_ID = "X-Mediarelay-Event-Id";
    public static final String EVENT_TYPE = "X-Mediarelay-Event-Type";
    public static final String TIMESTAMP = "X-Mediarelay-Timestamp";
    public static final String SIGNATURE = "X-Mediarelay-Signature";

    private WebhookSigner() {
    }

    /** @return {@code sha256=<lower-case hex>} */
    public static String sign(String secret, String timestamp, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] sig = mac.doFinal((timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
            return "sha256=" + HexFormat.of().formatHex(sig);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    /** Constant-time check, as a receiver would do it; used by tests and offered to receiver implementers. */
    public static boolean verify(String secret, String timestamp, String body, String signature) {
        if (signature == null) {
            return false;
        }
        byte[] expected = sign(secret, timestamp, body).getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(expected, signature.getBytes(StandardCharsets.UTF_8));
    }
}
