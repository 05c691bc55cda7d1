package io.mediarelay.sandbox.getty;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpPrincipal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Test classpath only (registered in META-INF/services): every {@code /v3} request any test sends to any Getty
 * sandbox, and every answer the sandbox gives, is validated against Getty's current OpenAPI document
 * ({@value #SPEC}, a copy of shared/specs/getty, so the build needs no shared folder).
 * <ul>
 *   <li>A request the spec refuses is answered as Getty would refuse it: 404 for a path the spec does not have,
 *       else 400 {@code InvalidParameterValue}, naming the violations. The handler never runs, so the test that
 *       sent it fails.</li>
 *   <li>An answer off the spec is replaced by a 500 {@code SandboxOffContract} naming the violations: a sandbox
 *       bug must fail the test, not teach the connector a field Getty never sends.</li>
 * </ul>
 * Deliberate, documented deviations (docs/GETTY.md) are accepted by {@link #accepted}. Every violation is also kept
 * in {@link #violations()} for tests that assert on it.
 */
public final class OpenApiTrafficCheck implements SandboxTrafficCheck {
    static final String SPEC = "/getty/getty-images-v3.openapi-3.0.1.api-evangelist.yaml";
    private static final Logger LOG = LoggerFactory.getLogger(OpenApiTrafficCheck.class);
    private static final List<String> VIOLATIONS = new CopyOnWriteArrayList<>();
    private static volatile OpenApiInteractionValidator validator;

    /** Every violation seen in this JVM, request and response, as one line each. */
    public static List<String> violations() {
        return List.copyOf(VIOLATIONS);
    }

    static OpenApiInteractionValidator validator() {
        OpenApiInteractionValidator v = validator;
        if (v == null) {
            synchronized (OpenApiTrafficCheck.class) {
                if (validator == null) {
                    try (InputStream in = OpenApiTrafficCheck.class.getResourceAsStream(SPEC)) {
                        validator = OpenApiInteractionValidator.createForInlineApiSpecification(
                                new String(in.readAllBytes(), StandardCharsets.UTF_8)).build();
                    } catch (IOException e) {
                        throw new IllegalStateException("cannot read " + SPEC, e);
                    }
                }
                v = validator;
            }
        }
        return v;
    }

    @Override
    public Filter filter() {
        return new Filter() {
            @Override
            public void doFilter(HttpExchange ex, Chain chain) throws IOException {
                check(ex, chain);
            }

            @Override
            public String description() {
                return "Getty OpenAPI contract check";
            }
        };
    }

    private static void check(HttpExchange ex, Filter.Chain chain) throws IOException {
        byte[] body = ex.getRequestBody().readAllBytes();
        Request request = request(ex, body);
        List<ValidationReport.Message> wrong = errors(validator().validateRequest(request), null);
        String what = ex.getRequestMethod() + " " + ex.getRequestURI();
        if (!wrong.isEmpty()) {
            String text = text(wrong);
            VIOLATIONS.add("request " + what + ": " + text);
            LOG.error("Getty sandbox refused a request off Getty's spec: {}: {}", what, text);
            boolean noPath = wrong.stream().anyMatch(m -> m.getKey().startsWith("validation.request.path.missing"));
            byte[] answer = ("{\"ErrorCode\":\"" + (noPath ? "NotFound" : "InvalidParameterValue") + "\",\"message\":"
                    + HttpIo.JSON.writeValueAsString("off Getty's OpenAPI spec: " + text) + "}").getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.sendResponseHeaders(noPath ? 404 : 400, answer.length);
            ex.getResponseBody().write(answer);
            ex.close();
            return;
        }
        Buffered buffered = new Buffered(ex, body);
        chain.doFilter(buffered);
        buffered.close(); // idempotent: the handler normally closed it already
    }

    private static Request request(HttpExchange ex, byte[] body) {
        URI uri = ex.getRequestURI();
        SimpleRequest.Builder b = new SimpleRequest.Builder(ex.getRequestMethod(), uri.getRawPath());
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                int eq = pair.indexOf('=');
                b.withQueryParam(decode(eq < 0 ? pair : pair.substring(0, eq)), eq < 0 ? "" : decode(pair.substring(eq + 1)));
            }
        }
        ex.getRequestHeaders().forEach(b::withHeader);
        if (body.length > 0) {
            b.withBody(new String(body, StandardCharsets.UTF_8));
        }
        return b.build();
    }

    private static String decode(String s) {
        return java.net.URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    /** The ERROR messages of a report that are not deliberate deviations. */
    private static List<ValidationReport.Message> errors(ValidationReport report, Integer status) {
        return report.getMessages().stream().filter(m -> m.getLevel() == ValidationReport.Level.ERROR)
                .filter(m -> !accepted(m, status)).toList();
    }

    /**
     * The deliberate deviations (docs/GETTY.md, "Sandbox deviations"):
     * <ul>
     *   <li>security: the sandbox answers a missing/wrong Api-Key or token itself (401/403 as Getty's gateway does);
     *       the validator would only say "missing security";</li>
     *   <li>error answers (status &ge; 400) carry Getty's JSON error bodies, which the spec does not declare, and
     *       may have a status the operation does not list (429 throttling, injected 5xx, gateway 401/403);</li>
     *   <li>{@code POST /v3/downloads/*} 200 carries {@code {"uri": ...}} (Getty's documented answer; the spec declares
     *       no content).</li>
     * </ul>
     */
    static boolean accepted(ValidationReport.Message m, Integer status) {
        String key = m.getKey();
        if (key.startsWith("validation.request.security")) {
            return true;
        }
        return status != null && (key.equals("validation.response.body.unexpected")
                || (status >= 400 && key.equals("validation.response.status.unknown")));
    }

    private static String text(List<ValidationReport.Message> messages) {
        return messages.stream().map(m -> m.getKey() + ": " + m.getMessage().replaceAll("\\s+", " "))
                .collect(Collectors.joining("; "));
    }

    /**
     * The exchange the handler sees: its answer is held until closed, validated, then sent (or replaced by a 500
     * naming what is off the spec).
     */
    private static final class Buffered extends HttpExchange {
        private final HttpExchange ex;
        private final Request request;
        private final InputStream in;
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private int status = -1;
        private boolean closed;

        Buffered(HttpExchange ex, byte[] body) {
            this.ex = ex;
            this.request = request(ex, body);
            this.in = new ByteArrayInputStream(body);
        }

        @Override
        public synchronized void close() {
            if (closed) {
                return;
            }
            closed = true;
            try {
                send();
            } catch (IOException e) {
                LOG.debug("client went away: {}", e.toString());
            } finally {
                ex.close();
            }
        }

        private void send() throws IOException {
            if (status < 0) {
                return; // the handler answered nothing: nothing to check or send
            }
            byte[] body = out.toByteArray();
            SimpleResponse.Builder b = SimpleResponse.Builder.status(status);
            ex.getResponseHeaders().forEach(b::withHeader);
            if (body.length > 0) {
                b.withBody(new String(body, StandardCharsets.UTF_8));
            }
            List<ValidationReport.Message> wrong = errors(validator().validateResponse(request.getPath(),
                    request.getMethod(), b.build()), status);
            if (status >= 400 || status == 303) {
                wrong = wrong.stream().filter(m -> !m.getKey().startsWith("validation.response.body")).toList();
            }
            if (!wrong.isEmpty()) {
                String text = text(wrong);
                String what = ex.getRequestMethod() + " " + ex.getRequestURI() + " -> " + status;
                VIOLATIONS.add("response " + what + ": " + text);
                LOG.error("Getty sandbox answer off Getty's spec: {}: {}", what, text);
                body = ("{\"ErrorCode\":\"SandboxOffContract\",\"message\":" + HttpIo.JSON.writeValueAsString(
                        "sandbox answer off Getty's OpenAPI spec: " + text) + "}").getBytes(StandardCharsets.UTF_8);
                ex.getResponseHeaders().set("Content-Type", "application/json");
                status = 500;
            }
            ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
            if (body.length > 0) {
                ex.getResponseBody().write(body);
            }
        }

        @Override
        public void sendResponseHeaders(int rCode, long responseLength) {
            status = rCode;
        }

        @Override
        public int getResponseCode() {
            return status;
        }

        @Override
        public InputStream getRequestBody() {
            return in;
        }

        @Override
        public OutputStream getResponseBody() {
            return out;
        }

        @Override
        public Headers getRequestHeaders() {
            return ex.getRequestHeaders();
        }

        @Override
        public Headers getResponseHeaders() {
            return ex.getResponseHeaders();
        }

        @Override
        public URI getRequestURI() {
            return ex.getRequestURI();
        }

        @Override
        public String getRequestMethod() {
            return ex.getRequestMethod();
        }

        @Override
        public HttpContext getHttpContext() {
            return ex.getHttpContext();
        }

        @Override
        public InetSocketAddress getRemoteAddress() {
            return ex.getRemoteAddress();
        }

        @Override
        public InetSocketAddress getLocalAddress() {
            return ex.getLocalAddress();
        }

        @Override
        public String getProtocol() {
            return ex.getProtocol();
        }

        @Override
        public Object getAttribute(String name) {
            return ex.getAttribute(name);
        }

        @Override
        public void setAttribute(String name, Object value) {
            ex.setAttribute(name, value);
        }

        @Override
        public void setStreams(InputStream i, OutputStream o) {
            throw new UnsupportedOperationException("not used by the sandbox");
        }

        @Override
        public HttpPrincipal getPrincipal() {
            return ex.getPrincipal();
        }
    }
}
