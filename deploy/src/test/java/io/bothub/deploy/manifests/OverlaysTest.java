package io.bothub.deploy.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.nodepool.ProcessRoles;

/** What distinguishes the environments: dev is one small copy of everything, prod is replicated and bigger. */
class OverlaysTest {

    static final List<String> OVERLAYS = List.of("overlays/dev", "overlays/prod");

    private final RenderedOverlay dev = RenderedOverlay.of("overlays/dev");
    private final RenderedOverlay prod = RenderedOverlay.of("overlays/prod");

    @Test
    void devRunsOneOfEverything() {
        SoftAssertions softly = new SoftAssertions();
        dev.all(HorizontalPodAutoscaler.class).forEach(hpa ->
                softly.assertThat(hpa.getSpec().getMinReplicas()).as(hpa.getMetadata().getName()).isEqualTo(1));
        softly.assertThat(brokers(dev)).isEqualTo(1);
        dev.trees("postgresql.cnpg.io/v1", "Cluster").forEach(cluster ->
                softly.assertThat(cluster.at("/spec/instances").asInt()).isEqualTo(1));
        softly.assertAll();
    }

    @Test
    void prodRunsThreeKafkaBrokersAndKeepsEveryRecordOnThreeOfThem() {
        Map<String, Object> config = kafkaConfig(prod);

        assertThat(brokers(prod)).isGreaterThanOrEqualTo(3);
        assertThat(config).containsEntry("default.replication.factor", 3).containsEntry("min.insync.replicas", 2)
                .containsEntry("offsets.topic.replication.factor", 3)
                .containsEntry("transaction.state.log.replication.factor", 3);
        assertThat(messaging(prod)).containsEntry("BOTHUB_MESSAGING_REPLICATION_FACTOR", "3");
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void replicationNeverAsksForMoreBrokersThanThereAre(String overlay) {
        RenderedOverlay rendered = RenderedOverlay.of(overlay);
        Map<String, Object> config = kafkaConfig(rendered);
        int brokers = brokers(rendered);
        int replication = ((Number) config.get("default.replication.factor")).intValue();

        assertThat(replication).isLessThanOrEqualTo(brokers);
        assertThat(((Number) config.get("min.insync.replicas")).intValue())
                .isLessThanOrEqualTo(Math.max(1, replication - 1));
        assertThat(Integer.parseInt(messaging(rendered).get("BOTHUB_MESSAGING_REPLICATION_FACTOR")))
                .isEqualTo(replication);
    }

    @Test
    void prodRunsMoreReplicasWithMoreResourcesThanDev() {
        SoftAssertions softly = new SoftAssertions();
        for (Deployment deployment : prod.all(Deployment.class)) {
            String name = deployment.getMetadata().getName();
            softly.assertThat(hpa(prod, name).getSpec().getMinReplicas()).as("%s replicas", name)
                    .isGreaterThanOrEqualTo(3).isGreaterThan(hpa(dev, name).getSpec().getMinReplicas());
            softly.assertThat(memoryLimit(prod, name)).as("%s memory", name).isGreaterThan(memoryLimit(dev, name));
        }
        prod.trees("postgresql.cnpg.io/v1", "Cluster").forEach(cluster ->
                softly.assertThat(cluster.at("/spec/instances").asInt()).as(cluster.at("/metadata/name").asText())
                        .isGreaterThanOrEqualTo(3));
        softly.assertAll();
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void everyImageIsTaggedAndProdPullsFromARegistry(String overlay) {
        RenderedOverlay rendered = RenderedOverlay.of(overlay);
        SoftAssertions softly = new SoftAssertions();
        for (Deployment deployment : rendered.all(Deployment.class)) {
            for (Container container : deployment.getSpec().getTemplate().getSpec().getContainers()) {
                String image = container.getImage();
                String name = image.contains("@") ? image.substring(0, image.indexOf('@')) : image;
                softly.assertThat(name.substring(name.lastIndexOf('/') + 1)).as(image).contains(":")
                        .doesNotEndWith(":latest");
                if (overlay.endsWith("prod")) {
                    softly.assertThat(image.substring(0, image.indexOf('/'))).as("%s comes from a registry", image)
                            .contains(".");
                }
            }
        }
        softly.assertAll();
    }

    private static int brokers(RenderedOverlay overlay) {
        return overlay.all(KafkaNodePool.class).stream()
                .filter(pool -> pool.getSpec().getRoles().contains(ProcessRoles.BROKER))
                .mapToInt(pool -> pool.getSpec().getReplicas()).sum();
    }

    private static Map<String, Object> kafkaConfig(RenderedOverlay overlay) {
        return overlay.all(Kafka.class).getFirst().getSpec().getKafka().getConfig();
    }

    private static Map<String, String> messaging(RenderedOverlay overlay) {
        return overlay.named(ConfigMap.class, "bothub-messaging").orElseThrow().getData();
    }

    private static HorizontalPodAutoscaler hpa(RenderedOverlay overlay, String name) {
        return overlay.named(HorizontalPodAutoscaler.class, name).orElseThrow();
    }

    private static java.math.BigDecimal memoryLimit(RenderedOverlay overlay, String name) {
        return overlay.named(Deployment.class, name).orElseThrow().getSpec().getTemplate().getSpec().getContainers()
                .getFirst().getResources().getLimits().get("memory").getNumericalAmount();
    }
}
