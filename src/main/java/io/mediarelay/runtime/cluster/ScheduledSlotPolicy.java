package io.mediarelay.runtime.cluster;

import java.text.ParseException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.OptionalLong;
import java.util.TimeZone;
import java.util.concurrent.ExecutorService;

import org.apache.camel.CamelContext;
import org.apache.camel.Consumer;
import org.apache.camel.Exchange;
import org.apache.camel.NamedNode;
import org.apache.camel.Route;
import org.apache.camel.component.quartz.QuartzEndpoint;
import org.apache.camel.spi.RoutePolicy;
import org.apache.camel.spi.RoutePolicyFactory;
import org.apache.camel.support.RoutePolicySupport;
import org.quartz.CronExpression;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Each cron slot of a Quartz route fires once across the cluster, a slot that fell during a failover included.
 *
 * <p>Leader-run schedule with catch-up (not Quartz's clustered JDBC store): the route only runs on the flow's leader
 * ({@link FlowLeadership}); every run first claims its slot in {@code schedule_slots} (a run whose slot is claimed
 * already is dropped before its first step, which covers a leader that lost its session but has not noticed yet),
 * and a route that starts (a new leader) fires, in order, the slots missed since the last claimed one, within
 * {@code mediarelay.cluster.schedule.catch-up-window} and at most {@code catch-up-max-slots}.
 */
public final class ScheduledSlotPolicy implements RoutePolicyFactory {
    private static final Logger LOG = LoggerFactory.getLogger(ScheduledSlotPolicy.class);
    /** Header camel-quartz sets on every fired exchange: the slot the trigger was scheduled for. */
    static final String SCHEDULED_FIRE_TIME = "scheduledFireTime";
    public static final String CATCH_UP = "MediarelayCatchUpSlot";

    private final ScheduleSlots slots;
    private final ClusterSettings settings;
    private final Clock clock;

    public ScheduledSlotPolicy(ScheduleSlots slots, ClusterSettings settings, Clock clock) {
        this.slots = slots;
        this.settings = settings;
        this.clock = clock;
    }

    @Override
    public RoutePolicy createRoutePolicy(CamelContext context, String routeId, NamedNode route) {
        boolean quartz = route instanceof org.apache.camel.model.RouteDefinition def && def.getInput() != null
                && def.getInput().getEndpointUri() != null && def.getInput().getEndpointUri().startsWith("quartz:");
        return quartz ? new Guard() : null;
    }

    private final class Guard extends RoutePolicySupport {
        @Override
        public void onExchangeBegin(Route route, Exchange exchange) {
            Date slot = exchange.getMessage().getHeader(SCHEDULED_FIRE_TIME, Date.class);
            if (slot == null || !(route.getEndpoint() instanceof QuartzEndpoint)) {
                return;
            }
            try {
                boolean catchUp = exchange.getMessage().getHeader(CATCH_UP, false, Boolean.class);
                if (!slots.claim(route.getRouteId(), slot.getTime(), catchUp)) {
                    LOG.info("Route {}: slot {} fired already in the cluster, not run again", route.getRouteId(), slot.toInstant());
                    exchange.setProperty(SkipTakenSlots.TAKEN, true);
                    exchange.setRouteStop(true);
                }
            } catch (java.sql.SQLException e) {
                // not knowing whether the slot ran elsewhere: skip it rather than risk running it twice
                LOG.warn("Route {}: slot {} not run, claiming it failed: {}", route.getRouteId(), slot.toInstant(), e.getMessage());
                exchange.setProperty(SkipTakenSlots.TAKEN, true);
                exchange.setRouteStop(true);
            }
        }

        @Override
        public void onStart(Route route) {
            if (route.getEndpoint() instanceof QuartzEndpoint q && q.getCron() != null) {
                CamelContext ctx = route.getCamelContext();
                ExecutorService pool = ctx.getExecutorServiceManager().newSingleThreadExecutor(this, "slot-catch-up-" + route.getRouteId());
                pool.execute(() -> {
                    try {
                        catchUp(route, q);
                    } finally {
                        ctx.getExecutorServiceManager().shutdown(pool);
                    }
                });
            }
        }
    }

    /** Fires the slots between the last claimed one and now that nobody fired (this instance just became leader). */
    void catchUp(Route route, QuartzEndpoint endpoint) {
        String routeId = route.getRouteId();
        try {
            OptionalLong last = slots.lastSlot(routeId);
            long now = clock.millis();
            // never fired anywhere yet: from when the first leader armed the schedule (nothing missed on that first start)
            long from = last.isPresent() ? last.getAsLong() : slots.armedSince(routeId, now);
            List<Date> missed = missedSlots(cron(endpoint), from, now);
            // onStart runs while the route is still starting: wait for it, or the first check below read "not started"
            // and gave up on every missed slot (bench/cluster.sh: GF8's slot during a failover was never fired)
            if (!missed.isEmpty() && !awaitStarted(route)) {
                return;
            }
            for (Date slot : missed) {
                Consumer consumer = route.getConsumer();
                if (!route.getCamelContext().getRouteController().getRouteStatus(routeId).isStarted()) {
                    return; // leadership lost again meanwhile
                }
                LOG.info("Route {}: firing slot {} missed during a failover", routeId, slot.toInstant());
                Exchange exchange = consumer.createExchange(false);
                exchange.getMessage().setHeader(SCHEDULED_FIRE_TIME, slot);
                exchange.getMessage().setHeader("fireTime", new Date(clock.millis()));
                exchange.getMessage().setHeader(CATCH_UP, true);
                try {
                    consumer.getProcessor().process(exchange); // through the route's policies: the guard claims the slot
                } finally {
                    consumer.releaseExchange(exchange, false);
                }
            }
        } catch (Exception e) {
            LOG.warn("Route {}: catching up missed slots failed: {}", routeId, e.getMessage());
        }
    }

    /** True once the route is started; false when it stops instead (leadership lost) or is not started within 30 s. */
    static boolean awaitStarted(Route route) throws InterruptedException {
        long until = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < until) {
            org.apache.camel.ServiceStatus st = route.getCamelContext().getRouteController().getRouteStatus(route.getRouteId());
            if (st != null && st.isStarted()) {
                return true;
            }
            if (st != null && st.isStopping()) {
                return false; // a stopped one may still be about to start: it waits out the 30 s
            }
            Thread.sleep(20);
        }
        return false;
    }

    List<Date> missedSlots(CronExpression cron, long lastSlotMs, long nowMs) {
        long earliest = nowMs - settings.catchUpWindow().toMillis();
        List<Date> out = new ArrayList<>();
        if (lastSlotMs < earliest - 1) {
            LOG.warn("Slots between {} and {} not fired: older than mediarelay.cluster.schedule.catch-up-window {}",
                    new Date(lastSlotMs).toInstant(), new Date(earliest).toInstant(), settings.catchUpWindow());
            lastSlotMs = earliest - 1;
        }
        Date next = cron.getNextValidTimeAfter(new Date(lastSlotMs));
        while (next != null && next.getTime() <= nowMs && out.size() < settings.catchUpMaxSlots()) {
            out.add(next);
            next = cron.getNextValidTimeAfter(next);
        }
        return out;
    }

    private static CronExpression cron(QuartzEndpoint endpoint) throws ParseException {
        CronExpression cron = new CronExpression(endpoint.getCron());
        Object tz = endpoint.getTriggerParameters() == null ? null : endpoint.getTriggerParameters().get("timeZone");
        cron.setTimeZone(tz != null ? TimeZone.getTimeZone(tz.toString()) : TimeZone.getDefault());
        return cron;
    }
}
