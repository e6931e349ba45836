package io.bothub.deploy.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import io.bothub.deploy.Repository;
import io.bothub.deploy.Repository.ServiceModule;
import io.bothub.deploy.manifests.NetworkModel.Pod;

/**
 * Who may talk to whom, evaluated from the rendered NetworkPolicies (and the one Strimzi derives from the Kafka
 * listener): only the gateway is reachable from outside, a service only from the gateway and Prometheus, and a
 * service reaches only its own database, Kafka, Redis and DNS. Both directions are checked, so a policy that is too
 * tight (the platform would not work) fails as surely as one that is too loose.
 */
class NetworkPoliciesTest {

    static final List<String> OVERLAYS = List.of("overlays/dev", "overlays/prod");

    private static final List<ServiceModule> SERVICES = Repository.serviceModules();

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void onlyTheGatewayAndPrometheusReachAService(String overlay) {
        NetworkModel network = new NetworkModel(RenderedOverlay.of(overlay));
        SoftAssertions softly = new SoftAssertions();
        for (ServiceModule service : SERVICES) {
            Pod pod = network.pod(service.name());
            Set<String> expected = service.isGateway() ? Set.of("ingress-controller", "prometheus")
                    : Set.of("gateway", "prometheus");
            softly.assertThat(sourcesReaching(network, pod, service.port()))
                    .as("who reaches %s:%d in %s", service.name(), service.port(), overlay)
                    .containsExactlyInAnyOrderElementsOf(expected);
        }
        softly.assertAll();
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void aServiceReachesOnlyItsOwnDatabaseKafkaRedisAndDnsAndOnlyCommandServiceTheInternet(String overlay) {
        NetworkModel network = new NetworkModel(RenderedOverlay.of(overlay));
        SoftAssertions softly = new SoftAssertions();
        for (ServiceModule service : SERVICES) {
            Set<String> expected = new LinkedHashSet<>(List.of("redis:6379", "kube-dns:53/UDP", "kube-dns:53/TCP"));
            if (service.isGateway()) {
                SERVICES.stream().filter(other -> !other.isGateway())
                        .forEach(other -> expected.add(other.name() + ":" + other.port()));
            } else {
                expected.add(service.databaseCluster() + "-1:5432");
                expected.add(service.databaseCluster() + "-2:5432");
                network.pods().stream().filter(pod -> "true".equals(pod.labels().get("strimzi.io/broker-role")))
                        .forEach(broker -> expected.add(broker.name() + ":9092"));
            }
            if (service.name().equals("command-service")) {
                // It pushes commands to bots' webhooks: public addresses only, never private networks or metadata.
                expected.addAll(List.of("bot-webhook:443", "bot-webhook:80"));
            }
            softly.assertThat(destinationsReachedBy(network, network.pod(service.name())))
                    .as("where %s may connect in %s", service.name(), overlay)
                    .containsExactlyInAnyOrderElementsOf(expected);
        }
        softly.assertAll();
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void everyConnectionThePlatformNeedsIsAllowedAtBothEnds(String overlay) {
        NetworkModel network = new NetworkModel(RenderedOverlay.of(overlay));
        SoftAssertions softly = new SoftAssertions();
        Pod gateway = network.pod("gateway");
        Pod redis = network.pod("redis");
        softly.assertThat(network.allowed(gateway, redis, 6379, "TCP")).as("gateway to Redis").isTrue();
        for (ServiceModule service : SERVICES) {
            Pod pod = network.pod(service.name());
            softly.assertThat(network.allowed(pod, network.pod("kube-dns"), 53, "UDP"))
                    .as("%s to DNS", service.name()).isTrue();
            softly.assertThat(network.allowed(network.pod("prometheus"), pod, service.port(), "TCP"))
                    .as("Prometheus scrapes %s", service.name()).isTrue();
            if (service.isGateway()) {
                softly.assertThat(network.allowed(network.pod("ingress-controller"), pod, service.port(), "TCP"))
                        .as("the ingress controller to the gateway").isTrue();
                continue;
            }
            softly.assertThat(network.allowed(gateway, pod, service.port(), "TCP"))
                    .as("gateway to %s", service.name()).isTrue();
            softly.assertThat(network.allowed(pod, redis, 6379, "TCP")).as("%s to Redis", service.name()).isTrue();
            softly.assertThat(network.allowed(pod, network.pod(service.databaseCluster() + "-1"), 5432, "TCP"))
                    .as("%s to its database", service.name()).isTrue();
            List<Pod> brokers = network.pods().stream()
                    .filter(broker -> "true".equals(broker.labels().get("strimzi.io/broker-role"))).toList();
            softly.assertThat(brokers).isNotEmpty();
            brokers.forEach(broker -> softly.assertThat(network.allowed(pod, broker, 9092, "TCP"))
                    .as("%s to Kafka broker %s", service.name(), broker.name()).isTrue());
        }
        softly.assertAll();
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void strangersReachNeitherKafkaNorRedis(String overlay) {
        NetworkModel network = new NetworkModel(RenderedOverlay.of(overlay));
        Pod redis = network.pod("redis");
        List<Pod> brokers = network.pods().stream()
                .filter(pod -> "true".equals(pod.labels().get("strimzi.io/broker-role"))).toList();

        for (String stranger : List.of("stranger-in-namespace", "pod-in-other-namespace", "ingress-controller")) {
            Pod pod = network.pod(stranger);
            assertThat(network.allowed(pod, redis, 6379, "TCP")).as("%s to Redis", stranger).isFalse();
            brokers.forEach(broker -> assertThat(network.allowed(pod, broker, 9092, "TCP"))
                    .as("%s to Kafka", stranger).isFalse());
        }
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void aDatabaseIsReachedOnlyByItsServiceItsOwnInstancesTheOperatorAndPrometheus(String overlay) {
        NetworkModel network = new NetworkModel(RenderedOverlay.of(overlay));
        SoftAssertions softly = new SoftAssertions();
        for (ServiceModule service : SERVICES) {
            if (service.database().isEmpty()) {
                continue;
            }
            Pod primary = network.pod(service.databaseCluster() + "-1");
            softly.assertThat(sourcesReaching(network, primary, 5432)).as("who reaches %s:5432", primary.name())
                    .containsExactlyInAnyOrder(service.name(), service.databaseCluster() + "-2", "cnpg-operator");
            softly.assertThat(sourcesReaching(network, primary, 8000)).as("who reaches %s:8000", primary.name())
                    .containsExactly("cnpg-operator");
            softly.assertThat(sourcesReaching(network, primary, 9187)).containsExactly("prometheus");
        }
        softly.assertAll();
    }

    private static List<String> sourcesReaching(NetworkModel network, Pod destination, int port) {
        return network.pods().stream().filter(source -> source != destination)
                .filter(source -> network.allowed(source, destination, port, "TCP")).map(Pod::name).toList();
    }

    /** Every (pod, port) in the world the source's egress policies let it open, as {@code pod:port[/UDP|TCP]}. */
    private static List<String> destinationsReachedBy(NetworkModel network, Pod source) {
        List<String> reached = new ArrayList<>();
        for (Pod destination : network.pods()) {
            if (destination == source) {
                continue;
            }
            for (Map.Entry<String, Integer> port : destination.ports().entrySet()) {
                int number = port.getValue();
                if (number == 53) {
                    for (String protocol : List.of("UDP", "TCP")) {
                        if (network.egressAllowed(source, destination, number, protocol)) {
                            reached.add(destination.name() + ":53/" + protocol);
                        }
                    }
                } else if (network.egressAllowed(source, destination, number, "TCP")) {
                    reached.add(destination.name() + ":" + number);
                }
            }
        }
        return reached;
    }
}
