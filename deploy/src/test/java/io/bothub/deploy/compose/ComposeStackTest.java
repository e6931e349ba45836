package io.bothub.deploy.compose;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.bothub.deploy.Repository;
import io.bothub.deploy.Repository.ServiceModule;
import io.bothub.deploy.ServiceProperties;
import io.bothub.deploy.kustomize.YamlDocuments;

/**
 * The Docker Compose stack (deploy/compose) cannot be started here (no Docker engine), so it is checked the way
 * {@code docker compose config} and a reviewer would: the file keeps to the Compose specification's structure,
 * every service module and the gateway runs from the image build-images.sh makes, each service talks to its own
 * database (which the init script creates), to the Kafka listener the broker advertises and to Redis, the
 * gateway's routes point at the services' containers and ports, and every environment variable sets a property
 * the service actually has.
 */
class ComposeStackTest {

    private static final Path COMPOSE = Repository.deploy().resolve("compose/compose.yaml");
    private static final List<ServiceModule> SERVICES = Repository.serviceModules();
    private static final Set<String> INFRASTRUCTURE = Set.of("postgres", "kafka", "redis");

    /** The top-level and service keys of the Compose specification (compose-spec.json) this stack may use. */
    private static final Set<String> TOP_LEVEL = Set.of("name", "services", "networks", "volumes", "configs",
            "secrets", "include");
    private static final Set<String> SERVICE_KEYS = Set.of("image", "build", "command", "entrypoint", "environment",
            "env_file", "ports", "expose", "volumes", "tmpfs", "depends_on", "healthcheck", "restart", "user",
            "read_only", "cap_drop", "cap_add", "security_opt", "stop_grace_period", "stop_signal", "networks",
            "labels", "deploy", "mem_limit", "cpus", "working_dir", "hostname", "profiles");
    private static final Set<String> DEPENDENCY_CONDITIONS = Set.of("service_started", "service_healthy",
            "service_completed_successfully");

    private final JsonNode compose = YamlDocuments.readOne(COMPOSE);
    private final JsonNode services = compose.path("services");

    @Test
    void theFileKeepsToTheComposeSpecificationsStructure() {
        SoftAssertions softly = new SoftAssertions();
        compose.fieldNames().forEachRemaining(key -> softly.assertThat(TOP_LEVEL.contains(key) || key.startsWith("x-"))
                .as("top-level key %s", key).isTrue());
        Set<String> namedVolumes = new TreeSet<>();
        compose.path("volumes").fieldNames().forEachRemaining(namedVolumes::add);
        services.properties().forEach(entry -> {
            String name = entry.getKey();
            JsonNode service = entry.getValue();
            service.fieldNames().forEachRemaining(key -> softly.assertThat(SERVICE_KEYS).as("%s: key %s", name, key)
                    .contains(key));
            softly.assertThat(service.path("image").asText()).as("%s has an image with a tag", name).contains(":");
            service.path("depends_on").properties().forEach(dependency -> {
                softly.assertThat(services.has(dependency.getKey())).as("%s depends on %s", name, dependency.getKey())
                        .isTrue();
                softly.assertThat(DEPENDENCY_CONDITIONS).contains(dependency.getValue().path("condition").asText());
                if (dependency.getValue().path("condition").asText().equals("service_healthy")) {
                    softly.assertThat(services.path(dependency.getKey()).has("healthcheck"))
                            .as("%s waits for %s to be healthy, so it needs a healthcheck", name, dependency.getKey())
                            .isTrue();
                }
            });
            for (JsonNode volume : service.path("volumes")) {
                String source = volume.asText().split(":")[0];
                if (source.startsWith("./")) {
                    softly.assertThat(COMPOSE.getParent().resolve(source)).as("%s mounts %s", name, source).exists();
                } else {
                    softly.assertThat(namedVolumes).as("%s uses volume %s", name, source).contains(source);
                }
            }
            for (JsonNode port : service.path("ports")) {
                softly.assertThat(port.isTextual()).as("%s: quote ports (YAML reads 80:80 as a number)", name).isTrue();
                softly.assertThat(port.asText()).matches("(\\d+:)?\\d+");
            }
            service.path("environment").properties().forEach(variable -> softly.assertThat(
                    variable.getValue().isTextual() || variable.getValue().isNumber()
                            || variable.getValue().isBoolean())
                    .as("%s: %s is a scalar", name, variable.getKey()).isTrue());
        });
        softly.assertAll();
    }

    @Test
    void everyServiceModuleAndTheGatewayRunsFromTheImageTheBuildMakes() {
        Set<String> expected = new TreeSet<>(INFRASTRUCTURE);
        SERVICES.forEach(service -> expected.add(service.name()));

        assertThat(fieldNames(services)).containsExactlyInAnyOrderElementsOf(expected);
        SoftAssertions softly = new SoftAssertions();
        for (ServiceModule service : SERVICES) {
            JsonNode container = services.path(service.name());
            softly.assertThat(container.path("image").asText())
                    .isEqualTo("bothub/" + service.name() + ":" + Repository.projectVersion());
            softly.assertThat(container.path("user").asText()).as("%s runs as the image's non-root user", service.name())
                    .isEqualTo("65532:65532");
            softly.assertThat(container.path("read_only").asBoolean()).isTrue();
            softly.assertThat(container.path("stop_grace_period").asText())
                    .as("%s has time to shut down gracefully", service.name()).isEqualTo("45s");
        }
        softly.assertThat(services.path("gateway").path("ports")).extracting(JsonNode::asText)
                .containsExactly("8080:" + gateway().port());
        SERVICES.stream().filter(service -> !service.isGateway()).forEach(service -> softly
                .assertThat(services.path(service.name()).has("ports"))
                .as("only the gateway is published; %s is reached through it", service.name()).isFalse());
        softly.assertAll();
    }

    @Test
    void eachServiceUsesItsOwnDatabaseWhichTheInitScriptCreates() throws IOException {
        Set<String> created = new TreeSet<>();
        Matcher create = Pattern.compile("(?i)CREATE DATABASE (\\w+)")
                .matcher(Files.readString(COMPOSE.getParent().resolve("postgres-init.sql")));
        while (create.find()) {
            created.add(create.group(1));
        }
        String user = services.path("postgres").path("environment").path("POSTGRES_USER").asText();
        String password = services.path("postgres").path("environment").path("POSTGRES_PASSWORD").asText();

        SoftAssertions softly = new SoftAssertions();
        Set<String> used = new TreeSet<>();
        for (ServiceModule service : SERVICES) {
            JsonNode environment = services.path(service.name()).path("environment");
            if (service.database().isEmpty()) {
                softly.assertThat(environment.has("SPRING_DATASOURCE_URL")).as("%s has no database", service.name())
                        .isFalse();
                continue;
            }
            String database = service.database().get();
            used.add(database);
            softly.assertThat(environment.path("SPRING_DATASOURCE_URL").asText()).as(service.name())
                    .isEqualTo("jdbc:postgresql://postgres:5432/" + database);
            softly.assertThat(environment.path("SPRING_DATASOURCE_USERNAME").asText()).isEqualTo(user);
            softly.assertThat(environment.path("SPRING_DATASOURCE_PASSWORD").asText()).isEqualTo(password);
        }
        softly.assertThat(created).as("databases postgres-init.sql creates").isEqualTo(used);
        softly.assertAll();
    }

    @Test
    void servicesReachKafkaAtTheListenerTheBrokerAdvertisesAndRedisAtItsContainer() {
        JsonNode kafka = services.path("kafka").path("environment");
        String advertised = kafka.path("KAFKA_ADVERTISED_LISTENERS").asText();
        SoftAssertions softly = new SoftAssertions();
        softly.assertThat(kafka.path("KAFKA_PROCESS_ROLES").asText()).as("KRaft, one node").isEqualTo("broker,controller");
        softly.assertThat(kafka.path("KAFKA_AUTO_CREATE_TOPICS_ENABLE").asText()).isEqualTo("false");
        for (ServiceModule service : SERVICES) {
            JsonNode environment = services.path(service.name()).path("environment");
            softly.assertThat(URI.create(environment.path("BOTHUB_REDIS_ADDRESS").asText()))
                    .as("%s Redis", service.name()).satisfies(redis -> {
                        assertThat(redis.getHost()).isEqualTo("redis");
                        assertThat(redis.getPort()).isEqualTo(6379);
                    });
            if (service.isGateway()) {
                softly.assertThat(environment.has("SPRING_KAFKA_BOOTSTRAP_SERVERS")).as("the gateway uses no Kafka")
                        .isFalse();
                continue;
            }
            String bootstrap = environment.path("SPRING_KAFKA_BOOTSTRAP_SERVERS").asText();
            softly.assertThat(advertised).as("%s's bootstrap server is an advertised listener", service.name())
                    .contains("://" + bootstrap);
            softly.assertThat(services.path(service.name()).path("depends_on").fieldNames()).toIterable()
                    .containsAll(INFRASTRUCTURE);
        }
        softly.assertAll();
    }

    @Test
    void theGatewayRoutesEveryServiceToItsContainerAndPort() {
        JsonNode routes = Repository.applicationYml("gateway").path("bothub").path("services");
        JsonNode environment = services.path("gateway").path("environment");
        Map<String, String> urls = new LinkedHashMap<>();
        routes.properties().forEach(route -> urls.put(route.getKey(), route.getValue().asText()));

        assertThat(urls).isNotEmpty();
        SoftAssertions softly = new SoftAssertions();
        for (String property : urls.keySet()) {
            // tenant-url -> BOTHUB_SERVICES_TENANTURL, pointing at tenant-service's container.
            String variable = "BOTHUB_SERVICES_" + property.replace("-", "").toUpperCase();
            String service = property.replace("-url", "") + "-service";
            ServiceModule target = SERVICES.stream().filter(s -> s.name().equals(service)).findFirst().orElseThrow();
            softly.assertThat(environment.path(variable).asText()).as(variable)
                    .isEqualTo("http://" + service + ":" + target.port());
        }
        softly.assertAll();
    }

    @Test
    void everyEnvironmentVariableOfAServiceSetsAPropertyItHas() {
        List<String> unknown = new ArrayList<>();
        for (ServiceModule service : SERVICES) {
            ServiceProperties properties = ServiceProperties.of(service.name());
            services.path(service.name()).path("environment").fieldNames().forEachRemaining(variable -> {
                if (!properties.understands(variable)) {
                    unknown.add(service.name() + ": " + variable);
                }
            });
        }
        assertThat(unknown).as("variables no property of the service binds (Spring would ignore them)").isEmpty();
    }

    private static ServiceModule gateway() {
        return SERVICES.stream().filter(ServiceModule::isGateway).findFirst().orElseThrow();
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
