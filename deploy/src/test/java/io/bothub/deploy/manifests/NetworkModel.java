package io.bothub.deploy.manifests;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.kafka.listener.GenericKafkaListener;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.nodepool.ProcessRoles;

/**
 * Kubernetes NetworkPolicy semantics over a small world: the pods an overlay creates (from its Deployments and
 * StatefulSets), the pods its operators create (Strimzi brokers, CloudNativePG instances, with the labels those
 * operators give them), and the pods around it (ingress controller, Prometheus, DNS, strangers). A connection is
 * allowed when the source's egress policies and the destination's ingress policies both allow it; a pod no policy
 * selects for a direction is open in that direction. Strimzi turns a listener's {@code networkPolicyPeers} into a
 * NetworkPolicy on the brokers; that policy is modelled too.
 */
final class NetworkModel {

    /**
     * A pod (or any client) with the labels and named ports policies look at, and its IP address for ipBlock peers.
     * A host outside the cluster has no namespace (no pod or namespace selector matches it).
     */
    record Pod(String name, String namespace, Map<String, String> labels, Map<String, Integer> ports, String ip) {

        Pod(String name, String namespace, Map<String, String> labels, Map<String, Integer> ports) {
            this(name, namespace, labels, ports, "10.244.0." + (Math.abs(name.hashCode()) % 250 + 1));
        }

        boolean outsideTheCluster() {
            return namespace == null;
        }
    }

    static final String INGRESS_NAMESPACE = "ingress-nginx";
    static final String MONITORING_NAMESPACE = "monitoring";

    private final List<NetworkPolicy> policies = new ArrayList<>();
    private final Map<String, Pod> pods = new LinkedHashMap<>();

    NetworkModel(RenderedOverlay overlay) {
        String namespace = namespaceOf(overlay);
        for (Deployment deployment : overlay.all(Deployment.class)) {
            add(pod(deployment.getMetadata().getName(), namespace, deployment.getSpec().getTemplate()));
        }
        for (StatefulSet statefulSet : overlay.all(StatefulSet.class)) {
            add(pod(statefulSet.getMetadata().getName(), namespace, statefulSet.getSpec().getTemplate()));
        }
        for (KafkaNodePool pool : overlay.all(KafkaNodePool.class)) {
            String cluster = pool.getMetadata().getLabels().get("strimzi.io/cluster");
            Map<String, String> labels = new LinkedHashMap<>(Map.of("strimzi.io/cluster", cluster,
                    "strimzi.io/kind", "Kafka", "strimzi.io/name", cluster + "-kafka",
                    "strimzi.io/pool-name", pool.getMetadata().getName()));
            if (pool.getSpec().getRoles().contains(ProcessRoles.BROKER)) {
                labels.put("strimzi.io/broker-role", "true");
            }
            if (pool.getSpec().getRoles().contains(ProcessRoles.CONTROLLER)) {
                labels.put("strimzi.io/controller-role", "true");
            }
            add(new Pod(cluster + "-" + pool.getMetadata().getName() + "-0", namespace, labels,
                    Map.of("controlplane", 9090, "replication", 9091, "plain", 9092)));
        }
        for (var cluster : overlay.trees("postgresql.cnpg.io/v1", "Cluster")) {
            String name = cluster.path("metadata").path("name").asText();
            add(new Pod(name + "-1", namespace, Map.of("cnpg.io/cluster", name, "cnpg.io/podRole", "instance",
                    "cnpg.io/instanceRole", "primary"), Map.of("postgresql", 5432, "metrics", 9187, "status", 8000)));
            add(new Pod(name + "-2", namespace, Map.of("cnpg.io/cluster", name, "cnpg.io/podRole", "instance",
                    "cnpg.io/instanceRole", "replica"), Map.of("postgresql", 5432, "metrics", 9187, "status", 8000)));
        }
        add(new Pod("ingress-controller", INGRESS_NAMESPACE, Map.of("app.kubernetes.io/name", "ingress-nginx"),
                Map.of()));
        add(new Pod("prometheus", MONITORING_NAMESPACE, Map.of("app.kubernetes.io/name", "prometheus"), Map.of()));
        add(new Pod("kube-dns", "kube-system", Map.of("k8s-app", "kube-dns"), Map.of("dns", 53)));
        add(new Pod("cnpg-operator", "cnpg-system", Map.of("app.kubernetes.io/name", "cloudnative-pg"), Map.of()));
        add(new Pod("stranger-in-namespace", namespace, Map.of("app.kubernetes.io/name", "debug-shell"), Map.of()));
        add(new Pod("pod-in-other-namespace", "other", Map.of("app.kubernetes.io/name", "gateway"), Map.of()));
        // Outside the cluster: a bot's webhook on the internet, the cloud's instance metadata service, a host of
        // the cluster's own private network (a node, a database that is not ours).
        add(new Pod("bot-webhook", null, Map.of(), Map.of("https", 443, "http", 80), "203.0.113.10"));
        add(new Pod("instance-metadata", null, Map.of(), Map.of("http", 80), "169.254.169.254"));
        add(new Pod("private-network-host", null, Map.of(), Map.of("https", 443, "postgresql", 5432), "10.0.0.7"));

        overlay.all(NetworkPolicy.class).forEach(policy -> policies.add(inNamespace(policy, namespace)));
        for (Kafka kafka : overlay.all(Kafka.class)) {
            for (GenericKafkaListener listener : kafka.getSpec().getKafka().getListeners()) {
                policies.add(strimziListenerPolicy(kafka.getMetadata().getName(), namespace, listener));
            }
        }
    }

    Pod pod(String name) {
        return Objects.requireNonNull(pods.get(name), () -> "no pod " + name + " in " + pods.keySet());
    }

    List<Pod> pods() {
        return List.copyOf(pods.values());
    }

    /** Both ends agree: the source may send and the destination may receive. */
    boolean allowed(Pod from, Pod to, int port, String protocol) {
        return egressAllowed(from, to, port, protocol) && ingressAllowed(from, to, port, protocol);
    }

    boolean egressAllowed(Pod from, Pod to, int port, String protocol) {
        List<NetworkPolicy> selecting = selecting(from, "Egress");
        return selecting.isEmpty() || selecting.stream().anyMatch(policy -> policy.getSpec().getEgress() != null
                && policy.getSpec().getEgress().stream().anyMatch(rule ->
                        peersMatch(rule.getTo(), policy, to) && portsMatch(rule.getPorts(), to, port, protocol)));
    }

    boolean ingressAllowed(Pod from, Pod to, int port, String protocol) {
        List<NetworkPolicy> selecting = selecting(to, "Ingress");
        return selecting.isEmpty() || selecting.stream().anyMatch(policy -> policy.getSpec().getIngress() != null
                && policy.getSpec().getIngress().stream().anyMatch(rule ->
                        peersMatch(rule.getFrom(), policy, from) && portsMatch(rule.getPorts(), to, port, protocol)));
    }

    private List<NetworkPolicy> selecting(Pod pod, String direction) {
        return policies.stream()
                .filter(policy -> policy.getMetadata().getNamespace().equals(pod.namespace()))
                .filter(policy -> matches(policy.getSpec().getPodSelector(), pod.labels()))
                .filter(policy -> types(policy).contains(direction))
                .toList();
    }

    private static List<String> types(NetworkPolicy policy) {
        if (policy.getSpec().getPolicyTypes() != null && !policy.getSpec().getPolicyTypes().isEmpty()) {
            return policy.getSpec().getPolicyTypes();
        }
        List<String> types = new ArrayList<>(List.of("Ingress"));
        if (policy.getSpec().getEgress() != null && !policy.getSpec().getEgress().isEmpty()) {
            types.add("Egress");
        }
        return types;
    }

    /** No peers listed: everyone. Otherwise any peer (podSelector in the policy's namespace, namespaceSelector). */
    private static boolean peersMatch(List<NetworkPolicyPeer> peers, NetworkPolicy policy, Pod pod) {
        if (peers == null || peers.isEmpty()) {
            return true;
        }
        return peers.stream().anyMatch(peer -> {
            if (peer.getIpBlock() != null) {
                return Cidr.of(peer.getIpBlock().getCidr()).contains(pod.ip())
                        && (peer.getIpBlock().getExcept() == null || peer.getIpBlock().getExcept().stream()
                                .noneMatch(except -> Cidr.of(except).contains(pod.ip())));
            }
            if (pod.outsideTheCluster()) {
                return false;
            }
            boolean namespaceMatches = peer.getNamespaceSelector() == null
                    ? pod.namespace().equals(policy.getMetadata().getNamespace())
                    : matches(peer.getNamespaceSelector(), Map.of("kubernetes.io/metadata.name", pod.namespace()));
            boolean podMatches = peer.getPodSelector() == null || matches(peer.getPodSelector(), pod.labels());
            return namespaceMatches && podMatches;
        });
    }

    private static boolean portsMatch(List<NetworkPolicyPort> ports, Pod destination, int port, String protocol) {
        if (ports == null || ports.isEmpty()) {
            return true;
        }
        return ports.stream().anyMatch(rule -> {
            String ruleProtocol = rule.getProtocol() == null ? "TCP" : rule.getProtocol();
            if (!ruleProtocol.equals(protocol)) {
                return false;
            }
            IntOrString rulePort = rule.getPort();
            if (rulePort == null) {
                return true;
            }
            Integer number = rulePort.getIntVal() != null ? rulePort.getIntVal()
                    : destination.ports().get(rulePort.getStrVal());
            if (number == null) {
                return false;
            }
            int end = rule.getEndPort() == null ? number : rule.getEndPort();
            return port >= number && port <= end;
        });
    }

    static boolean matches(LabelSelector selector, Map<String, String> labels) {
        if (selector == null) {
            return true;
        }
        if (selector.getMatchLabels() != null && !selector.getMatchLabels().entrySet().stream()
                .allMatch(label -> label.getValue().equals(labels.get(label.getKey())))) {
            return false;
        }
        if (selector.getMatchExpressions() != null) {
            for (LabelSelectorRequirement requirement : selector.getMatchExpressions()) {
                String value = labels.get(requirement.getKey());
                boolean ok = switch (requirement.getOperator()) {
                    case "In" -> value != null && requirement.getValues().contains(value);
                    case "NotIn" -> value == null || !requirement.getValues().contains(value);
                    case "Exists" -> value != null;
                    case "DoesNotExist" -> value == null;
                    default -> throw new IllegalArgumentException("operator " + requirement.getOperator());
                };
                if (!ok) {
                    return false;
                }
            }
        }
        return true;
    }

    /** What Strimzi's cluster operator creates for a listener: its port open to the listed peers (or to all). */
    private static NetworkPolicy strimziListenerPolicy(String cluster, String namespace,
            GenericKafkaListener listener) {
        return new NetworkPolicyBuilder()
                .withNewMetadata().withName(cluster + "-network-policy-kafka").withNamespace(namespace).endMetadata()
                .withNewSpec()
                .withNewPodSelector()
                .withMatchLabels(Map.of("strimzi.io/cluster", cluster, "strimzi.io/kind", "Kafka",
                        "strimzi.io/name", cluster + "-kafka"))
                .endPodSelector()
                .withPolicyTypes("Ingress")
                .addNewIngress()
                .withFrom(listener.getNetworkPolicyPeers() == null ? List.of() : listener.getNetworkPolicyPeers())
                .addNewPort().withProtocol("TCP").withPort(new IntOrString(listener.getPort())).endPort()
                .endIngress()
                .endSpec()
                .build();
    }

    /** An IPv4 CIDR block (the model's addresses are all IPv4). */
    record Cidr(int network, int prefix) {

        static Cidr of(String cidr) {
            String[] parts = cidr.split("/");
            return new Cidr(address(parts[0]), Integer.parseInt(parts[1]));
        }

        boolean contains(String ip) {
            int mask = prefix == 0 ? 0 : -1 << (32 - prefix);
            return (address(ip) & mask) == (network & mask);
        }

        private static int address(String ip) {
            int value = 0;
            for (String octet : ip.split("\\.")) {
                value = value << 8 | Integer.parseInt(octet);
            }
            return value;
        }
    }

    private static NetworkPolicy inNamespace(NetworkPolicy policy, String namespace) {
        if (policy.getMetadata().getNamespace() != null) {
            return policy;
        }
        return new NetworkPolicyBuilder(policy).editMetadata().withNamespace(namespace).endMetadata().build();
    }

    private static Pod pod(String name, String namespace, PodTemplateSpec template) {
        Map<String, Integer> ports = new LinkedHashMap<>();
        template.getSpec().getContainers().forEach(container -> {
            if (container.getPorts() != null) {
                for (ContainerPort port : container.getPorts()) {
                    ports.put(port.getName() == null ? String.valueOf(port.getContainerPort()) : port.getName(),
                            port.getContainerPort());
                }
            }
        });
        return new Pod(name, namespace, template.getMetadata().getLabels(), ports);
    }

    private void add(Pod pod) {
        pods.put(pod.name(), pod);
    }

    /** The overlay's namespace (the base has none; kubectl would use the current one). */
    static String namespaceOf(RenderedOverlay overlay) {
        return overlay.results().stream()
                .map(result -> result.object().path("metadata").path("namespace").asText(""))
                .filter(namespace -> !namespace.isEmpty()).findFirst().orElse("default");
    }
}
