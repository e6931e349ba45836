package io.bothub.deploy.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import com.fasterxml.jackson.databind.JsonNode;

import io.bothub.deploy.Repository;
import io.bothub.deploy.Repository.ServiceModule;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressTLS;

/**
 * Names that point at other objects point at something: the ConfigMaps and Secrets pods read, the Services the
 * ServiceMonitor and the Ingress select. A Secret the overlay does not carry must be one CloudNativePG writes, or
 * one the README tells the operator to create; dev carries all of its own.
 */
class ReferencesTest {

    static final List<String> KUSTOMIZATIONS = RenderedOverlay.ALL;

    private static final List<ServiceModule> SERVICES = Repository.serviceModules();

    @ParameterizedTest
    @FieldSource("KUSTOMIZATIONS")
    void everyConfigMapAndSecretAPodReadsExistsOrIsDocumentedForTheOperator(String k) throws IOException {
        RenderedOverlay overlay = RenderedOverlay.of(k);
        String runbook = Files.readString(Repository.root().resolve("README.md"));
        Set<String> configMaps = names(overlay.all(ConfigMap.class));
        Set<String> secrets = new java.util.HashSet<>(names(overlay.all(Secret.class)));
        overlay.trees("postgresql.cnpg.io/v1", "Cluster")
                .forEach(cluster -> secrets.add(cluster.at("/metadata/name").asText() + "-app"));
        List<String> external = new ArrayList<>();
        SoftAssertions softly = new SoftAssertions();
        for (Deployment deployment : overlay.all(Deployment.class)) {
            for (Container container : deployment.getSpec().getTemplate().getSpec().getContainers()) {
                for (EnvFromSource source : container.getEnvFrom() == null ? List.<EnvFromSource>of() : container.getEnvFrom()) {
                    if (source.getConfigMapRef() != null) {
                        softly.assertThat(configMaps).as("%s reads ConfigMap", container.getName())
                                .contains(source.getConfigMapRef().getName());
                    }
                    if (source.getSecretRef() != null && !secrets.contains(source.getSecretRef().getName())) {
                        external.add(source.getSecretRef().getName());
                    }
                }
                for (EnvVar variable : container.getEnv() == null ? List.<EnvVar>of() : container.getEnv()) {
                    if (variable.getValueFrom() != null && variable.getValueFrom().getSecretKeyRef() != null
                            && !secrets.contains(variable.getValueFrom().getSecretKeyRef().getName())) {
                        external.add(variable.getValueFrom().getSecretKeyRef().getName());
                    }
                }
            }
        }
        overlay.all(Ingress.class).forEach(ingress -> ingress.getSpec().getTls().stream()
                .map(IngressTLS::getSecretName).forEach(external::add));
        for (String secret : external) {
            softly.assertThat(runbook).as("the README tells the operator to create Secret %s", secret)
                    .contains("`" + secret + "`");
        }
        if (k.equals("overlays/dev")) {
            softly.assertThat(external).as("dev needs no Secret but the TLS certificate").containsOnly("bothub-tls");
        }
        softly.assertAll();
    }

    @ParameterizedTest
    @FieldSource("KUSTOMIZATIONS")
    void prometheusScrapesEveryServiceAtItsPrometheusEndpoint(String k) {
        RenderedOverlay overlay = RenderedOverlay.of(k);
        List<JsonNode> monitors = overlay.trees("monitoring.coreos.com/v1", "ServiceMonitor");
        assertThat(monitors).hasSize(1);
        JsonNode monitor = monitors.getFirst();
        LabelSelector selector = new com.fasterxml.jackson.databind.ObjectMapper()
                .convertValue(monitor.at("/spec/selector"), LabelSelector.class);
        JsonNode endpoint = monitor.at("/spec/endpoints/0");
        assertThat(endpoint.path("path").asText()).isEqualTo("/actuator/prometheus");
        SoftAssertions softly = new SoftAssertions();
        for (ServiceModule service : SERVICES) {
            Service kubernetesService = overlay.named(Service.class, service.name()).orElseThrow();
            softly.assertThat(NetworkModel.matches(selector, kubernetesService.getMetadata().getLabels()))
                    .as("the ServiceMonitor selects Service %s", service.name()).isTrue();
            softly.assertThat(kubernetesService.getSpec().getPorts()).as("%s has the scraped port", service.name())
                    .anySatisfy(port -> assertThat(port.getName()).isEqualTo(endpoint.path("port").asText()));
        }
        softly.assertAll();
    }

    @ParameterizedTest
    @FieldSource("KUSTOMIZATIONS")
    void theIngressExposesOnlyTheGatewaysApi(String k) {
        RenderedOverlay overlay = RenderedOverlay.of(k);
        List<Ingress> ingresses = overlay.all(Ingress.class);
        assertThat(ingresses).hasSize(1);
        Service gateway = overlay.named(Service.class, "gateway").orElseThrow();
        SoftAssertions softly = new SoftAssertions();
        ingresses.getFirst().getSpec().getRules().forEach(rule -> {
            for (HTTPIngressPath path : rule.getHttp().getPaths()) {
                softly.assertThat(path.getBackend().getService().getName()).isEqualTo("gateway");
                softly.assertThat(gateway.getSpec().getPorts()).extracting(port -> port.getName())
                        .contains(path.getBackend().getService().getPort().getName());
                softly.assertThat(path.getPath()).as("actuator stays inside the cluster").doesNotStartWith("/actuator")
                        .isNotEqualTo("/");
            }
        });
        softly.assertAll();
    }

    private static <T extends io.fabric8.kubernetes.api.model.HasMetadata> Set<String> names(List<T> objects) {
        return Set.copyOf(objects.stream().map(object -> object.getMetadata().getName()).toList());
    }
}
