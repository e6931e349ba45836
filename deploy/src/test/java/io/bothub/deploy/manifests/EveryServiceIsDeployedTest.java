package io.bothub.deploy.manifests;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import com.fasterxml.jackson.databind.JsonNode;

import io.bothub.deploy.Repository;
import io.bothub.deploy.Repository.ServiceModule;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.strimzi.api.kafka.model.kafka.Kafka;

/**
 * Every module of the root pom that is a service (name ends in -service) or the gateway is deployed in every
 * overlay with everything it needs, wired to its own database and to the shared Kafka and Redis, on the port its
 * application.yml sets. Adding a service module without its manifests fails here.
 */
class EveryServiceIsDeployedTest {

    static final List<String> KUSTOMIZATIONS = RenderedOverlay.ALL;

    private static final List<ServiceModule> SERVICES = Repository.serviceModules();

    @ParameterizedTest
    @FieldSource("KUSTOMIZATIONS")
    void everyServiceModuleHasItsDeploymentServiceConfigMapAutoscalerDisruptionBudgetAndNetworkPolicy(String k) {
        RenderedOverlay overlay = RenderedOverlay.of(k);
        SoftAssertions softly = new SoftAssertions();
        softly.assertThat(SERVICES).extracting(ServiceModule::name).contains("gateway", "bot-service");
        for (ServiceModule service : SERVICES) {
            String name = service.name();
            softly.assertThat(overlay.named(Deployment.class, name)).as("Deployment %s", name).isPresent();
            softly.assertThat(overlay.named(Service.class, name)).as("Service %s", name).isPresent();
            softly.assertThat(overlay.named(ConfigMap.class, name)).as("ConfigMap %s", name).isPresent();
            softly.assertThat(overlay.named(HorizontalPodAutoscaler.class, name)).as("HPA %s", name).isPresent();
            softly.assertThat(overlay.named(PodDisruptionBudget.class, name)).as("PDB %s", name).isPresent();
            softly.assertThat(overlay.named(NetworkPolicy.class, name)).as("NetworkPolicy %s", name).isPresent();
        }
        softly.assertAll();
    }

    @ParameterizedTest
    @FieldSource("KUSTOMIZATIONS")
    void everyServiceWithADatabaseHasItsOwnCloudNativePgCluster(String k) {
        RenderedOverlay overlay = RenderedOverlay.of(k);
        SoftAssertions softly = new SoftAssertions();
        for (ServiceModule service : SERVICES) {
            if (service.database().isEmpty()) {
                continue;
            }
            Optional<JsonNode> cluster = overlay.tree("postgresql.cnpg.io/v1", "Cluster", service.databaseCluster());
            softly.assertThat(cluster).as("CloudNativePG Cluster %s", service.databaseCluster()).isPresent();
            cluster.ifPresent(c -> {
                softly.assertThat(c.at("/spec/bootstrap/initdb/database").asText())
                        .as("%s creates %s's database", service.databaseCluster(), service.name())
                        .isEqualTo(service.database().get());
                softly.assertThat(c.at("/spec/bootstrap/initdb/owner").asText()).isEqualTo(service.database().get());
            });
        }
        softly.assertAll();
    }

    @ParameterizedTest
    @FieldSource("KUSTOMIZATIONS")
    void configMapsPointEachServiceAtItsOwnDatabaseAndTheSharedKafkaAndRedis(String k) {
        RenderedOverlay overlay = RenderedOverlay.of(k);
        Kafka kafka = overlay.all(Kafka.class).getFirst();
        int plainPort = kafka.getSpec().getKafka().getListeners().stream()
                .filter(listener -> !listener.isTls()).findFirst().orElseThrow().getPort();
        String bootstrap = kafka.getMetadata().getName() + "-kafka-bootstrap:" + plainPort;
        Service redis = overlay.named(Service.class, "redis").orElseThrow();
        String redisAddress = "redis://redis:" + redis.getSpec().getPorts().getFirst().getPort();
        SoftAssertions softly = new SoftAssertions();
        for (ServiceModule service : SERVICES) {
            Map<String, String> data = overlay.named(ConfigMap.class, service.name()).orElseThrow().getData();
            softly.assertThat(data).as("%s's ConfigMap", service.name()).containsEntry("BOTHUB_REDIS_ADDRESS", redisAddress);
            if (service.isGateway()) {
                continue;
            }
            softly.assertThat(data).as("%s's ConfigMap", service.name())
                    .containsEntry("SPRING_KAFKA_BOOTSTRAP_SERVERS", bootstrap)
                    .containsEntry("SPRING_DATASOURCE_URL", "jdbc:postgresql://" + service.databaseCluster()
                            + "-rw:5432/" + service.database().orElseThrow());
        }
        softly.assertAll();
    }

    @ParameterizedTest
    @FieldSource("KUSTOMIZATIONS")
    void databaseCredentialsComeFromTheSecretCloudNativePgWritesForTheServicesOwnCluster(String k) {
        RenderedOverlay overlay = RenderedOverlay.of(k);
        SoftAssertions softly = new SoftAssertions();
        for (ServiceModule service : SERVICES) {
            if (service.database().isEmpty()) {
                continue;
            }
            List<EnvVar> env = container(overlay, service).getEnv();
            for (var entry : Map.of("SPRING_DATASOURCE_USERNAME", "username",
                    "SPRING_DATASOURCE_PASSWORD", "password").entrySet()) {
                Optional<EnvVar> variable = env.stream().filter(e -> e.getName().equals(entry.getKey())).findFirst();
                softly.assertThat(variable).as("%s sets %s", service.name(), entry.getKey()).isPresent();
                variable.ifPresent(v -> {
                    softly.assertThat(v.getValueFrom().getSecretKeyRef().getName())
                            .isEqualTo(service.databaseCluster() + "-app");
                    softly.assertThat(v.getValueFrom().getSecretKeyRef().getKey()).isEqualTo(entry.getValue());
                });
            }
        }
        softly.assertAll();
    }

    @ParameterizedTest
    @FieldSource("KUSTOMIZATIONS")
    void everyServiceListensAndIsReachedOnThePortItsApplicationYmlSets(String k) {
        RenderedOverlay overlay = RenderedOverlay.of(k);
        SoftAssertions softly = new SoftAssertions();
        for (ServiceModule service : SERVICES) {
            Container container = container(overlay, service);
            softly.assertThat(container.getPorts()).as("%s's container ports", service.name())
                    .anySatisfy(port -> {
                        softly.assertThat(port.getName()).isEqualTo("http");
                        softly.assertThat(port.getContainerPort()).isEqualTo(service.port());
                    });
            Service kubernetesService = overlay.named(Service.class, service.name()).orElseThrow();
            softly.assertThat(kubernetesService.getSpec().getPorts()).singleElement().satisfies(port -> {
                softly.assertThat(port.getPort()).isEqualTo(service.port());
                softly.assertThat(port.getName()).isEqualTo("http");
                softly.assertThat(port.getTargetPort().getStrVal()).isEqualTo("http");
            });
            softly.assertThat(kubernetesService.getSpec().getSelector())
                    .isEqualTo(overlay.named(Deployment.class, service.name()).orElseThrow()
                            .getSpec().getSelector().getMatchLabels());
        }
        softly.assertAll();
    }

    @ParameterizedTest
    @FieldSource("KUSTOMIZATIONS")
    void theGatewayRoutesEveryServiceToItsKubernetesService(String k) {
        RenderedOverlay overlay = RenderedOverlay.of(k);
        Map<String, String> gateway = overlay.named(ConfigMap.class, "gateway").orElseThrow().getData();
        JsonNode routes = Repository.applicationYml("gateway").path("bothub").path("services");
        SoftAssertions softly = new SoftAssertions();
        softly.assertThat(routes.size()).isEqualTo(SERVICES.size() - 1);
        routes.fieldNames().forEachRemaining(route -> {
            String variable = "BOTHUB_SERVICES_" + route.replace("-", "").toUpperCase();
            String service = route.replaceAll("-url$", "") + "-service";
            int port = SERVICES.stream().filter(s -> s.name().equals(service)).findFirst().orElseThrow().port();
            softly.assertThat(gateway).as("gateway route %s", route).containsEntry(variable,
                    "http://" + service + ":" + port);
            softly.assertThat(overlay.named(Service.class, service)).isPresent();
        });
        softly.assertAll();
    }

    static Container container(RenderedOverlay overlay, ServiceModule service) {
        Deployment deployment = overlay.named(Deployment.class, service.name()).orElseThrow();
        return deployment.getSpec().getTemplate().getSpec().getContainers().stream()
                .filter(container -> container.getName().equals(service.name())).findFirst().orElseThrow();
    }
}
