package io.mediarelay.runtime.cluster;

import java.util.concurrent.TimeUnit;

import org.apache.camel.cluster.CamelPreemptiveClusterService;
import org.apache.camel.support.cluster.AbstractCamelClusterService;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.ExponentialBackoffRetry;

/**
 * ZooKeeper leadership through Camel's cluster SPI, one Curator {@code LeaderLatch} per namespace (flow), with the
 * preemptive view Camel's Kubernetes service also has: a member may step back from a flow it leads
 * ({@link org.apache.camel.cluster.CamelPreemptiveClusterView#setDisabled}) so the engine elects another one.
 *
 * <p>Why not camel-zookeeper's {@code ZooKeeperClusterService}: its view is not preemptive, and stopping and starting
 * it to step back leaves the route policy believing it still leads (its last leadership event is fired while Curator
 * still holds the lock, and none follows the release) — two instances would run the flow. ZooKeeper and Curator's
 * recipe decide who leads; this class only adapts them to the SPI.
 */
public final class ZooKeeperPreemptiveClusterService extends AbstractCamelClusterService<ZooKeeperPreemptiveClusterView>
        implements CamelPreemptiveClusterService {
    private String nodes;
    private String basePath = "/mediarelay/leadership";
    private int sessionTimeoutMs = 15_000;
    private int connectTimeoutMs = 10_000;
    private volatile CuratorFramework client;

    public void setNodes(String nodes) {
        this.nodes = nodes;
    }

    public void setBasePath(String basePath) {
        this.basePath = basePath;
    }

    public void setSessionTimeoutMs(int sessionTimeoutMs) {
        this.sessionTimeoutMs = sessionTimeoutMs;
    }

    public void setConnectTimeoutMs(int connectTimeoutMs) {
        this.connectTimeoutMs = connectTimeoutMs;
    }

    String basePath() {
        return basePath;
    }

    CuratorFramework client() {
        return client;
    }

    @Override
    public ZooKeeperPreemptiveClusterView getView(String namespace) throws Exception {
        return (ZooKeeperPreemptiveClusterView) super.getView(namespace);
    }

    @Override
    protected ZooKeeperPreemptiveClusterView createView(String namespace) {
        return new ZooKeeperPreemptiveClusterView(this, namespace);
    }

    @Override
    protected void doStart() throws Exception {
        CuratorFramework c = CuratorFrameworkFactory.builder()
                .connectString(nodes)
                .sessionTimeoutMs(sessionTimeoutMs)
                .connectionTimeoutMs(connectTimeoutMs)
                .retryPolicy(new ExponentialBackoffRetry(1_000, 3))
                .build();
        c.start();
        if (!c.blockUntilConnected(connectTimeoutMs, TimeUnit.MILLISECONDS)) {
            c.close();
            throw new IllegalStateException("ZooKeeper " + nodes + " not reached within " + connectTimeoutMs + " ms");
        }
        client = c;
        super.doStart(); // starts the views created so far: each joins its election
    }

    @Override
    protected void doStop() throws Exception {
        try {
            super.doStop();
        } finally {
            CuratorFramework c = client;
            client = null;
            if (c != null) {
                c.close();
            }
        }
    }
}
