package io.mediarelay.sandbox.getty;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Front door of {@code /v3}: applies what Getty's API gateway applies to every call (latency knob,
 * Api-Key check, QPS throttle, injected 5xx) and then dispatches to the registered route.
 */
final class ApiRouter implements HttpHandler {

    private static final Logger LOG = LoggerFactory.getLogger(ApiRouter.class);

    interface Route {
        void handle(ApiCall call) throws IOException;
    }

    private record Entry(String method, Pattern pattern, Route route) {
    }

    private final List<Entry> routes = new ArrayList<>();
    private final String apiKey;
    private final TokenService tokens;
    private final FaultInjector faults;
    private final CallGauge gauge;

    ApiRouter(String apiKey, TokenService tokens, FaultInjector faults, CallGauge gauge) {
        this.apiKey = apiKey;
        this.tokens = tokens;
        this.faults = faults;
        this.gauge = gauge;
    }

    FaultInjector faults() {
        return faults;
    }

    ApiRouter add(String method, String regex, Route route) {
        routes.add(new Entry(method, Pattern.compile("^" + regex + "/?$"), route));
        return this;
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        long start = System.nanoTime();
        String method = ex.getRequestMethod();
        String path = ex.getRequestURI().getPath();
        int status = 500;
        gauge.enter();
        try {
            faults.count(method, path);
            faults.delay();
            String key = ex.getRequestHeaders().getFirst("Api-Key");
            if (key == null || key.isBlank()) {
                // today's AWS gateway answer for a missing key
                throw ApiException.gateway(401, "Unauthorized");
            }
            if (!Objects.equals(apiKey, key.trim())) {
                throw ApiException.gateway(403, "Forbidden").header("x-amzn-errortype", "ForbiddenException");
            }
            faults.throttle();
            faults.maybeFail();
            faults.scripted(method, path, false);
            boolean pathKnown = false;
            for (Entry e : routes) {
                Matcher m = e.pattern.matcher(path);
                if (!m.matches()) continue;
                pathKnown = true;
                if (e.method.equals(method)) {
                    e.route.handle(new ApiCall(ex, m, tokens));
                    status = ex.getResponseCode();
                    return;
                }
            }
            throw pathKnown
                    ? ApiException.service(405, "MethodNotAllowed", method + " is not supported on " + path)
                    : ApiException.service(404, "NotFound", "No such resource: " + path);
        } catch (ApiException e) {
            status = e.status;
            HttpIo.sendError(ex, e);
        } catch (RuntimeException e) {
            LOG.warn("sandbox handler failed for {} {}", method, path, e);
            HttpIo.sendError(ex, ApiException.service(500, "InternalServerError", String.valueOf(e.getMessage())));
        } finally {
            gauge.exit();
            ex.close();
            if (LOG.isDebugEnabled()) {
                LOG.debug("{} {} -> {} ({} ms)", method, ex.getRequestURI(), status, (System.nanoTime() - start) / 1_000_000);
            }
        }
    }
}
