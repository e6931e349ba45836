package io.bothub.deploy.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import io.bothub.events.TopicSpec;
import io.bothub.events.Topics;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.nodepool.ProcessRoles;
import io.strimzi.api.kafka.model.topic.KafkaTopic;

/**
 * Kafka as Strimzi runs it: KRaft on node pools, and one KafkaTopic per topic that io.bothub.events.Topics
 * declares, with the partition count and retention declared there. A topic added to Topics.ALL without its
 * KafkaTopic, or a changed partition count, fails here.
 */
class KafkaTest {

    static final List<String> KUSTOMIZATIONS = RenderedOverlay.ALL;

    @ParameterizedTest
    @FieldSource("KUSTOMIZATIONS")
    void everyDeclaredTopicHasAKafkaTopicWithItsPartitionsAndRetention(String k) {
        Map<String, KafkaTopic> topics = kafkaTopics(RenderedOverlay.of(k));
        SoftAssertions softly = new SoftAssertions();
        softly.assertThat(Topics.ALL).isNotEmpty();
        for (TopicSpec spec : Topics.ALL) {
            Optional<KafkaTopic> topic = Optional.ofNullable(topics.get(spec.name()));
            softly.assertThat(topic).as("KafkaTopic for %s", spec.name()).isPresent();
            topic.ifPresent(t -> {
                softly.assertThat(t.getSpec().getPartitions()).as("%s partitions", spec.name())
                        .isEqualTo(spec.partitions());
                Object retention = t.getSpec().getConfig() == null ? null : t.getSpec().getConfig().get("retention.ms");
                softly.assertThat(retention == null ? null : Long.valueOf(retention.toString()))
                        .as("%s retention.ms", spec.name()).isEqualTo(spec.retention().toMillis());
            });
        }
        softly.assertAll();
    }

    @ParameterizedTest
    @FieldSource("KUSTOMIZATIONS")
    void noKafkaTopicExistsThatTopicsDoesNotDeclare(String k) {
        assertThat(kafkaTopics(RenderedOverlay.of(k)).keySet())
                .containsExactlyInAnyOrderElementsOf(Topics.ALL.stream().map(TopicSpec::name).toList());
    }

    @ParameterizedTest
    @FieldSource("KUSTOMIZATIONS")
    void kafkaRunsInKRaftModeOnNodePoolsThatTopicsAndPoolsBelongTo(String k) {
        RenderedOverlay overlay = RenderedOverlay.of(k);
        List<Kafka> clusters = overlay.all(Kafka.class);
        assertThat(clusters).hasSize(1);
        String cluster = clusters.getFirst().getMetadata().getName();
        List<KafkaNodePool> pools = overlay.all(KafkaNodePool.class);
        assertThat(pools).flatExtracting(pool -> pool.getSpec().getRoles())
                .contains(ProcessRoles.CONTROLLER, ProcessRoles.BROKER);
        assertThat(clusters.getFirst().getSpec().getKafka().getMetadataVersion()).isNotBlank();
        assertThat(pools).allSatisfy(pool ->
                assertThat(pool.getMetadata().getLabels()).containsEntry("strimzi.io/cluster", cluster));
        assertThat(overlay.all(KafkaTopic.class)).allSatisfy(topic ->
                assertThat(topic.getMetadata().getLabels()).containsEntry("strimzi.io/cluster", cluster));
        assertThat(clusters.getFirst().getSpec().getEntityOperator().getTopicOperator())
                .as("the Topic Operator turns KafkaTopics into topics").isNotNull();
    }

    /** KafkaTopics by the topic they create ({@code spec.topicName}, else the object's name). */
    static Map<String, KafkaTopic> kafkaTopics(RenderedOverlay overlay) {
        return overlay.all(KafkaTopic.class).stream().collect(Collectors.toMap(
                topic -> topic.getSpec().getTopicName() != null ? topic.getSpec().getTopicName()
                        : topic.getMetadata().getName(), Function.identity()));
    }
}
