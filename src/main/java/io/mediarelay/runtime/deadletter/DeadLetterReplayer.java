package io.mediarelay.runtime.deadletter;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import io.mediarelay.common.FlowIdTagger;
import io.mediarelay.runtime.health.FlowOutcomeNotifier;
import org.apache.camel.AsyncProcessor;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.EndpointAware;
import org.apache.camel.Navigate;
import org.apache.camel.Processor;
import org.apache.camel.Route;
import org.apache.camel.component.kamelet.KameletEndpoint;
import org.apache.camel.support.AsyncProcessorConverterHelper;
import org.apache.camel.support.DefaultExchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a dead letter back through the route it failed in, as if its source had just produced it again: same
 * headers, the kept payload as body, the route's own error handling (so a second failure is a new dead letter,
 * never a loss). The letter is claimed first (NEW -> REPLAYING) so it is replayed at most once.
 *
 * <p>The target is the route the kept message entered: for a kamelet-sourced flow the kamelet's source route (the
 * message before the kamelet's own steps); when the failure happened inside an action/sink kamelet the flow called,
 * the kept message is the one that entered the kamelet, which carries every header the flow had set, and it goes
 * back to the start of the route that called the kamelet: the flow (its steps are idempotent: guard, license lookup,
 * upload under a temporary name), or the one branch of a fan-out that failed (the other targets got it already).
 * A message its source kamelet could not hand to the flow (the flow's route had stopped: shutdown, reload, handover)
 * goes to the flow, as the kamelet would have sent it; through the source's route it would be read again from the
 * source, which has moved past it. A letter waits (stays as it is) while its target route is not running: the
 * instance that runs the flow replays it.
 */
public final class DeadLetterReplayer {
    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterReplayer.class);

    /** How a replay went; {@code status} is an HTTP-like code for the admin API. */
    public record Result(long id, int status, String outcome, String route, Long newDeadLetter, String message) {
    }

    /** How many replays of this message failed before (carried from dead letter to dead letter). */
    public static final String ATTEMPT_HEADER = "MediarelayReplayAttempt";

    private final DeadLetterStore store;

    public DeadLetterReplayer(DeadLetterStore store) {
        this.store = store;
    }

    static String target(CamelContext context, DeadLetterStore.Stored letter) {
        Route route = letter.originRouteId() == null ? null : context.getRoute(letter.originRouteId());
        if (route != null && letter.stepId() != null && letter.stepId().endsWith("(kamelet://sink)")) {
            Route flow = FlowIdTagger.consumerOf(context, route.getRouteId());
            if (flow != null) {
                return flow.getRouteId(); // the hand-over from the source kamelet to its flow failed
            }
        }
        // a called kamelet's route failed: back to the start of the route that called it, which is the flow's own
        // route, or a branch of it (a fan-out target: replaying the whole flow would send to every target again)
        for (int depth = 0; route != null && isCalledKamelet(route); depth++) {
            route = depth < 5 ? callerOf(context, route.getRouteId()) : null;
        }
        return route == null ? letter.routeId() : route.getRouteId();
    }

    private static boolean isCalledKamelet(Route route) {
        return route.getEndpoint().getEndpointUri().startsWith("kamelet://source");
    }

    /** The route with a step that sends to the kamelet whose route is {@code kameletRouteId}, if any. */
    private static Route callerOf(CamelContext context, String kameletRouteId) {
        for (Route r : context.getRoutes()) {
            if (sendsTo(r.navigate(), kameletRouteId, 0)) {
                return r;
            }
        }
        return null;
    }

    private static boolean sendsTo(Navigate<Processor> nav, String kameletRouteId, int depth) {
        if (nav == null || !nav.hasNext() || depth > 50) {
            return false;
        }
        for (Processor p : nav.next()) {
            if (p instanceof EndpointAware ea && ea.getEndpoint() instanceof KameletEndpoint k
                    && kameletRouteId.equals(k.getRouteId())) {
                return true;
            }
            if (p instanceof Navigate<?> child && sendsTo(cast(child), kameletRouteId, depth + 1)) {
                return true;
            }
        }
        return false;
    }

    @SuppressWarnings("unchecked")
    private static Navigate<Processor> cast(Navigate<?> n) {
        return (Navigate<Processor>) n;
    }

    /** An operator's replay of a dead (NEW) letter. */
    public Result replay(CamelContext context, long id) throws Exception {
        return replay(context, id, DeadLetterStore.DEAD);
    }

    /**
     * Replays letter {@code id} if it is still in status {@code from} (NEW: an operator's replay; RETRYING: the
     * durable retry). A failure again updates the same letter (next attempt or dead), see {@link DeadLetterStore}.
     */
    public Result replay(CamelContext context, long id, String from) throws Exception {
        DeadLetterStore.Stored letter = store.find(id);
        if (letter == null) {
            return new Result(id, 404, "NOT_FOUND", null, null, "no dead letter #" + id);
        }
        String target = target(context, letter);
        Route route = context.getRoute(target);
        if (route == null || route.getConsumer() == null) {
            return new Result(id, 409, "NO_ROUTE", target, null, "route " + target + " is not loaded; fix or reload it first");
        }
        if (!context.getRouteController().getRouteStatus(target).isStarted()) {
            // a stopped flow delivers nothing, replays included; the letter keeps its status for when it runs
            return new Result(id, 409, "NOT_RUNNING", target, null, "route " + target + " is not running; start it first");
        }
        if (!store.transition(id, from, "REPLAYING")) {
            return new Result(id, 409, letter.status(), target, null, "dead letter #" + id + " is " + letter.status() + ", not " + from);
        }
        Exchange exchange = new DefaultExchange(context);
        exchange.getExchangeExtension().setFromEndpoint(route.getEndpoint());
        exchange.getExchangeExtension().setFromRouteId(target);
        exchange.setProperty(FlowIdTagger.FLOW_ID, letter.routeId());
        for (Map.Entry<String, String> h : letter.headers().entrySet()) {
            exchange.getIn().setHeader(h.getKey(), h.getValue());
        }
        if (letter.payloadPath() != null && Files.isRegularFile(Path.of(letter.payloadPath()))) {
            exchange.getIn().setBody(Path.of(letter.payloadPath()).toFile());
        }
        exchange.getIn().setHeader(DeadLetterStore.REPLAY_OF, id);
        Object attempt = letter.headers().get(ATTEMPT_HEADER);
        exchange.getIn().setHeader(ATTEMPT_HEADER, attempt == null ? 1 : Integer.parseInt(String.valueOf(attempt)) + 1);
        AsyncProcessor processor = AsyncProcessorConverterHelper.convert(route.getConsumer().getProcessor());
        try {
            processor.process(exchange);
        } catch (Exception e) {
            exchange.setException(e);
        }
        Long again = exchange.getProperty(FlowOutcomeNotifier.DEAD_LETTERED, Long.class);
        if (again != null || exchange.isFailed()) {
            store.transition(id, "REPLAYING", "REPLAYED");
            String why = exchange.getException() != null ? exchange.getException().getMessage() : "dead-lettered again";
            LOG.warn("Replay of dead letter #{} through {} failed again: {}", id, target, why);
            return new Result(id, 200, "DEAD_LETTERED_AGAIN", target, again, why);
        }
        store.transition(id, "REPLAYING", "REPLAYED");
        LOG.info("Dead letter #{} replayed through route {}", id, target);
        return new Result(id, 200, "COMPLETED", target, null, "replayed through " + target);
    }
}
