package io.mediarelay.connector;

import java.net.URI;
import java.util.Locale;

/**
 * Refuses plain http for anything that carries credentials or licensed content, except to loopback
 * (the local sandbox). Only literal loopback names/addresses count: resolving DNS here would let a
 * hostile resolver turn a public name into "loopback".
 */
public final class SecureUrls {

    private SecureUrls() {
    }

    public static URI requireSecure(URI uri, String purpose) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (scheme.equals("https")) {
            return uri;
        }
        if (scheme.equals("http") && isLoopback(uri.getHost())) {
            return uri;
        }
        // host only: the full URI may be a signed download link
        throw new IllegalArgumentException("Refusing " + purpose + " over " + (scheme.isEmpty() ? "a relative URI" : scheme + "://")
                + " to non-loopback host '" + uri.getHost() + "'; use https");
    }

    public static URI requireSecure(String uri, String purpose) {
        return requireSecure(URI.create(uri), purpose);
    }

    public static boolean isLoopback(String host) {
        if (host == null) {
            return false;
        }
        String h = host.toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        if (h.equals("localhost") || h.equals("::1") || h.equals("0:0:0:0:0:0:0:1")) {
            return true;
        }
        String[] parts = h.split("\\.");
        if (parts.length != 4 || !parts[0].equals("127")) {
            return false;
        }
        for (String p : parts) {
            if (!p.matches("\\d{1,3}") || Integer.parseInt(p) > 255) {
                return false;
            }
        }
        return true;
    }

    /** Scheme, host and path only; drops the query, which on delivery URIs is a signature. */
    public static String redact(URI uri) {
        return uri.getScheme() + "://" + uri.getAuthority() + uri.getPath() + (uri.getQuery() == null ? "" : "?…");
    }
}
