package io.bothub.deploy.manifests;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.topic.KafkaTopic;

/**
 * Decides whether the API server (with its operators' CRDs installed) would accept an object, and says why not.
 * Core, apps, autoscaling, policy and networking objects are read strictly into the fabric8 Kubernetes model
 * (generated from the Kubernetes API types), Strimzi's into Strimzi's own API model (io.strimzi:api, the classes
 * Strimzi generates its CRDs from), ServiceMonitors into fabric8's Prometheus Operator model
 * (openshift-model-monitoring), all through {@link StrictModels}. CloudNativePG clusters have no model on Maven
 * Central; they are checked against a schema of the fields BotHub uses, written from CloudNativePG's API reference
 * ({@link CrdSchema}, src/test/resources/crds). Then the fields the API server requires but a model cannot express are checked:
 * names, labels, selectors matching templates, containers with images, probe ports that exist. A kind without a
 * schema here is itself a problem, so nothing is rendered unchecked.
 */
public final class ManifestValidator {

    private static final Map<String, Class<?>> MODELS = Map.ofEntries(
            Map.entry("v1/ConfigMap", ConfigMap.class),
            Map.entry("v1/Secret", Secret.class),
            Map.entry("v1/Service", Service.class),
            Map.entry("apps/v1/Deployment", Deployment.class),
            Map.entry("apps/v1/StatefulSet", StatefulSet.class),
            Map.entry("autoscaling/v2/HorizontalPodAutoscaler", HorizontalPodAutoscaler.class),
            Map.entry("policy/v1/PodDisruptionBudget", PodDisruptionBudget.class),
            Map.entry("networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class),
            Map.entry("networking.k8s.io/v1/Ingress", Ingress.class),
            Map.entry("kafka.strimzi.io/v1/Kafka", Kafka.class),
            Map.entry("kafka.strimzi.io/v1/KafkaNodePool", KafkaNodePool.class),
            Map.entry("kafka.strimzi.io/v1/KafkaTopic", KafkaTopic.class),
            Map.entry("monitoring.coreos.com/v1/ServiceMonitor", ServiceMonitor.class));

    private static final Map<String, String> CRDS = Map.of(
            "postgresql.cnpg.io/v1/Cluster", "crds/postgresql.cnpg.io_clusters.subset.yaml");

    private static final Pattern DNS_SUBDOMAIN = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    private static final Pattern DNS_1035_LABEL = Pattern.compile("[a-z]([-a-z0-9]*[a-z0-9])?");
    private static final Pattern LABEL_NAME = Pattern.compile("([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]");
    private static final Pattern LABEL_VALUE = Pattern.compile("(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?");
    private static final Pattern CONFIG_KEY = Pattern.compile("[-._a-zA-Z0-9]+");
    private static final Set<String> ROLES = Set.of("controller", "broker");

    private final JsonMapper strict = StrictModels.mapper();
    private final Map<String, CrdSchema> crdSchemas = new java.util.HashMap<>();

    /** What the object was read into (a fabric8 or Strimzi model, or the CRD-checked tree) and its problems. */
    public record Result(JsonNode object, Object model, List<String> problems) {

        public boolean valid() {
            return problems.isEmpty();
        }
    }

    public Result validate(JsonNode object) {
        String type = object.path("apiVersion").asText() + "/" + object.path("kind").asText();
        String where = type + " " + object.path("metadata").path("name").asText("<no name>");
        List<String> problems = new ArrayList<>();
        Object model = object;
        if (MODELS.containsKey(type)) {
            try {
                model = strict.treeToValue(object, MODELS.get(type));
                problems.addAll(requiredFields(model));
            } catch (JsonMappingException e) {
                problems.add(describe(e));
                model = null;
            } catch (Exception e) {
                problems.add(e.toString());
                model = null;
            }
        } else if (CRDS.containsKey(type)) {
            String kindVersion = type.substring(type.indexOf('/') + 1, type.lastIndexOf('/'));
            CrdSchema schema = crdSchemas.computeIfAbsent(type, t -> CrdSchema.load(CRDS.get(t), kindVersion));
            problems.addAll(schema.problems(object));
            try {
                problems.addAll(metadata(strict.treeToValue(object.path("metadata"), ObjectMeta.class)));
            } catch (JsonMappingException e) {
                problems.add("metadata." + describe(e));
            } catch (Exception e) {
                problems.add("metadata: " + e);
            }
        } else {
            problems.add("no schema for " + type + ": add its model or CRD to ManifestValidator before deploying it");
        }
        return new Result(object, model, problems.stream().map(problem -> where + ": " + problem).toList());
    }

    /** Jackson's complaint with the path to the offending field, e.g. {@code spec.replicas: Cannot coerce ...}. */
    private static String describe(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference reference : e.getPath()) {
            if (reference.getFieldName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        String message = e.getOriginalMessage().lines().findFirst().orElse("");
        return (path.isEmpty() ? "" : path + ": ") + message;
    }

    private List<String> requiredFields(Object model) {
        List<String> problems = new ArrayList<>();
        if (model instanceof HasMetadata resource) {
            problems.addAll(metadata(resource.getMetadata()));
            if (model instanceof Service && !DNS_1035_LABEL.matcher(resource.getMetadata().getName()).matches()) {
                problems.add("a Service's name must be a DNS-1035 label");
            }
        }
        switch (model) {
            case Deployment deployment -> problems.addAll(workload(deployment.getSpec() == null ? null
                    : deployment.getSpec().getSelector(), deployment.getSpec() == null ? null
                    : deployment.getSpec().getTemplate()));
            case StatefulSet statefulSet -> {
                problems.addAll(workload(statefulSet.getSpec().getSelector(), statefulSet.getSpec().getTemplate()));
                if (blank(statefulSet.getSpec().getServiceName())) {
                    problems.add("spec.serviceName is required");
                }
            }
            case Service service -> {
                if (service.getSpec() == null || service.getSpec().getPorts() == null
                        || service.getSpec().getPorts().isEmpty()) {
                    problems.add("spec.ports is required");
                } else {
                    for (ServicePort port : service.getSpec().getPorts()) {
                        if (port.getPort() == null || port.getPort() < 1 || port.getPort() > 65535) {
                            problems.add("spec.ports[].port must be 1-65535");
                        }
                    }
                }
            }
            case HorizontalPodAutoscaler hpa -> {
                var spec = hpa.getSpec();
                if (spec == null || spec.getScaleTargetRef() == null || blank(spec.getScaleTargetRef().getName())
                        || blank(spec.getScaleTargetRef().getKind())) {
                    problems.add("spec.scaleTargetRef kind and name are required");
                } else if (spec.getMaxReplicas() == null || spec.getMaxReplicas() < 1
                        || (spec.getMinReplicas() != null && spec.getMinReplicas() > spec.getMaxReplicas())) {
                    problems.add("spec.maxReplicas must be at least 1 and at least minReplicas");
                }
            }
            case PodDisruptionBudget pdb -> {
                if (pdb.getSpec() == null || pdb.getSpec().getSelector() == null) {
                    problems.add("spec.selector is required");
                } else if ((pdb.getSpec().getMinAvailable() == null) == (pdb.getSpec().getMaxUnavailable() == null)) {
                    problems.add("exactly one of spec.minAvailable and spec.maxUnavailable");
                }
            }
            case NetworkPolicy policy -> {
                if (policy.getSpec() == null || policy.getSpec().getPodSelector() == null) {
                    problems.add("spec.podSelector is required");
                }
            }
            case Ingress ingress -> {
                for (IngressRule rule : ingress.getSpec().getRules()) {
                    for (HTTPIngressPath path : rule.getHttp().getPaths()) {
                        if (blank(path.getPathType()) || path.getBackend() == null
                                || path.getBackend().getService() == null
                                || blank(path.getBackend().getService().getName())
                                || path.getBackend().getService().getPort() == null) {
                            problems.add("every path needs a pathType and a backend service name and port");
                        }
                    }
                }
            }
            case ConfigMap configMap -> keys(configMap.getData(), "data", problems);
            case Secret secret -> {
                keys(secret.getData(), "data", problems);
                keys(secret.getStringData(), "stringData", problems);
            }
            case Kafka kafka -> {
                if (kafka.getSpec() == null || kafka.getSpec().getKafka() == null
                        || kafka.getSpec().getKafka().getListeners() == null
                        || kafka.getSpec().getKafka().getListeners().isEmpty()) {
                    problems.add("spec.kafka.listeners is required");
                }
            }
            case KafkaNodePool pool -> {
                if (pool.getSpec() == null || pool.getSpec().getRoles() == null || pool.getSpec().getRoles().isEmpty()
                        || pool.getSpec().getStorage() == null) {
                    problems.add("spec.roles and spec.storage are required");
                } else if (!pool.getSpec().getRoles().stream().map(Objects::toString)
                        .map(String::toLowerCase).allMatch(ROLES::contains)) {
                    problems.add("spec.roles must be controller and/or broker");
                }
                problems.addAll(strimziCluster(pool.getMetadata()));
            }
            case KafkaTopic topic -> {
                if (topic.getSpec() == null || topic.getSpec().getPartitions() == null
                        || topic.getSpec().getPartitions() < 1) {
                    problems.add("spec.partitions must be at least 1");
                }
                problems.addAll(strimziCluster(topic.getMetadata()));
            }
            default -> {
            }
        }
        return problems;
    }

    private static List<String> workload(LabelSelector selector, PodTemplateSpec template) {
        List<String> problems = new ArrayList<>();
        if (selector == null || selector.getMatchLabels() == null || selector.getMatchLabels().isEmpty()) {
            problems.add("spec.selector.matchLabels is required");
            return problems;
        }
        if (template == null || template.getSpec() == null || template.getSpec().getContainers() == null
                || template.getSpec().getContainers().isEmpty()) {
            problems.add("spec.template.spec.containers is required");
            return problems;
        }
        Map<String, String> labels = template.getMetadata() == null || template.getMetadata().getLabels() == null
                ? Map.of() : template.getMetadata().getLabels();
        selector.getMatchLabels().forEach((key, value) -> {
            if (!value.equals(labels.get(key))) {
                problems.add("spec.selector does not match the template's labels (" + key + ")");
            }
        });
        for (Container container : template.getSpec().getContainers()) {
            if (blank(container.getName()) || !DNS_LABEL.matcher(container.getName()).matches()) {
                problems.add("container name must be a DNS label: " + container.getName());
            }
            if (blank(container.getImage())) {
                problems.add("container " + container.getName() + " has no image");
            }
            List<String> portNames = container.getPorts() == null ? List.of()
                    : container.getPorts().stream().map(ContainerPort::getName).filter(Objects::nonNull).toList();
            portNames.stream().filter(name -> name.length() > 15)
                    .forEach(name -> problems.add("port name longer than 15 characters: " + name));
            for (Probe probe : java.util.Arrays.asList(container.getStartupProbe(), container.getLivenessProbe(),
                    container.getReadinessProbe())) {
                IntOrString port = probe == null ? null
                        : probe.getHttpGet() != null ? probe.getHttpGet().getPort()
                        : probe.getTcpSocket() != null ? probe.getTcpSocket().getPort() : null;
                if (port != null && port.getStrVal() != null && !portNames.contains(port.getStrVal())) {
                    problems.add("probe of " + container.getName() + " uses unknown port " + port.getStrVal());
                }
            }
        }
        return problems;
    }

    private static List<String> metadata(ObjectMeta metadata) {
        List<String> problems = new ArrayList<>();
        if (metadata == null || blank(metadata.getName())) {
            problems.add("metadata.name is required");
            return problems;
        }
        if (metadata.getName().length() > 253 || !DNS_SUBDOMAIN.matcher(metadata.getName()).matches()) {
            problems.add("metadata.name is not a DNS subdomain: " + metadata.getName());
        }
        if (metadata.getLabels() != null) {
            metadata.getLabels().forEach((key, value) -> {
                String name = key.contains("/") ? key.substring(key.indexOf('/') + 1) : key;
                String prefix = key.contains("/") ? key.substring(0, key.indexOf('/')) : null;
                if (name.length() > 63 || !LABEL_NAME.matcher(name).matches()
                        || (prefix != null && !DNS_SUBDOMAIN.matcher(prefix).matches())) {
                    problems.add("invalid label key " + key);
                }
                if (value == null || value.length() > 63 || !LABEL_VALUE.matcher(value).matches()) {
                    problems.add("invalid value of label " + key + ": " + value);
                }
            });
        }
        return problems;
    }

    private static List<String> strimziCluster(ObjectMeta metadata) {
        return metadata.getLabels() != null && metadata.getLabels().containsKey("strimzi.io/cluster") ? List.of()
                : List.of("needs the label strimzi.io/cluster naming its Kafka");
    }

    private static void keys(Map<String, String> data, String field, List<String> problems) {
        if (data != null) {
            data.keySet().stream().filter(key -> !CONFIG_KEY.matcher(key).matches())
                    .forEach(key -> problems.add(field + " key is not valid: " + key));
        }
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
