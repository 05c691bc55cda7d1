package io.mediarelay.runtime.cluster;

import java.util.Properties;

/** Settings of one cluster member on the in-process ZooKeeper server, as the ZooKeeper tests start them. */
final class ZooKeeperMembers {

    /** The in-process server's minimum session timeout (2 ticks of 3 s): the failover time of the tests. */
    static final int SESSION_TIMEOUT_MS = 6_000;

    private ZooKeeperMembers() {
    }

    /** ZooKeeper engine, the test server, member id {@code name}, balancing every 0.5 s. */
    static Properties properties(String name, String zkNodes) {
        Properties p = new Properties();
        p.setProperty("mediarelay.cluster.engine", "zookeeper");
        p.setProperty("mediarelay.cluster.zookeeper.nodes", zkNodes);
        p.setProperty("mediarelay.cluster.zookeeper.session-timeout-ms", String.valueOf(SESSION_TIMEOUT_MS));
        p.setProperty("mediarelay.cluster.zookeeper.connect-timeout-ms", "3000");
        p.setProperty("mediarelay.cluster.member-id", name);
        p.setProperty("mediarelay.cluster.balance-interval", "PT0.5S");
        return p;
    }
}
