package io.mediarelay.runtime.cluster;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.mediarelay.config.ConfigException;
import io.mediarelay.config.RuntimeConfig;

/**
 * The {@code mediarelay.cluster.*} properties: which coordination engine (none, zookeeper, kubernetes) and its
 * settings. {@code none} (the default) is one instance: no leadership, every route runs, schedules are not claimed.
 */
public record ClusterSettings(Engine engine, String memberId, String zookeeperNodes, String zookeeperBasePath,
                              long sessionTimeoutMs, long connectTimeoutMs, String kubernetesNamespace,
                              String kubernetesLeasePrefix, String podName, Map<String, String> clusterLabels, long leaseDurationMs, long renewDeadlineMs,
                              long retryPeriodMs, Duration catchUpWindow, int catchUpMaxSlots,
                              List<String> everyInstance, Duration balanceInterval) {

    public enum Engine { NONE, ZOOKEEPER, KUBERNETES }

    public static ClusterSettings from(RuntimeConfig config) {
        String raw = config.get("mediarelay.cluster.engine", "none").trim().toLowerCase();
        Engine engine = switch (raw) {
            case "", "none" -> Engine.NONE;
            case "zookeeper" -> Engine.ZOOKEEPER;
            case "kubernetes" -> Engine.KUBERNETES;
            default -> throw new ConfigException("mediarelay.cluster.engine: '" + raw + "' is not one of none, zookeeper, kubernetes");
        };
        String nodes = config.get("mediarelay.cluster.zookeeper.nodes", "").trim();
        if (engine == Engine.ZOOKEEPER && nodes.isEmpty()) {
            throw new ConfigException("mediarelay.cluster.zookeeper.nodes is required with mediarelay.cluster.engine=zookeeper (host:port,...)");
        }
        String member = config.get("mediarelay.cluster.member-id", "").trim();
        return new ClusterSettings(engine, member.isEmpty() ? defaultMemberId() : member, nodes,
                config.get("mediarelay.cluster.zookeeper.base-path", "/mediarelay/leadership"),
                config.getInt("mediarelay.cluster.zookeeper.session-timeout-ms", 15_000),
                config.getInt("mediarelay.cluster.zookeeper.connect-timeout-ms", 10_000),
                config.get("mediarelay.cluster.kubernetes.namespace", "").trim(),
                config.get("mediarelay.cluster.kubernetes.lease-prefix", "mediarelay"),
                config.get("mediarelay.cluster.kubernetes.pod-name", "").trim(),
                labels(config.getList("mediarelay.cluster.kubernetes.cluster-labels")),
                config.getInt("mediarelay.cluster.kubernetes.lease-duration-ms", 15_000),
                config.getInt("mediarelay.cluster.kubernetes.renew-deadline-ms", 10_000),
                config.getInt("mediarelay.cluster.kubernetes.retry-period-ms", 2_000),
                Duration.parse(config.get("mediarelay.cluster.schedule.catch-up-window", "PT1H")),
                config.getInt("mediarelay.cluster.schedule.catch-up-max-slots", 60),
                config.getList("mediarelay.cluster.every-instance"),
                // flows spread over the instances (FlowBalancer); off by default on Kubernetes, where it is untested here
                Duration.parse(config.get("mediarelay.cluster.balance-interval", engine == Engine.KUBERNETES ? "PT0S" : "PT10S")));
    }

    private static Map<String, String> labels(List<String> pairs) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String p : pairs) {
            int eq = p.indexOf('=');
            if (eq <= 0) {
                throw new ConfigException("mediarelay.cluster.kubernetes.cluster-labels: '" + p + "' is not name=value");
            }
            out.put(p.substring(0, eq).trim(), p.substring(eq + 1).trim());
        }
        return out;
    }

    public boolean clustered() {
        return engine != Engine.NONE;
    }

    /** host-pid: unique per process, readable in logs and in the slots table. */
    private static String defaultMemberId() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            host = "localhost";
        }
        return host + "-" + ManagementFactory.getRuntimeMXBean().getPid();
    }
}
