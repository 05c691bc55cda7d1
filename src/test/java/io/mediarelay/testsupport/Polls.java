package io.mediarelay.testsupport;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.support.ScheduledPollConsumer;

/**
 * Proof for "nothing more happens" checks: instead of sleeping and hoping a poll ran meanwhile, wait until the
 * source of a flow has run {@code n} more times, then assert. Without it such a check passes even when the source
 * never polled again (stopped, suspended, backed off, or a cron far in the future), i.e. when it tests nothing.
 *
 * <p>A polling consumer (getty:, photoshelter:changes, ftp/sftp/file) counts its polls
 * ({@link ScheduledPollConsumer#getCounter()}, incremented when a poll starts; the polls of one consumer run one
 * after another, so when poll {@code k + 1} has started, poll {@code k} has finished). A timer or quartz source
 * creates one exchange per run; those are counted with Camel's {@link NotifyBuilder} once done.
 */
public final class Polls {
    private Polls() {
    }

    /**
     * Waits until the source named by {@code routeOrEndpoint} (a route id, or the start of a route's endpoint URI such as
     * {@code timer://gh7-catalog-sync} for a kamelet route without an id) has completed {@code n} more runs.
     */
    public static void awaitMoreRuns(CamelContext context, String routeOrEndpoint, int n, Duration atMost) {
        Route route = route(context, routeOrEndpoint);
        if (route.getConsumer() instanceof ScheduledPollConsumer polling) {
            long from = polling.getCounter();
            await("" + n + " more polls of " + route.getRouteId()).atMost(atMost)
                    .until(() -> polling.getCounter() > from + n);
            return;
        }
        NotifyBuilder runs = new NotifyBuilder(context).fromRoute(route.getRouteId()).whenDone(n).create();
        assertTrue(runs.matches(atMost.toMillis(), TimeUnit.MILLISECONDS),
                n + " more runs of " + route.getRouteId() + " within " + atMost);
    }

    static Route route(CamelContext context, String routeOrEndpoint) {
        Route byId = context.getRoute(routeOrEndpoint);
        if (byId != null) {
            return byId;
        }
        List<Route> byUri = context.getRoutes().stream()
                .filter(r -> r.getEndpoint().getEndpointUri().startsWith(routeOrEndpoint)).toList();
        if (byUri.size() != 1) {
            throw new IllegalArgumentException("not one route with id or endpoint " + routeOrEndpoint + ": " + byUri);
        }
        return byUri.get(0);
    }
}
