package io.bothub.deploy.manifests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.bothub.deploy.Repository;
import io.bothub.deploy.kustomize.Kustomize;
import io.fabric8.kubernetes.api.model.HasMetadata;

/**
 * One kustomization under deploy/k8s rendered and validated, with its objects by type. Rendered once per test run.
 */
public final class RenderedOverlay {

    /** Every kustomization an SRE may apply, and the base they share. */
    public static final List<String> ALL = List.of("overlays/dev", "overlays/prod", "base");

    private static final Map<String, RenderedOverlay> RENDERED = new ConcurrentHashMap<>();

    private final String name;
    private final List<ManifestValidator.Result> results;

    private RenderedOverlay(String name, List<ManifestValidator.Result> results) {
        this.name = name;
        this.results = results;
    }

    public static RenderedOverlay of(String kustomization) {
        return RENDERED.computeIfAbsent(kustomization, k -> {
            ManifestValidator validator = new ManifestValidator();
            List<ObjectNode> objects = Kustomize.build(Repository.deploy().resolve("k8s").resolve(k));
            writePreview(k, objects);
            return new RenderedOverlay(k, objects.stream().map(validator::validate).toList());
        });
    }

    /** What {@code kubectl kustomize deploy/k8s/<k>} would print, to target/rendered/ for a reviewer to read. */
    private static void writePreview(String kustomization, List<ObjectNode> objects) {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setExplicitStart(true);
        Yaml yaml = new Yaml(options);
        JsonMapper json = JsonMapper.builder().build();
        Path file = Repository.deploy().resolve("target/rendered").resolve(kustomization.replace('/', '-') + ".yaml");
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, yaml.dumpAll(objects.stream()
                    .map(object -> json.convertValue(object, Map.class)).iterator()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String name() {
        return name;
    }

    public List<ManifestValidator.Result> results() {
        return results;
    }

    /** Every object read into the given fabric8 or Strimzi model. */
    public <T> List<T> all(Class<T> type) {
        return results.stream().map(ManifestValidator.Result::model).filter(type::isInstance).map(type::cast).toList();
    }

    public <T extends HasMetadata> Optional<T> named(Class<T> type, String name) {
        return all(type).stream().filter(object -> object.getMetadata().getName().equals(name)).findFirst();
    }

    /** The rendered trees of a kind (for the kinds checked against CRD schemas). */
    public List<JsonNode> trees(String apiVersion, String kind) {
        return results.stream().map(ManifestValidator.Result::object)
                .filter(o -> o.path("apiVersion").asText().equals(apiVersion) && o.path("kind").asText().equals(kind))
                .toList();
    }

    public Optional<JsonNode> tree(String apiVersion, String kind, String name) {
        return trees(apiVersion, kind).stream()
                .filter(o -> o.path("metadata").path("name").asText().equals(name)).findFirst();
    }

    @Override
    public String toString() {
        return name;
    }
}
