package io.mediarelay.sandbox.photoshelter;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Member sessions of {@code mode=token}: a token expires after {@code idleSeconds} without use (PhotoShelter
 * documents that sessions "track idle time"), and can be revoked. Tokens are in memory only, so a sandbox
 * restart ends every session as a revocation would.
 */
final class Sessions {

    static final class Session {
        volatile long lastUsedMillis = System.currentTimeMillis();
        volatile String organizationId;
    }

    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private final AtomicInteger authCount = new AtomicInteger();
    private final AtomicInteger orgAuthCount = new AtomicInteger();
    private volatile int idleSeconds;

    Sessions(int idleSeconds) {
        this.idleSeconds = idleSeconds;
    }

    String open() {
        authCount.incrementAndGet();
        byte[] b = new byte[20];
        random.nextBytes(b);
        String token = HexFormat.of().formatHex(b);
        sessions.put(token, new Session());
        return token;
    }

    /** The live session of a token, touching its idle clock; 401 when missing, unknown, revoked or idle. */
    Session require(String token) {
        if (token == null || token.isBlank()) {
            throw SandboxError.unauthorized("Authentication required: send X-PS-Auth-Token");
        }
        Session s = sessions.get(token);
        long now = System.currentTimeMillis();
        if (s == null || now - s.lastUsedMillis > idleSeconds * 1000L) {
            sessions.remove(token);
            throw SandboxError.unauthorized("Session expired or invalid; authenticate again");
        }
        s.lastUsedMillis = now;
        return s;
    }

    void organizationAuthenticated(Session s, String orgId) {
        orgAuthCount.incrementAndGet();
        s.organizationId = orgId;
    }

    void revokeAll() { sessions.clear(); }

    void setIdleSeconds(int s) { idleSeconds = Math.max(1, s); }

    int authCount() { return authCount.get(); }

    int orgAuthCount() { return orgAuthCount.get(); }
}
