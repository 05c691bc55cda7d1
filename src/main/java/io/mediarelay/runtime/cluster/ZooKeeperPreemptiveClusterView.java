package io.mediarelay.runtime.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.camel.cluster.CamelClusterMember;
import org.apache.camel.cluster.CamelPreemptiveClusterView;
import org.apache.camel.support.cluster.AbstractCamelClusterView;
import org.apache.curator.framework.recipes.leader.LeaderLatch;
import org.apache.curator.framework.recipes.leader.LeaderLatchListener;
import org.apache.curator.framework.recipes.leader.Participant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One flow's election: a Curator {@link LeaderLatch} under {@code <base-path>/<namespace>}. Disabled = out of the
 * election (latch closed, leadership released and announced); enabled again = a new latch at the back of the queue.
 * Leadership events run on one thread of the view's own, in order, so a route policy that stops routes for a while
 * never holds up Curator's event thread.
 */
final class ZooKeeperPreemptiveClusterView extends AbstractCamelClusterView implements CamelPreemptiveClusterView {
    private static final Logger LOG = LoggerFactory.getLogger(ZooKeeperPreemptiveClusterView.class);
    /** A graceful route stop is bounded by Camel's shutdown timeout (45 s by default); this only guards a hang. */
    private static final long STEP_BACK_MAX_MINUTES = 5;

    private final ZooKeeperPreemptiveClusterService service;
    private final LocalMember local = new LocalMember();
    private volatile LeaderLatch latch;
    private volatile boolean disabled;
    /** Set while stepping back: this member no longer counts itself leader, though the lock is not released yet. */
    private volatile boolean steppingBack;
    private ExecutorService events;

    ZooKeeperPreemptiveClusterView(ZooKeeperPreemptiveClusterService service, String namespace) {
        super(service, namespace);
        this.service = service;
    }

    @Override
    public synchronized void setDisabled(boolean disabled) {
        if (this.disabled == disabled) {
            return;
        }
        this.disabled = disabled;
        if (isRunAllowed() && events != null) {
            if (disabled) {
                stepBack();
            } else {
                join();
            }
        }
    }

    @Override
    public boolean isDisabled() {
        return disabled;
    }

    @Override
    public CamelClusterMember getLocalMember() {
        return local;
    }

    @Override
    public Optional<CamelClusterMember> getLeader() {
        for (Participant p : participants()) {
            if (p.isLeader()) {
                return Optional.of(member(p.getId(), true));
            }
        }
        return Optional.empty();
    }

    @Override
    public List<CamelClusterMember> getMembers() {
        List<CamelClusterMember> out = new ArrayList<>();
        for (Participant p : participants()) {
            out.add(member(p.getId(), p.isLeader()));
        }
        return out;
    }

    @Override
    protected synchronized void doStart() {
        events = getCamelContext().getExecutorServiceManager().newSingleThreadExecutor(this, "leadership-" + getNamespace());
        if (!disabled) {
            join();
        }
    }

    @Override
    protected synchronized void doStop() {
        leave();
        if (events != null) {
            getCamelContext().getExecutorServiceManager().shutdown(events);
            events = null;
        }
    }

    private void join() {
        LeaderLatch l = new LeaderLatch(service.client(), service.basePath() + "/" + getNamespace(), service.getId(),
                LeaderLatch.CloseMode.NOTIFY_LEADER);
        l.addListener(new LeaderLatchListener() {
            @Override
            public void isLeader() {
                fireLeadershipChangedEvent(local);
            }

            @Override
            public void notLeader() {
                fireLeadershipChangedEvent((CamelClusterMember) null);
            }
        }, events);
        try {
            l.start();
            latch = l;
        } catch (Exception e) {
            throw new IllegalStateException("joining the election of " + getNamespace() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Leaves the election so that no two instances run the flow at once: the route policy is told first that this member
     * no longer leads and its routes are stopped (gracefully, waited for), and only then is the lock released for the
     * next member. Releasing first would let the next leader start while these routes still run.
     */
    private void stepBack() {
        LeaderLatch l = latch;
        if (l != null && l.hasLeadership() && events != null) {
            steppingBack = true;
            try {
                events.submit(() -> fireLeadershipChangedEvent((CamelClusterMember) null)).get(STEP_BACK_MAX_MINUTES, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                LOG.warn("Stepping back from {}: the routes did not stop cleanly: {}", getNamespace(), e.getMessage());
            }
        }
        leave();
        steppingBack = false;
    }

    private void leave() {
        LeaderLatch l = latch;
        latch = null;
        if (l != null) {
            try {
                l.close(LeaderLatch.CloseMode.NOTIFY_LEADER); // a leader not told yet is told before the lock goes
            } catch (Exception e) {
                LOG.warn("Leaving the election of {}: {}", getNamespace(), e.getMessage());
            }
        }
    }

    private List<Participant> participants() {
        LeaderLatch l = latch;
        try {
            if (l != null) {
                return new ArrayList<>(l.getParticipants());
            }
            // out of the election (disabled): read who takes part from ZooKeeper directly
            var client = service.client();
            if (client == null) {
                return List.of();
            }
            LeaderLatch reader = new LeaderLatch(client, service.basePath() + "/" + getNamespace(), service.getId());
            return new ArrayList<>(reader.getParticipants());
        } catch (Exception e) {
            return List.of(); // not connected: nobody is known to lead
        }
    }

    private CamelClusterMember member(String id, boolean leader) {
        if (id.equals(service.getId())) {
            return local;
        }
        return new CamelClusterMember() {
            @Override
            public boolean isLeader() {
                return leader;
            }

            @Override
            public boolean isLocal() {
                return false;
            }

            @Override
            public String getId() {
                return id;
            }

            @Override
            public String toString() {
                return id;
            }
        };
    }

    private final class LocalMember implements CamelClusterMember {
        @Override
        public boolean isLeader() {
            LeaderLatch l = latch;
            return l != null && !steppingBack && l.hasLeadership();
        }

        @Override
        public boolean isLocal() {
            return true;
        }

        @Override
        public String getId() {
            return service.getId();
        }

        @Override
        public String toString() {
            return service.getId();
        }
    }

}
