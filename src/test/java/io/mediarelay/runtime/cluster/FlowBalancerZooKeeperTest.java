package io.mediarelay.runtime.cluster;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import io.mediarelay.config.RuntimeConfig;
import io.mediarelay.runtime.db.Database;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.recipes.leader.LeaderLatch;
import org.apache.curator.framework.recipes.leader.Participant;
import org.apache.curator.retry.RetryOneTime;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.Test;

/**
 * Flows spread over the instances (issue 13: "leadership is per flow, so flows spread across instances"): three Camel
 * contexts on a real ZooKeeper, six led flows. The first context up wins every election; the balancer then moves
 * each flow to its preferred member, and never are a flow's routes started on two contexts at once (the leader's
 * routes stop before it releases the lock). When a member dies (its ZooKeeper connection cut, as kill -9 would) its
 * flows go to their preferred member among the survivors; the others stay where they are.
 */
class FlowBalancerZooKeeperTest {
    private static final int SESSION_TIMEOUT_MS = ZooKeeperMembers.SESSION_TIMEOUT_MS;
    private static final List<String> FLOWS = List.of("flow-1", "flow-2", "flow-3", "flow-4", "flow-5", "flow-6");
    private static final List<String> MEMBERS = List.of("a", "b", "c");

    /** flow -> contexts running it now (alive ones only), and the most ever seen at once. */
    private final Map<String, Set<String>> runningOn = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> mostAtOnce = new ConcurrentHashMap<>();
    private final Set<String> dead = ConcurrentHashMap.newKeySet();
    /** flow -> route starts on live contexts since the cut (counted once the cut is made). */
    private final Map<String, AtomicInteger> startsAfterCut = new ConcurrentHashMap<>();
    private volatile boolean cut;

    @Test
    void flowsMoveToTheirPreferredInstanceNeverRunTwiceAndFailOverToTheSurvivors() throws Exception {
        DataSource db = Database.inMemory("balance-" + UUID.randomUUID());
        Map<String, CamelContext> contexts = new LinkedHashMap<>();
        Map<String, CuttableProxy> links = new LinkedHashMap<>();
        try (TestingServer zk = new TestingServer(true)) {
            for (String name : MEMBERS) {
                CuttableProxy link = new CuttableProxy(zk.getPort());
                links.put(name, link);
                contexts.put(name, start(name, link.address(), db));
            }
            Map<String, String> expected = new LinkedHashMap<>();
            for (String flow : FLOWS) {
                expected.put(flow, FlowBalancer.preferred(flow, MEMBERS));
            }
            assertEquals(Set.copyOf(MEMBERS), Set.copyOf(expected.values()), "every instance is preferred for some flow " + expected);
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertEquals(expected, leaders(contexts)));
            for (String flow : FLOWS) {
                assertEquals(1, mostAtOnce.get(flow).get(), flow + " ran on two contexts at once");
            }
            // and the members waiting for each flow line up in rank order
            try (CuratorFramework reader = CuratorFrameworkFactory.newClient(zk.getConnectString(), new RetryOneTime(200))) {
                reader.start();
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                    for (String flow : FLOWS) {
                        List<String> queue = queue(reader, flow);
                        List<String> ranked = new ArrayList<>(queue.subList(1, queue.size()));
                        ranked.sort(Comparator.comparingLong((String m) -> FlowBalancer.score(flow, m)).reversed());
                        assertEquals(ranked, queue.subList(1, queue.size()), flow + " waiting members in rank order");
                    }
                });
            }

            // b dies: its flows go to their preferred survivor, the others do not move
            String victim = "b";
            Map<String, String> after = new LinkedHashMap<>();
            for (String flow : FLOWS) {
                after.put(flow, FlowBalancer.preferred(flow, List.of("a", "c")));
            }
            for (String flow : FLOWS) {
                if (!expected.get(flow).equals(victim)) {
                    assertEquals(expected.get(flow), after.get(flow), "rendezvous hashing keeps " + flow + " where it is");
                }
            }
            dead.add(victim);
            runningOn.values().forEach(s -> s.remove(victim));
            long cutAt = System.nanoTime();
            cut = true;
            links.get(victim).cut();
            Thread stopper = new Thread(contexts.get(victim)::stop, "stop-dead-context");
            stopper.start();
            contexts.remove(victim);
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertEquals(after, leaders(contexts)));
            long failoverMs = (System.nanoTime() - cutAt) / 1_000_000;
            assertTrue(failoverMs < SESSION_TIMEOUT_MS + 20_000L, "failover took " + failoverMs + " ms");
            for (String flow : FLOWS) {
                assertEquals(1, mostAtOnce.get(flow).get(), flow + " ran on two live contexts at once");
                // the waiting members queue in rank order: a dead leader's flow goes straight to its preferred survivor
                int starts = startsAfterCut.getOrDefault(flow, new AtomicInteger()).get();
                assertEquals(expected.get(flow).equals(victim) ? 1 : 0, starts, flow + " started this often after the cut");
            }
            stopper.join(30_000);
        } finally {
            contexts.values().forEach(CamelContext::stop);
            for (CuttableProxy l : links.values()) {
                l.close();
            }
        }
    }

    /** The members in the election of {@code flow}, in ZooKeeper's order (the leader first). */
    private static List<String> queue(CuratorFramework c, String flow) throws Exception {
        return new ArrayList<>(new LeaderLatch(c, "/mediarelay/leadership/" + flow).getParticipants().stream()
                .map(Participant::getId).toList());
    }

    /** flow -> the one context running it; fails when a flow runs nowhere or on two contexts. */
    private static Map<String, String> leaders(Map<String, CamelContext> contexts) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String flow : FLOWS) {
            List<String> on = new ArrayList<>();
            contexts.forEach((name, ctx) -> {
                var status = ctx.getRouteController().getRouteStatus(flow);
                if (ctx.isStarted() && status != null && status.isStarted()) {
                    on.add(name);
                }
            });
            out.put(flow, on.size() == 1 ? on.get(0) : on.toString());
        }
        return out;
    }

    private CamelContext start(String name, String zkNodes, DataSource db) throws Exception {
        Properties p = ZooKeeperMembers.properties(name, zkNodes);
        CamelContext ctx = new DefaultCamelContext();
        ctx.getCamelContextExtension().setName("balance-" + name);
        ctx.getManagementStrategy().addEventNotifier(new EventNotifierSupport() {
            @Override
            public boolean isEnabled(CamelEvent event) {
                return event instanceof CamelEvent.RouteStartedEvent || event instanceof CamelEvent.RouteStoppedEvent;
            }

            @Override
            public void notify(CamelEvent event) {
                String flow = ((CamelEvent.RouteEvent) event).getRoute().getRouteId();
                if (!FLOWS.contains(flow) || dead.contains(name)) {
                    return;
                }
                Set<String> on = runningOn.computeIfAbsent(flow, f -> ConcurrentHashMap.newKeySet());
                if (event instanceof CamelEvent.RouteStartedEvent) {
                    if (cut) {
                        startsAfterCut.computeIfAbsent(flow, f -> new AtomicInteger()).incrementAndGet();
                    }
                    on.add(name);
                    mostAtOnce.computeIfAbsent(flow, f -> new AtomicInteger()).accumulateAndGet(on.size(), Math::max);
                } else {
                    on.remove(name);
                }
            }
        });
        Clustering.install(ctx, ClusterSettings.from(RuntimeConfig.of(p)), db);
        ctx.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                for (String flow : FLOWS) {
                    from("timer:" + flow + "?period=200").routeId(flow).log(flow);
                }
            }
        });
        ctx.start();
        return ctx;
    }
}
