package io.bothub.deploy.kustomize;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Renders a kustomization the way {@code kustomize build} (v5) does, for the features BotHub's manifests use and
 * no others: {@code resources} (files and kustomization directories), {@code configMapGenerator} (files, literals,
 * labels; only with {@code disableNameSuffixHash: true}), {@code patches} (strategic merge patches from files,
 * matched by kind and name, see {@link StrategicMergePatch}), {@code namespace}, {@code labels} (metadata and pod
 * templates, never selectors) and {@code images}. They run in kustomize's order: resources, generators, patches,
 * namespace, labels, images.
 * <p>
 * Anything else in a kustomization.yaml (namePrefix, replicas, replacements, components, secretGenerator, name
 * hashes, ...) fails the render instead of being silently skipped. Files are loaded from inside the
 * kustomization's directory only, as kustomize's default load restrictor demands; other directories are
 * reached through their own kustomization.
 */
public final class Kustomize {

    private static final Set<String> IMPLEMENTED = Set.of(
            "apiVersion", "kind", "resources", "configMapGenerator", "patches", "namespace", "labels", "images");

    /** Kinds the namespace transformer leaves alone (none are used, but a Namespace must never be namespaced). */
    private static final Set<String> CLUSTER_SCOPED = Set.of("Namespace", "ClusterRole", "ClusterRoleBinding",
            "CustomResourceDefinition", "PersistentVolume", "StorageClass", "PriorityClass", "IngressClass");

    /** Where kustomize's labels transformer puts template labels (its templateLabels field specs). */
    private static final Map<String, List<String>> TEMPLATE_LABEL_PATHS = Map.of(
            "Deployment", List.of("spec/template/metadata/labels"),
            "ReplicaSet", List.of("spec/template/metadata/labels"),
            "DaemonSet", List.of("spec/template/metadata/labels"),
            // kustomize labels the claims a StatefulSet creates too (its commonLabels field specs).
            "StatefulSet", List.of("spec/template/metadata/labels", "spec/volumeClaimTemplates[]/metadata/labels"),
            "Job", List.of("spec/template/metadata/labels"),
            "CronJob", List.of("spec/jobTemplate/metadata/labels", "spec/jobTemplate/spec/template/metadata/labels"),
            "ReplicationController", List.of("spec/template/metadata/labels"));

    private Kustomize() {
    }

    /** The objects {@code kustomize build directory} prints, in the order they were declared. */
    public static List<ObjectNode> build(Path directory) {
        return build(directory.toAbsolutePath().normalize(), new HashSet<>());
    }

    private static List<ObjectNode> build(Path directory, Set<Path> visiting) {
        if (!visiting.add(directory)) {
            throw new KustomizeException(directory + ": kustomizations include each other in a cycle");
        }
        Path file = directory.resolve("kustomization.yaml");
        if (!Files.isRegularFile(file)) {
            throw new KustomizeException(directory + ": no kustomization.yaml");
        }
        JsonNode kustomization = YamlDocuments.readOne(file);
        kustomization.fieldNames().forEachRemaining(field -> {
            if (!IMPLEMENTED.contains(field)) {
                throw new KustomizeException(file + ": '" + field + "' is not implemented by this renderer"
                        + " (it implements " + IMPLEMENTED + ")");
            }
        });
        expect(file, kustomization, "apiVersion", "kustomize.config.k8s.io/v1beta1");
        expect(file, kustomization, "kind", "Kustomization");

        List<ObjectNode> objects = new ArrayList<>();
        for (JsonNode entry : kustomization.path("resources")) {
            Path resource = directory.resolve(entry.asText()).normalize();
            if (Files.isDirectory(resource)) {
                objects.addAll(build(resource, visiting));
            } else {
                objects.addAll(load(file, directory, resource));
            }
        }
        for (JsonNode generator : kustomization.path("configMapGenerator")) {
            objects.add(configMap(file, directory, generator));
        }
        requireUniqueIds(file, objects);
        for (JsonNode patch : kustomization.path("patches")) {
            applyPatches(file, directory, patch, objects);
        }
        if (kustomization.hasNonNull("namespace")) {
            String namespace = kustomization.get("namespace").asText();
            objects.stream()
                    .filter(object -> !CLUSTER_SCOPED.contains(object.path("kind").asText()))
                    .forEach(object -> metadata(object).put("namespace", namespace));
        }
        for (JsonNode labels : kustomization.path("labels")) {
            addLabels(file, labels, objects);
        }
        for (JsonNode image : kustomization.path("images")) {
            objects.forEach(object -> setImages(file, object, image));
        }
        visiting.remove(directory);
        return objects;
    }

    private static List<ObjectNode> load(Path kustomization, Path root, Path file) {
        requireInside(kustomization, root, file);
        if (!Files.isRegularFile(file)) {
            throw new KustomizeException(kustomization + ": resource " + file + " does not exist");
        }
        List<ObjectNode> objects = new ArrayList<>();
        for (JsonNode document : YamlDocuments.read(file)) {
            if (!document.isObject() || !document.hasNonNull("apiVersion") || !document.hasNonNull("kind")
                    || !document.path("metadata").hasNonNull("name")) {
                throw new KustomizeException(file + ": every document needs apiVersion, kind and metadata.name");
            }
            objects.add((ObjectNode) document);
        }
        return objects;
    }

    private static ObjectNode configMap(Path kustomization, Path root, JsonNode generator) {
        Set<String> implemented = Set.of("name", "files", "literals", "options");
        generator.fieldNames().forEachRemaining(field -> {
            if (!implemented.contains(field)) {
                throw new KustomizeException(kustomization + ": configMapGenerator '" + field + "' is not implemented");
            }
        });
        JsonNode options = generator.path("options");
        options.fieldNames().forEachRemaining(field -> {
            if (!Set.of("labels", "disableNameSuffixHash").contains(field)) {
                throw new KustomizeException(kustomization + ": configMapGenerator option '" + field
                        + "' is not implemented");
            }
        });
        if (!options.path("disableNameSuffixHash").asBoolean(false)) {
            throw new KustomizeException(kustomization + ": configMapGenerator " + generator.path("name").asText()
                    + " needs options.disableNameSuffixHash: true (name hashes and the reference rewriting they"
                    + " need are not implemented)");
        }
        ObjectNode configMap = JsonNodeFactory.instance.objectNode();
        configMap.put("apiVersion", "v1");
        configMap.put("kind", "ConfigMap");
        ObjectNode metadata = configMap.putObject("metadata");
        metadata.put("name", generator.path("name").asText());
        if (options.has("labels")) {
            metadata.set("labels", options.get("labels").deepCopy());
        }
        ObjectNode data = configMap.putObject("data");
        for (JsonNode entry : generator.path("files")) {
            String spec = entry.asText();
            int equals = spec.indexOf('=');
            String key = equals < 0 ? Path.of(spec).getFileName().toString() : spec.substring(0, equals);
            Path source = root.resolve(equals < 0 ? spec : spec.substring(equals + 1)).normalize();
            requireInside(kustomization, root, source);
            try {
                data.put(key, Files.readString(source, StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        for (JsonNode entry : generator.path("literals")) {
            String literal = entry.asText();
            int equals = literal.indexOf('=');
            data.put(literal.substring(0, equals), literal.substring(equals + 1));
        }
        return configMap;
    }

    private static void applyPatches(Path kustomization, Path root, JsonNode entry, List<ObjectNode> objects) {
        entry.fieldNames().forEachRemaining(field -> {
            if (!field.equals("path")) {
                throw new KustomizeException(kustomization + ": patches '" + field + "' is not implemented"
                        + " (only strategic merge patches from a path, matched by kind and name)");
            }
        });
        Path file = root.resolve(entry.path("path").asText()).normalize();
        requireInside(kustomization, root, file);
        for (JsonNode document : YamlDocuments.read(file)) {
            if (!document.isObject()) {
                throw new KustomizeException(file + ": a strategic merge patch must be a YAML mapping");
            }
            ObjectNode patch = (ObjectNode) document;
            String id = id(patch);
            List<ObjectNode> targets = objects.stream().filter(object -> id(object).equals(id)).toList();
            if (targets.size() != 1) {
                throw new KustomizeException(file + ": no resource matches strategic merge patch " + id);
            }
            ObjectNode patchBody = patch.deepCopy();
            patchBody.remove("apiVersion");
            patchBody.remove("kind");
            ObjectNode patchMetadata = (ObjectNode) patchBody.get("metadata");
            patchMetadata.remove("name");
            patchMetadata.remove("namespace");
            if (patchMetadata.isEmpty()) {
                patchBody.remove("metadata");
            }
            StrategicMergePatch.apply(targets.getFirst(), patchBody, file.toString());
        }
    }

    private static void addLabels(Path kustomization, JsonNode entry, List<ObjectNode> objects) {
        entry.fieldNames().forEachRemaining(field -> {
            if (!Set.of("pairs", "includeSelectors", "includeTemplates").contains(field)) {
                throw new KustomizeException(kustomization + ": labels '" + field + "' is not implemented");
            }
        });
        if (entry.path("includeSelectors").asBoolean(false)) {
            throw new KustomizeException(kustomization + ": labels with includeSelectors: true are not implemented"
                    + " (selectors are immutable; BotHub never labels them from kustomize)");
        }
        boolean templates = entry.path("includeTemplates").asBoolean(false);
        for (ObjectNode object : objects) {
            List<String> paths = new ArrayList<>(List.of("metadata/labels"));
            if (templates) {
                paths.addAll(TEMPLATE_LABEL_PATHS.getOrDefault(object.path("kind").asText(), List.of()));
            }
            for (String path : paths) {
                for (ObjectNode labels : createPaths(object, path)) {
                    entry.path("pairs").properties()
                            .forEach(pair -> labels.set(pair.getKey(), pair.getValue().deepCopy()));
                }
            }
        }
    }

    /**
     * kustomize's image transformer: every {@code containers} and {@code initContainers} list anywhere in the
     * object, each image whose name (without tag or digest) is the entry's name.
     */
    private static void setImages(Path kustomization, JsonNode node, JsonNode image) {
        image.fieldNames().forEachRemaining(field -> {
            if (!Set.of("name", "newName", "newTag", "digest").contains(field)) {
                throw new KustomizeException(kustomization + ": images '" + field + "' is not implemented");
            }
        });
        if (node.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                if ((field.getKey().equals("containers") || field.getKey().equals("initContainers"))
                        && field.getValue().isArray()) {
                    for (JsonNode container : field.getValue()) {
                        if (container.path("image").isTextual()) {
                            String replaced = replaceImage(container.get("image").asText(), image);
                            ((ObjectNode) container).put("image", replaced);
                        }
                    }
                } else {
                    setImages(kustomization, field.getValue(), image);
                }
            }
        } else if (node.isArray()) {
            node.forEach(element -> setImages(kustomization, element, image));
        }
    }

    static String replaceImage(String reference, JsonNode image) {
        int digestAt = reference.indexOf('@');
        String withoutDigest = digestAt < 0 ? reference : reference.substring(0, digestAt);
        String digest = digestAt < 0 ? null : reference.substring(digestAt + 1);
        int lastSlash = withoutDigest.lastIndexOf('/');
        int tagAt = withoutDigest.indexOf(':', lastSlash + 1);
        String name = tagAt < 0 ? withoutDigest : withoutDigest.substring(0, tagAt);
        String tag = tagAt < 0 ? null : withoutDigest.substring(tagAt + 1);
        if (!name.equals(image.path("name").asText())) {
            return reference;
        }
        if (image.hasNonNull("newName")) {
            name = image.get("newName").asText();
        }
        if (image.hasNonNull("newTag")) {
            tag = image.get("newTag").asText();
        }
        if (image.hasNonNull("digest")) {
            digest = image.get("digest").asText();
            tag = null;
        }
        return name + (tag == null ? "" : ":" + tag) + (digest == null ? "" : "@" + digest);
    }

    private static void requireUniqueIds(Path kustomization, List<ObjectNode> objects) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        objects.forEach(object -> counts.merge(id(object), 1, Integer::sum));
        counts.forEach((id, count) -> {
            if (count > 1) {
                throw new KustomizeException(kustomization + ": " + count + " resources have the id " + id);
            }
        });
    }

    /** kustomize's resource id: group and kind, namespace and name (the version does not distinguish objects). */
    static String id(JsonNode object) {
        String apiVersion = object.path("apiVersion").asText();
        String group = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
        JsonNode metadata = object.path("metadata");
        return group + "/" + object.path("kind").asText() + " " + metadata.path("namespace").asText("")
                + "/" + metadata.path("name").asText();
    }

    private static ObjectNode metadata(ObjectNode object) {
        return createPath(object, "metadata");
    }

    /** The object at {@code path} in each element of the one list the path may cross ({@code name[]}). */
    private static List<ObjectNode> createPaths(ObjectNode object, String path) {
        int list = path.indexOf("[]/");
        if (list < 0) {
            return List.of(createPath(object, path));
        }
        JsonNode elements = object.at("/" + path.substring(0, list));
        List<ObjectNode> found = new ArrayList<>();
        for (JsonNode element : elements) {
            if (element instanceof ObjectNode elementObject) {
                found.add(createPath(elementObject, path.substring(list + 3)));
            }
        }
        return found;
    }

    private static ObjectNode createPath(ObjectNode object, String path) {
        ObjectNode node = object;
        for (String part : path.split("/")) {
            JsonNode child = node.get(part);
            node = child instanceof ObjectNode existing ? existing : node.putObject(part);
        }
        return node;
    }

    private static void requireInside(Path kustomization, Path root, Path file) {
        if (!file.startsWith(root)) {
            throw new KustomizeException(kustomization + ": " + file + " is outside " + root
                    + " (kustomize's load restrictor allows files only from inside the kustomization's directory)");
        }
    }

    private static void expect(Path file, JsonNode kustomization, String field, String value) {
        if (kustomization.has(field) && !kustomization.get(field).asText().equals(value)) {
            throw new KustomizeException(file + ": " + field + " must be " + value);
        }
    }
}
