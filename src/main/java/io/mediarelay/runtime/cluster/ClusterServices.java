package io.mediarelay.runtime.cluster;

import java.util.Map;
import java.util.Optional;

import org.apache.camel.cluster.CamelClusterService;
import org.apache.camel.component.kubernetes.cluster.KubernetesClusterService;
import org.apache.camel.component.kubernetes.cluster.LeaseResourceType;

/** The {@link CamelClusterService} of the configured engine; nothing of our own decides who leads. */
public final class ClusterServices {
    private ClusterServices() {
    }

    public static Optional<CamelClusterService> create(ClusterSettings s) {
        return switch (s.engine()) {
            case NONE -> Optional.empty();
            case ZOOKEEPER -> Optional.of(zookeeper(s));
            case KUBERNETES -> Optional.of(kubernetes(s));
        };
    }

    private static CamelClusterService zookeeper(ClusterSettings s) {
        ZooKeeperPreemptiveClusterService zk = new ZooKeeperPreemptiveClusterService();
        zk.setId(s.memberId()); // the participant id in ZooKeeper: who leads is readable there
        zk.setNodes(s.zookeeperNodes());
        zk.setBasePath(s.zookeeperBasePath());
        // the session timeout is how long a leader that died without saying so (kill -9, cut off) keeps its flows
        zk.setSessionTimeoutMs((int) s.sessionTimeoutMs());
        zk.setConnectTimeoutMs((int) s.connectTimeoutMs());
        zk.setAttributes(Map.of("member", s.memberId()));
        return zk;
    }

    private static CamelClusterService kubernetes(ClusterSettings s) {
        KubernetesClusterService k8s = new KubernetesClusterService();
        k8s.setId("mediarelay-kubernetes");
        // one coordination.k8s.io Lease per flow: <lease-prefix>-<flow id>
        k8s.setLeaseResourceType(LeaseResourceType.Lease);
        k8s.setKubernetesResourceName(s.kubernetesLeasePrefix());
        if (!s.kubernetesNamespace().isEmpty()) {
            k8s.setKubernetesNamespace(s.kubernetesNamespace());
        }
        if (!s.podName().isEmpty()) {
            k8s.setPodName(s.podName());
        }
        if (!s.clusterLabels().isEmpty()) {
            k8s.setClusterLabels(s.clusterLabels()); // the pods that take part (Role: pods get/list/watch)
        }
        k8s.setLeaseDurationMillis(s.leaseDurationMs());
        k8s.setRenewDeadlineMillis(s.renewDeadlineMs());
        k8s.setRetryPeriodMillis(s.retryPeriodMs());
        return k8s;
    }
}
