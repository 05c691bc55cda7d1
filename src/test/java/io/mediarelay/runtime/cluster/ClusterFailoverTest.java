package io.mediarelay.runtime.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Collectors;

import io.mediarelay.runtime.MediarelayRuntime;
import io.mediarelay.runtime.TestRuntimes;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;
import org.apache.camel.support.service.ServiceHelper;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13 on a real ZooKeeper (Curator's in-process server) and three runtimes on one database: every led flow runs
 * on exactly one instance; the instance leading the cron flow dies as kill -9 would (its ZooKeeper connection cut, its
 * leaderships never released) and another takes its flows within the session timeout; every cron slot (every second
 * here) ran exactly once across the three, the ones that fell during the failover included.
 */
@Tag("cluster")
class ClusterFailoverTest {
    private static final String CRON_FLOW = "gh8-license-alerts";
    private static final int SESSION_TIMEOUT_MS = 6_000; // the in-process server's minimum (2 ticks of 3 s)

    @TempDir
    Path tmp;

    @Test
    void flowsSpreadOverInstancesFailoverWithinSessionTimeoutEverySlotOnce() throws Exception {
        String db = "jdbc:h2:mem:cluster-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        ConcurrentLinkedQueue<Long> ranSlots = new ConcurrentLinkedQueue<>();
        List<MediarelayRuntime> nodes = new ArrayList<>();
        List<CuttableProxy> links = new ArrayList<>();
        try (TestingServer zk = new TestingServer(true)) {
            for (int i = 0; i < 3; i++) {
                CuttableProxy link = new CuttableProxy(zk.getPort());
                links.add(link);
                Properties p = TestRuntimes.overrides(tmp.resolve("node-" + i));
                p.setProperty("mediarelay.db.url", db);
                p.setProperty("mediarelay.cluster.engine", "zookeeper");
                p.setProperty("mediarelay.cluster.zookeeper.nodes", link.address());
                p.setProperty("mediarelay.cluster.zookeeper.session-timeout-ms", String.valueOf(SESSION_TIMEOUT_MS));
                p.setProperty("mediarelay.cluster.zookeeper.connect-timeout-ms", "3000");
                p.setProperty("mediarelay.cluster.member-id", "node-" + i);
                p.setProperty("mediarelay.cluster.balance-interval", "PT1S");
                // one JVM: Quartz keeps schedulers by name JVM-wide (camel-quartz names it after the context); separate
                // processes would not share one
                p.setProperty("camel.main.name", "mediarelay-node-" + i);
                p.setProperty("mediarelay.alerts.cron", "0/1 * * * * ?");
                MediarelayRuntime node = new MediarelayRuntime(TestRuntimes.config(p)).start();
                countRuns(node.context(), ranSlots);
                nodes.add(node);
            }
            Map<String, String> led = leadership(nodes.get(0)).ledRoutes();
            assertTrue(led.keySet().containsAll(List.of(CRON_FLOW, "dropfolder-to-ftp", "gh8-webhook-dispatch")), "pollers and schedules led per flow: " + led);
            assertFalse(led.containsKey("admin-flows"), "HTTP consumers stay on every instance");
            Set<String> namespaces = Set.copyOf(led.values());
            for (MediarelayRuntime n : nodes) {
                assertEquals(namespaces, Set.copyOf(leadership(n).ledRoutes().values()), "one namespace per flow, the same on every instance");
            }
            for (String ns : namespaces) {
                var flow = nodes.get(0).context().getRoute(ns);
                assertTrue(flow != null && !flow.isCreatedByKamelet(), "namespace " + ns + " is a flow's route id");
            }
            List<String> members = List.of("node-0", "node-1", "node-2");
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                for (String ns : namespaces) {
                    // spread: each flow on its preferred instance (FlowBalancer), and on that one only
                    assertEquals(List.of(members.indexOf(FlowBalancer.preferred(ns, members))), leadersOf(nodes, ns), "instances running flow " + ns);
                }
            });
            System.out.println("leaders: " + namespaces.stream().collect(Collectors.groupingBy(ns -> leadersOf(nodes, ns).get(0),
                    Collectors.counting())));
            // a follower is alive and ready: its stopped pollers are not a failure (Kubernetes must not restart it)
            int leaderIndex = leadersOf(nodes, CRON_FLOW).get(0);
            MediarelayRuntime follower = nodes.get((leaderIndex + 1) % 3);
            String mgmt = "http://127.0.0.1:" + follower.config().get("camel.management.port");
            assertEquals(200, TestRuntimes.get(mgmt + "/observe/health/live", null).statusCode(), "follower live");
            assertEquals(200, TestRuntimes.get(mgmt + "/observe/health/ready", null).statusCode(), "follower ready");

            await().atMost(Duration.ofSeconds(10)).until(() -> ranSlots.size() >= 3);
            // kill -9 of the cron flow's leader: the connection drops, leaderships are not released
            MediarelayRuntime dead = nodes.get(leaderIndex);
            Set<String> itsFlows = namespaces.stream().filter(ns -> leadersOf(nodes, ns).contains(leaderIndex)).collect(Collectors.toSet());
            long killedAt = System.nanoTime();
            links.get(leaderIndex).cut();
            Thread stopper = new Thread(dead::close, "stop-dead-node"); // its process is gone: nothing it does counts
            stopper.start();
            List<MediarelayRuntime> survivors = new ArrayList<>(nodes);
            survivors.remove(dead);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                for (String ns : itsFlows) {
                    assertEquals(1, leadersOf(survivors, ns).size(), "survivors running flow " + ns);
                }
            });
            long failoverMs = (System.nanoTime() - killedAt) / 1_000_000;
            System.out.println("failover of " + itsFlows.size() + " flows: " + failoverMs + " ms (session timeout " + SESSION_TIMEOUT_MS + " ms)");
            assertTrue(failoverMs < SESSION_TIMEOUT_MS + 10_000L, "failover took " + failoverMs + " ms");

            long takenOver = System.currentTimeMillis();
            await().atMost(Duration.ofSeconds(15)).until(() -> ranSlots.stream().anyMatch(s -> s > takenOver + 2_000));
            stopper.join(30_000);

            List<Long> slots = new ArrayList<>(ranSlots);
            TreeSet<Long> distinct = new TreeSet<>(slots);
            assertEquals(distinct.size(), slots.size(), "no slot ran twice: " + slots);
            List<Long> gaps = new ArrayList<>();
            Long prev = null;
            for (Long s : distinct) {
                if (prev != null && s - prev != 1_000) {
                    gaps.add(prev);
                }
                prev = s;
            }
            assertTrue(gaps.isEmpty(), "every second from " + new Date(distinct.first()) + " to " + new Date(distinct.last()) + " ran; missing after " + gaps);
            int caughtUp = count(survivors.get(0), "SELECT COUNT(*) FROM schedule_slots WHERE route_id = '" + CRON_FLOW + "' AND catch_up");
            System.out.println("slots run: " + distinct.size() + ", fired by the new leader's catch-up: " + caughtUp);
            assertTrue(caughtUp > 0, "slots that fell during the failover were fired by the new leader");
        } finally {
            nodes.forEach(MediarelayRuntime::close);
            for (CuttableProxy l : links) {
                l.close();
            }
        }
    }

    private static FlowLeadership leadership(MediarelayRuntime node) {
        return node.context().getRegistry().lookupByNameAndType(Clustering.BEAN, FlowLeadership.class);
    }

    /** Indexes of the instances whose routes of flow {@code namespace} run. */
    private static List<Integer> leadersOf(List<MediarelayRuntime> nodes, String namespace) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            MediarelayRuntime n = nodes.get(i);
            boolean runs = leadership(n).ledRoutes().entrySet().stream().filter(e -> e.getValue().equals(namespace))
                    .anyMatch(e -> {
                        var status = n.context().getRouteController().getRouteStatus(e.getKey());
                        return status != null && status.isStarted();
                    });
            if (runs) {
                out.add(i);
            }
        }
        return out;
    }

    /** Records the slot of every run of the cron flow that got past the slot claim. */
    private static void countRuns(CamelContext context, ConcurrentLinkedQueue<Long> ran) throws Exception {
        EventNotifierSupport n = new EventNotifierSupport() {
            @Override
            public void notify(CamelEvent event) {
                Exchange e = ((CamelEvent.ExchangeCompletedEvent) event).getExchange();
                Date slot = e.getMessage().getHeader("scheduledFireTime", Date.class);
                if (CRON_FLOW.equals(e.getFromRouteId()) && slot != null
                        && !e.getProperty(SkipTakenSlots.TAKEN, false, Boolean.class)) {
                    ran.add(slot.getTime());
                }
            }

            @Override
            public boolean isEnabled(CamelEvent event) {
                return event instanceof CamelEvent.ExchangeCompletedEvent;
            }
        };
        context.getManagementStrategy().addEventNotifier(n);
        ServiceHelper.startService(n);
    }

    private static int count(MediarelayRuntime node, String sql) throws Exception {
        try (Connection c = node.dataSource().getConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
