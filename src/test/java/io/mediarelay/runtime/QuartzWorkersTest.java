package io.mediarelay.runtime;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.quartz.QuartzComponent;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Quartz runs cron flows on {@link QuartzWorkers}: no thread waits for a fire that is minutes away (Quartz's own pool
 * kept 10 workers waking twice a second each, the largest cost of an idle runtime in bench/idle.sh), and no more
 * jobs than {@code threadCount} run at a time.
 */
class QuartzWorkersTest {

    @TempDir
    Path data;

    @Test
    void theRuntimesQuartzKeepsNoIdleWorker() throws Exception {
        Properties o = TestRuntimes.overrides(data);
        // every cron of the embedded default far from now (tests run PF3-PF8 every second; the others every 5-10 min)
        for (String flow : List.of("pf3", "pf4", "pf5", "pf6", "pf7", "pf8", "gf8", "usage-reporting", "asset-refresh",
                "photoshelter-expiry", "alerts")) {
            o.setProperty("mediarelay." + flow + ".cron", "0 0 0 1 1 ? 2099");
        }
        try (MediarelayRuntime runtime = new MediarelayRuntime(TestRuntimes.config(o)).start()) {
            QuartzComponent quartz = runtime.context().getComponent("quartz", QuartzComponent.class);
            assertTrue(quartz.getScheduler().isStarted(), "the embedded default schedules cron flows");
            assertEquals(QuartzWorkers.class, quartz.getScheduler().getMetaData().getThreadPoolClass());
            assertEquals(10, quartz.getScheduler().getMetaData().getThreadPoolSize());
            // no cron has fired: no worker thread exists
            List<String> workers = Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
                    .filter(name -> name.contains("_Worker-")).toList();
            assertEquals(List.of(), workers);
        }
    }

    @Test
    void cronJobsRunAtMostThreadCountAtATimeAndAllRun() throws Exception {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger mostAtOnce = new AtomicInteger();
        AtomicInteger finished = new AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            QuartzComponent quartz = new QuartzComponent();
            quartz.setProperties(Map.of(
                    "org.quartz.threadPool.class", QuartzWorkers.class.getName(),
                    "org.quartz.threadPool.threadCount", "2",
                    "org.quartz.jobStore.class", "org.quartz.simpl.RAMJobStore"));
            context.addComponent("quartz", quartz);
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    // fires every second, each run held until released: a third run must wait for a free worker
                    from("quartz:test/held?cron=0/1 * * * * ?").routeId("held").process(e -> {
                        mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
                        try {
                            release.await(30, TimeUnit.SECONDS);
                        } finally {
                            running.decrementAndGet();
                            finished.incrementAndGet();
                        }
                    });
                }
            });
            context.start();
            await().atMost(Duration.ofSeconds(10)).until(() -> running.get() == 2);
            // three more fire times pass while both workers are held: none starts a third job
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> running.get() <= 2);
            release.countDown();
            await().atMost(Duration.ofSeconds(10)).until(() -> finished.get() >= 3);
            assertEquals(2, mostAtOnce.get());
        }
    }
}
