package io.mediarelay.getty;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * File name from a Content-Disposition header (RFC 6266: {@code filename*} preferred over
 * {@code filename}). The result is reduced to a bare name so a hostile header cannot make a file
 * endpoint write outside its directory.
 */
public final class ContentDisposition {

    private static final Pattern EXT = Pattern.compile("filename\\*\\s*=\\s*([^']*)'[^']*'([^;]+)", Pattern.CASE_INSENSITIVE);
    private static final Pattern QUOTED = Pattern.compile("filename\\s*=\\s*\"((?:[^\"\\\\]|\\\\.)*)\"", Pattern.CASE_INSENSITIVE);
    private static final Pattern PLAIN = Pattern.compile("filename\\s*=\\s*([^;\\s]+)", Pattern.CASE_INSENSITIVE);

    private ContentDisposition() {
    }

    public static String fileName(String header, String fallback) {
        String name = null;
        if (header != null) {
            Matcher m = EXT.matcher(header);
            if (m.find()) {
                name = URLDecoder.decode(m.group(2).trim().replace("+", "%2B"), StandardCharsets.UTF_8);
            } else if ((m = QUOTED.matcher(header)).find()) {
                name = m.group(1).replaceAll("\\\\(.)", "$1");
            } else if ((m = PLAIN.matcher(header)).find()) {
                name = m.group(1);
            }
        }
        name = sanitize(name);
        return name == null ? fallback : name;
    }

    static String sanitize(String name) {
        if (name == null) {
            return null;
        }
        String n = name.replace('\\', '/');
        n = n.substring(n.lastIndexOf('/') + 1).replaceAll("[\\p{Cntrl}]", "").trim();
        if (n.isEmpty() || n.equals(".") || n.equals("..")) {
            return null;
        }
        return n;
    }
}
