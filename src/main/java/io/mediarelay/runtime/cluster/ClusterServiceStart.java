package io.mediarelay.runtime.cluster;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.camel.CamelContext;
import org.apache.camel.cluster.CamelClusterService;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the coordination engine (and so the leader elections) once the Camel context reports Started, on a thread of
 * its own: every leadership then reaches a {@code ClusteredRoutePolicy} of a started context, which starts its routes
 * at once. The started event comes while the context still says "starting", hence the wait for the status.
 */
final class ClusterServiceStart extends EventNotifierSupport {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterServiceStart.class);
    private static final long MAX_WAIT_MILLIS = 120_000;

    private final CamelContext context;
    private final CamelClusterService service;
    private final Runnable balancer;
    private final Duration balanceInterval;

    ClusterServiceStart(CamelContext context, CamelClusterService service, Runnable balancer, Duration balanceInterval) {
        this.context = context;
        this.service = service;
        this.balancer = balancer;
        this.balanceInterval = balanceInterval;
    }

    @Override
    public boolean isEnabled(CamelEvent event) {
        return event instanceof CamelEvent.CamelContextStartedEvent;
    }

    @Override
    public void notify(CamelEvent event) {
        Thread starter = new Thread(this::startWhenContextStarted, "mediarelay-cluster-start");
        starter.setDaemon(true);
        starter.start();
    }

    private void startWhenContextStarted() {
        long until = System.currentTimeMillis() + MAX_WAIT_MILLIS;
        try {
            while (!context.isStarted() && System.currentTimeMillis() < until) {
                if (context.isStopping() || context.isStopped()) {
                    return;
                }
                Thread.sleep(20);
            }
            context.addService(service, true, true); // started now, stopped with the context
            LOG.info("Cluster service {} started; leader elections under way", service.getId());
            if (!balanceInterval.isZero() && !balanceInterval.isNegative()) {
                ScheduledExecutorService rounds = context.getExecutorServiceManager().newSingleThreadScheduledExecutor(this, "flow-balancer");
                long ms = balanceInterval.toMillis();
                rounds.scheduleWithFixedDelay(balancer, ms, ms, TimeUnit.MILLISECONDS); // shut down with the context
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.error("Cluster service {} did not start: no flow led by this instance will run here: {}", service.getId(),
                    e.getMessage(), e);
        }
    }
}
