package io.bothub.deploy.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import io.bothub.deploy.Repository;
import io.bothub.deploy.Repository.ServiceModule;
import io.bothub.deploy.ServiceProperties;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;

/**
 * Every environment variable a pod gets — from the ConfigMaps and Secrets it reads whole ({@code envFrom}) and
 * its own {@code env} — sets a property its service has. Spring ignores a variable that binds to nothing, so a
 * misspelt key (BOTHUB_TRANSIT_SECRET_KEYS_…) would leave the development default in force without a word.
 * Secrets the operator creates in prod are not in the overlay; their keys are checked in dev, which carries them.
 */
class EnvironmentTest {

    static final List<String> KUSTOMIZATIONS = RenderedOverlay.ALL;

    @ParameterizedTest
    @FieldSource("KUSTOMIZATIONS")
    void everyVariableAPodGetsSetsAPropertyOfItsService(String k) {
        RenderedOverlay overlay = RenderedOverlay.of(k);
        List<String> unknown = new ArrayList<>();
        int checked = 0;
        for (ServiceModule service : Repository.serviceModules()) {
            ServiceProperties properties = ServiceProperties.of(service.name());
            Deployment deployment = overlay.named(Deployment.class, service.name()).orElseThrow();
            for (Container container : deployment.getSpec().getTemplate().getSpec().getContainers()) {
                List<String> variables = new ArrayList<>();
                for (EnvFromSource source : Optional.ofNullable(container.getEnvFrom()).orElse(List.of())) {
                    if (source.getConfigMapRef() != null) {
                        overlay.named(ConfigMap.class, source.getConfigMapRef().getName())
                                .map(ConfigMap::getData).map(Map::keySet).ifPresent(variables::addAll);
                    }
                    if (source.getSecretRef() != null) {
                        overlay.named(Secret.class, source.getSecretRef().getName()).ifPresent(secret -> {
                            Optional.ofNullable(secret.getData()).map(Map::keySet).ifPresent(variables::addAll);
                            Optional.ofNullable(secret.getStringData()).map(Map::keySet).ifPresent(variables::addAll);
                        });
                    }
                }
                Optional.ofNullable(container.getEnv()).orElse(List.of()).stream().map(EnvVar::getName)
                        .forEach(variables::add);
                for (String variable : variables) {
                    checked++;
                    if (!properties.understands(variable)) {
                        unknown.add(service.name() + ": " + variable);
                    }
                }
            }
        }
        assertThat(checked).isPositive();
        assertThat(unknown).as("variables no property of the service binds (Spring would ignore them)").isEmpty();
    }
}
