package io.bothub.deploy.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The validator finds what the API server would refuse, so {@link ManifestsAreValidTest} cannot pass by accepting
 * everything: each broken object here differs from a valid one by one mistake.
 */
class ManifestValidatorTest {

    private final ManifestValidator validator = new ManifestValidator();
    private final JsonMapper json = JsonMapper.builder().build();

    private static final String DEPLOYMENT = """
            {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "bot-service"},
             "spec": {"replicas": %s, "selector": {"matchLabels": {"app.kubernetes.io/name": "bot-service"}},
              "template": {"metadata": {"labels": {"app.kubernetes.io/name": "bot-service"}},
               "spec": {"containers": [{"name": "bot-service", "image": "bothub/bot-service:1",
                 "ports": [{"name": "http", "containerPort": 8082}],
                 "livenessProbe": {"httpGet": {"%s": "/actuator/health/liveness", "port": "http"}}}]}}}}
            """;

    @Test
    void acceptsAValidDeployment() {
        assertThat(problems(DEPLOYMENT.formatted("2", "path"))).isEmpty();
    }

    @Test
    void refusesAnUnknownFieldDeepInsideADeployment() {
        assertThat(problems(DEPLOYMENT.formatted("2", "pth"))).singleElement().asString()
                .contains("apps/v1/Deployment bot-service").contains("\"pth\"");
    }

    @Test
    void refusesAStringWhereTheApiWantsANumber() {
        assertThat(problems(DEPLOYMENT.formatted("\"2\"", "path"))).singleElement().asString().contains("spec.replicas: Cannot coerce String");
    }

    @Test
    void refusesANumberAsALabelValue() {
        assertThat(problems("""
                {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "dashboards",
                 "labels": {"grafana_dashboard": 1}}, "data": {"a.json": "{}"}}
                """)).singleElement().asString().contains("metadata.labels.grafana_dashboard: Cannot coerce Integer");
    }

    @Test
    void refusesASelectorThatMatchesNoPodTemplate() {
        assertThat(problems(DEPLOYMENT.formatted("2", "path").replace(
                "\"matchLabels\": {\"app.kubernetes.io/name\": \"bot-service\"}",
                "\"matchLabels\": {\"app.kubernetes.io/name\": \"bot\"}")))
                .singleElement().asString().contains("spec.selector does not match");
    }

    @Test
    void refusesAnUnknownFieldInAStrimziResource() {
        assertThat(problems("""
                {"apiVersion": "kafka.strimzi.io/v1", "kind": "KafkaTopic",
                 "metadata": {"name": "bot-lifecycle", "labels": {"strimzi.io/cluster": "bothub"}},
                 "spec": {"topicName": "bot.lifecycle", "partition": 6}}
                """)).anySatisfy(problem -> assertThat(problem).contains("\"partition\""));
    }

    @Test
    void refusesWhatOnlyStrimzisCrdSchemaForbids() {
        // The model takes any int; the CRD Strimzi generates says replicas is 1..32767, as the API server would.
        assertThat(problems("""
                {"apiVersion": "kafka.strimzi.io/v1", "kind": "KafkaTopic",
                 "metadata": {"name": "bot-lifecycle", "labels": {"strimzi.io/cluster": "bothub"}},
                 "spec": {"topicName": "bot.lifecycle", "partitions": 6, "replicas": 40000}}
                """)).singleElement().asString().contains("/spec/replicas");
    }

    @Test
    void refusesAnUnknownFieldInACloudNativePgCluster() {
        assertThat(problems("""
                {"apiVersion": "postgresql.cnpg.io/v1", "kind": "Cluster", "metadata": {"name": "db"},
                 "spec": {"instance": 3, "storage": {"size": "1Gi"}}}
                """)).anySatisfy(problem -> assertThat(problem).contains("'instance' is not defined"));
    }

    @Test
    void refusesAWronglyTypedFieldInAServiceMonitor() {
        assertThat(problems("""
                {"apiVersion": "monitoring.coreos.com/v1", "kind": "ServiceMonitor", "metadata": {"name": "m"},
                 "spec": {"selector": {}, "endpoints": [{"port": "http", "path": 8080}]}}
                """)).singleElement().asString().contains("spec.endpoints[0].path");
    }

    @Test
    void refusesAKindItHasNoSchemaFor() {
        assertThat(problems("""
                {"apiVersion": "batch/v1", "kind": "CronJob", "metadata": {"name": "nightly"}, "spec": {}}
                """)).singleElement().asString().contains("no schema for batch/v1/CronJob");
    }

    private java.util.List<String> problems(String object) {
        try {
            JsonNode tree = json.readTree(object);
            return validator.validate(tree).problems();
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }
}
