package io.mediarelay.transfer.naming;

import java.util.ArrayList;
import java.util.List;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;

/**
 * {@link RemoteNamePolicy} for HTTP targets (mapped-http-sink, GH1's binary PUT): {@code MediarelayTargetPath}
 * is rebuilt segment by segment, each one sanitized and percent-encoded (a file name such as
 * {@code "a b?x=1#..%2F"} stays one path segment, never a query, fragment or traversal), and an
 * {@code X-Filename} header is made an ASCII value without control characters (no header injection).
 */
public final class HttpNameStep implements Processor {
    public static final String TARGET_PATH = "MediarelayTargetPath";

    @Override
    public void process(Exchange exchange) {
        Message in = exchange.getIn();
        String path = in.getHeader(TARGET_PATH, String.class);
        if (path != null) {
            in.setHeader(TARGET_PATH, safePath(path));
        }
        String fileName = in.getHeader("X-Filename", String.class);
        if (fileName != null) {
            in.setHeader("X-Filename", RemoteNamePolicy.headerValue(fileName));
        }
    }

    /** "/assets/<id>/file" with each segment safe; a leading '/' is kept, empty segments are dropped. */
    static String safePath(String path) {
        List<String> out = new ArrayList<>();
        for (String seg : path.split("/")) {
            if (!seg.isEmpty()) {
                out.add(RemoteNamePolicy.httpSegment(seg));
            }
        }
        return (path.startsWith("/") ? "/" : "") + String.join("/", out);
    }
}
