package io.bothub.deploy.kustomize;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The part of Kubernetes' strategic merge patch that BotHub's overlays use: maps merge key by key, a null deletes a
 * key, scalars replace. Lists are where strategic merge differs from a plain merge, so a list is merged only where
 * the Kubernetes API declares how:
 * <ul>
 * <li>by its merge key (containers by {@code name}, container ports by {@code containerPort}, ...) or</li>
 * <li>replaced whole, where the API declares the list atomic (an Ingress's {@code rules}, a container's
 *     {@code args}, a StatefulSet's {@code volumeClaimTemplates}, ...).</li>
 * </ul>
 * For custom resources kustomize has no schema and merges a list of maps by {@code name} when every element has
 * one, otherwise replaces it; a list without names is replaced here too, and a list with names is refused rather
 * than guessed at. Any other list, and any {@code $patch}-style directive, fails the render: extend the tables
 * (with the Kubernetes API's {@code patchMergeKey} / {@code patchStrategy}) before relying on it.
 */
final class StrategicMergePatch {

    /** Pod template paths, relative to a workload's pod spec. */
    private static final Map<String, String> POD_SPEC_MERGE_KEYS = Map.of(
            "containers", "name",
            "initContainers", "name",
            "volumes", "name",
            "containers[]/env", "name",
            "containers[]/ports", "containerPort",
            "containers[]/volumeMounts", "mountPath",
            "initContainers[]/env", "name",
            "initContainers[]/volumeMounts", "mountPath");

    private static final Set<String> POD_SPEC_ATOMIC = Set.of(
            "containers[]/args", "containers[]/command", "containers[]/envFrom",
            "initContainers[]/args", "initContainers[]/command", "initContainers[]/envFrom",
            "tolerations", "topologySpreadConstraints", "imagePullSecrets",
            "containers[]/securityContext/capabilities/drop", "containers[]/readinessProbe/exec/command",
            "containers[]/livenessProbe/exec/command", "containers[]/startupProbe/exec/command");

    private static final Set<String> WORKLOADS = Set.of("Deployment", "StatefulSet", "DaemonSet", "ReplicaSet");

    private static final Map<String, Map<String, String>> MERGE_KEYS = Map.of(
            "Service", Map.of("spec/ports", "port"));

    private static final Map<String, Set<String>> ATOMIC = Map.of(
            "Ingress", Set.of("spec/rules", "spec/tls", "spec/tls[]/hosts"),
            "StatefulSet", Set.of("spec/volumeClaimTemplates"),
            "HorizontalPodAutoscaler", Set.of("spec/metrics"),
            "NetworkPolicy", Set.of("spec/ingress", "spec/egress", "spec/policyTypes"));

    /** Kinds whose schema Kubernetes (and so kustomize) knows; any other kind is a custom resource. */
    private static final Set<String> BUILT_IN = Set.of("ConfigMap", "Secret", "Service", "Deployment", "StatefulSet",
            "DaemonSet", "ReplicaSet", "HorizontalPodAutoscaler", "PodDisruptionBudget", "NetworkPolicy", "Ingress");

    private final String kind;
    private final String source;

    private StrategicMergePatch(String kind, String source) {
        this.kind = kind;
        this.source = source;
    }

    /** Applies {@code patch} (a whole object) to {@code target} in place. */
    static void apply(ObjectNode target, ObjectNode patch, String source) {
        new StrategicMergePatch(target.path("kind").asText(), source).mergeObjects(target, patch, "");
    }

    private void mergeObjects(ObjectNode target, ObjectNode patch, String path) {
        for (Map.Entry<String, JsonNode> field : patch.properties()) {
            String key = field.getKey();
            JsonNode value = field.getValue();
            String fieldPath = path.isEmpty() ? key : path + "/" + key;
            if (key.startsWith("$")) {
                throw new KustomizeException(source + ": patch directive " + key + " at " + fieldPath
                        + " is not implemented by this renderer");
            }
            JsonNode existing = target.get(key);
            if (value.isNull()) {
                target.remove(key);
            } else if (value.isObject() && existing != null && existing.isObject()) {
                mergeObjects((ObjectNode) existing, (ObjectNode) value, fieldPath);
            } else if (value.isArray() && existing != null && existing.isArray()) {
                target.set(key, mergeLists((ArrayNode) existing, (ArrayNode) value, fieldPath));
            } else {
                target.set(key, value.deepCopy());
            }
        }
    }

    private ArrayNode mergeLists(ArrayNode target, ArrayNode patch, String path) {
        Optional<String> mergeKey = mergeKey(path);
        if (mergeKey.isPresent()) {
            return mergeByKey(target, patch, mergeKey.get(), path);
        }
        if (isAtomic(path)) {
            return patch.deepCopy();
        }
        if (!BUILT_IN.contains(kind)) {
            if (allHaveName(target) && allHaveName(patch)) {
                throw new KustomizeException(source + ": " + kind + " list " + path + " has named elements, which"
                        + " kustomize may merge by name; this renderer refuses to guess - patch a map instead");
            }
            return patch.deepCopy();
        }
        throw new KustomizeException(source + ": " + kind + " list " + path + " has no merge strategy in this"
                + " renderer; add its Kubernetes patchMergeKey or mark it atomic in StrategicMergePatch");
    }

    private ArrayNode mergeByKey(ArrayNode target, ArrayNode patch, String key, String path) {
        ArrayNode merged = target.deepCopy();
        for (JsonNode element : patch) {
            if (!element.isObject() || !element.hasNonNull(key)) {
                throw new KustomizeException(source + ": every element of " + path + " needs its merge key " + key);
            }
            ObjectNode match = null;
            for (JsonNode candidate : merged) {
                if (candidate.path(key).equals(element.get(key))) {
                    match = (ObjectNode) candidate;
                }
            }
            if (match == null) {
                merged.add(element.deepCopy());
            } else {
                mergeObjects(match, (ObjectNode) element, path + "[]");
            }
        }
        return merged;
    }

    private Optional<String> mergeKey(String path) {
        String podSpecPath = podSpecRelative(path);
        if (podSpecPath != null && POD_SPEC_MERGE_KEYS.containsKey(podSpecPath)) {
            return Optional.of(POD_SPEC_MERGE_KEYS.get(podSpecPath));
        }
        return Optional.ofNullable(MERGE_KEYS.getOrDefault(kind, Map.of()).get(path));
    }

    private boolean isAtomic(String path) {
        String podSpecPath = podSpecRelative(path);
        return (podSpecPath != null && POD_SPEC_ATOMIC.contains(podSpecPath))
                || ATOMIC.getOrDefault(kind, Set.of()).contains(path);
    }

    private String podSpecRelative(String path) {
        String prefix = "spec/template/spec/";
        return WORKLOADS.contains(kind) && path.startsWith(prefix) ? path.substring(prefix.length()) : null;
    }

    private static boolean allHaveName(ArrayNode list) {
        List<JsonNode> elements = new ArrayList<>();
        list.forEach(elements::add);
        return !elements.isEmpty() && elements.stream().allMatch(e -> e.isObject() && e.has("name"));
    }
}
