package io.mediarelay.runtime.cluster;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Properties;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;

import javax.sql.DataSource;

import io.mediarelay.config.RuntimeConfig;
import io.mediarelay.runtime.db.Database;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.Test;

/**
 * The default-suite half of issue 13 (seconds, not minutes; {@link ClusterFailoverTest} runs whole runtimes): two Camel
 * contexts with {@link Clustering} installed, a real ZooKeeper (Curator's in-process server) and one database. A
 * poller and a cron route run on one context only, a direct route on both; the leader dies as kill -9 would (its
 * ZooKeeper connection cut, nothing released) and the other context takes both flows within the session timeout;
 * every cron slot ran exactly once across the two, the ones that fell during the failover fired by the catch-up.
 */
class FlowLeadershipZooKeeperTest {
    private static final int SESSION_TIMEOUT_MS = ZooKeeperMembers.SESSION_TIMEOUT_MS;
    /** slot (scheduled fire time) -> the context that ran it */
    private static final java.util.Map<Long, String> firedBy = new java.util.concurrent.ConcurrentSkipListMap<>();

    @Test
    void oneLeaderPerFlowFailoverAndEverySlotOnce() throws Exception {
        DataSource db = Database.inMemory("leadership-" + UUID.randomUUID());
        ConcurrentLinkedQueue<Long> slots = new ConcurrentLinkedQueue<>();
        firedBy.clear();
        List<CamelContext> contexts = new ArrayList<>();
        List<CuttableProxy> links = new ArrayList<>();
        try (TestingServer zk = new TestingServer(true)) {
            for (String name : List.of("a", "b")) {
                CuttableProxy link = new CuttableProxy(zk.getPort());
                links.add(link);
                contexts.add(start(name, link.address(), db, slots));
            }
            List<String> members = List.of("a", "b");
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                // each flow on its preferred context (FlowBalancer) and on that one only
                assertEquals(List.of(members.indexOf(FlowBalancer.preferred("cron-flow", members))), running(contexts, "cron-flow"), "contexts running cron-flow");
                assertEquals(List.of(members.indexOf(FlowBalancer.preferred("poll-flow", members))), running(contexts, "poll-flow"), "contexts running poll-flow");
            });
            assertEquals(2, running(contexts, "local").size(), "a direct route runs everywhere");
            FlowLeadership leadership = contexts.get(0).getRegistry().lookupByNameAndType(Clustering.BEAN, FlowLeadership.class);
            assertEquals("cron-flow", leadership.ledRoutes().get("cron-flow"));
            assertFalse(leadership.ledRoutes().containsKey("local"));

            await().atMost(Duration.ofSeconds(10)).until(() -> slots.size() >= 2);
            int leader = running(contexts, "cron-flow").get(0);
            CamelContext dead = contexts.get(leader);
            CamelContext survivor = contexts.get(1 - leader);
            long killedAt = System.nanoTime();
            long cutAt = System.currentTimeMillis();
            links.get(leader).cut();
            Thread stopper = new Thread(dead::stop, "stop-dead-context"); // its process is gone: nothing it does counts
            stopper.start();
            await().atMost(Duration.ofSeconds(30)).until(() -> survivor.getRouteController().getRouteStatus("cron-flow").isStarted()
                    && survivor.getRouteController().getRouteStatus("poll-flow").isStarted());
            long failoverMs = (System.nanoTime() - killedAt) / 1_000_000;
            assertTrue(failoverMs < SESSION_TIMEOUT_MS + 10_000L, "failover took " + failoverMs + " ms");

            long takenOver = System.currentTimeMillis();
            await().atMost(Duration.ofSeconds(10)).until(() -> slots.stream().anyMatch(s -> s > takenOver + 1_000));
            stopper.join(30_000);

            List<Long> ran = new ArrayList<>(slots);
            TreeSet<Long> distinct = new TreeSet<>(ran);
            assertEquals(distinct.size(), ran.size(), "no slot ran twice");
            assertEquals((distinct.last() - distinct.first()) / 1_000 + 1, distinct.size(),
                    "every second from " + new Date(distinct.first()) + " to " + new Date(distinct.last()) + " ran once");
            // the slots that fell between the cut and the takeover were fired by the new leader: by the catch-up or by
            // Quartz firing them late (a trigger less than its misfire threshold late fires each slot), whichever
            // claims a slot first
            String survivorName = survivor.getName();
            assertTrue(firedBy.entrySet().stream().anyMatch(f -> f.getKey() > cutAt + 1_000 && f.getKey() < takenOver
                    && f.getValue().equals(survivorName)), "slots that fell during the failover were fired by the new leader: " + firedBy);
        } finally {
            contexts.forEach(CamelContext::stop);
            for (CuttableProxy l : links) {
                l.close();
            }
        }
    }

    private static CamelContext start(String name, String zkNodes, DataSource db, ConcurrentLinkedQueue<Long> slots) throws Exception {
        Properties p = ZooKeeperMembers.properties(name, zkNodes);
        CamelContext ctx = new DefaultCamelContext();
        ctx.getCamelContextExtension().setName("leadership-" + name); // camel-quartz names its scheduler after the context
        Clustering.install(ctx, ClusterSettings.from(RuntimeConfig.of(p)), db);
        ctx.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("quartz:test/cron-flow?cron=0/1+*+*+*+*+?").routeId("cron-flow")
                        .process(e -> {
                            long slot = e.getMessage().getHeader("scheduledFireTime", Date.class).getTime();
                            slots.add(slot);
                            firedBy.put(slot, e.getContext().getName());
                        });
                from("timer:poll-flow?period=200").routeId("poll-flow").log("polled");
                from("direct:local").routeId("local").log("local");
            }
        });
        ctx.start();
        return ctx;
    }

    private static List<Integer> running(List<CamelContext> contexts, String routeId) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < contexts.size(); i++) {
            var status = contexts.get(i).getRouteController().getRouteStatus(routeId);
            if (contexts.get(i).isStarted() && status != null && status.isStarted()) {
                out.add(i);
            }
        }
        return out;
    }
}
