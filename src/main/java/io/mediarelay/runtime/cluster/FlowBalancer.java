package io.mediarelay.runtime.cluster;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

import org.apache.camel.StatefulService;
import org.apache.camel.cluster.CamelClusterMember;
import org.apache.camel.cluster.CamelClusterService;
import org.apache.camel.cluster.CamelClusterView;
import org.apache.camel.cluster.CamelPreemptiveClusterView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Spreads flows over the instances: the engine still decides who leads (ZooKeeper's election), this only decides when
 * an instance steps back. Each flow has a preferred member among those taking part in its election, by rendezvous
 * hashing of (flow, member id) — the same answer on every instance, and when a member joins or leaves only the flows
 * it wins or held move. Without it the first instance up leads every flow and the others only wait.
 *
 * <p>One round, per flow: a waiting member queued ahead of one that ranks higher re-joins at the back of the queue (it
 * leads nothing, nothing stops), so the waiting members line up in rank order; a leader that is not preferred steps
 * back once the preferred member is next in line (its routes are stopped before the lock is released, see
 * {@link ZooKeeperPreemptiveClusterView}) and re-joins on the next round. So a flow moves at most once per change of
 * membership, straight to its preferred member, and a failover hands it to the preferred survivor.
 */
final class FlowBalancer implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(FlowBalancer.class);

    private final CamelClusterService service;
    private final Supplier<Collection<String>> namespaces;

    FlowBalancer(CamelClusterService service, Supplier<Collection<String>> namespaces) {
        this.service = service;
        this.namespaces = namespaces;
    }

    @Override
    public void run() {
        for (String namespace : new TreeSet<>(namespaces.get())) {
            try {
                balance(namespace);
            } catch (Exception e) {
                LOG.warn("Balancing flow {}: {}", namespace, e.getMessage());
            }
        }
    }

    private void balance(String namespace) throws Exception {
        CamelClusterView view = service.getView(namespace);
        if (!(view instanceof CamelPreemptiveClusterView preemptive) || (view instanceof StatefulService s && !s.isStarted())) {
            return;
        }
        if (preemptive.isDisabled()) {
            preemptive.setDisabled(false); // stepped back last round: the next member has taken over; queue again
            return;
        }
        List<String> queue = ids(view.getMembers()); // election order: the leader first, then who comes next
        String local = view.getLocalMember().getId();
        if (queue.size() < 2 || !queue.contains(local)) {
            return;
        }
        String preferred = preferred(namespace, queue);
        if (preferred.equals(local)) {
            return;
        }
        int mine = queue.indexOf(local);
        if (view.getLocalMember().isLeader()) {
            if (queue.indexOf(preferred) == 1) {
                LOG.info("Flow {}: handing over to {} (its preferred instance)", namespace, preferred);
                preemptive.setDisabled(true);
            }
        } else if (mine > 0 && queue.subList(mine + 1, queue.size()).stream().anyMatch(m -> score(namespace, m) > score(namespace, local))) {
            // waiting ahead of a member that ranks higher for this flow: to the back of the queue. The waiting members
            // end up in rank order, so when the leader dies the next one in line is the preferred survivor - the flow
            // moves once, not to whoever was next and then again
            preemptive.setDisabled(true);
            preemptive.setDisabled(false);
        }
    }

    private static List<String> ids(List<CamelClusterMember> members) {
        Set<String> out = new LinkedHashSet<>();
        for (CamelClusterMember m : members) {
            out.add(m.getId());
        }
        return new ArrayList<>(out);
    }

    /** Rendezvous (highest random weight) hashing: the member with the highest hash of (flow, member) is preferred. */
    static String preferred(String namespace, Collection<String> members) {
        String best = null;
        long bestScore = Long.MIN_VALUE;
        for (String m : new TreeSet<>(members)) {
            long score = score(namespace, m);
            if (best == null || score > bestScore) {
                best = m;
                bestScore = score;
            }
        }
        return best;
    }

    static long score(String namespace, String member) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest((namespace + "\n" + member).getBytes(StandardCharsets.UTF_8));
            long v = 0;
            for (int i = 0; i < 8; i++) {
                v = (v << 8) | (d[i] & 0xff);
            }
            return v;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
