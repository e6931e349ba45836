package io.bothub.deploy.manifests;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;

import io.bothub.deploy.kustomize.YamlDocuments;

/**
 * Validates custom resources against one version of a CustomResourceDefinition under src/test/resources/crds (what
 * each file is and where it comes from is said at its top), as strictly as {@code kubectl apply --validate=strict}: the CRD's structural schema with
 * every object that lists its properties closed to unknown ones, {@code x-kubernetes-int-or-string} as integer or
 * string. CEL rules ({@code x-kubernetes-validations}) are not evaluated.
 */
final class CrdSchema {

    private final String kind;
    private final Schema schema;

    private CrdSchema(String kind, Schema schema) {
        this.kind = kind;
        this.schema = schema;
    }

    /** The schema of {@code version} in the CRD file {@code resource} (under src/test/resources). */
    static CrdSchema load(String resource, String version) {
        return load(resourcePath(resource), version);
    }

    /** The schema of {@code version} in a CRD file. */
    static CrdSchema load(Path file, String version) {
        String resource = file.toString();
        JsonNode crd = YamlDocuments.readOne(file);
        for (JsonNode candidate : crd.path("spec").path("versions")) {
            if (candidate.path("name").asText().equals(version)) {
                JsonNode openApi = candidate.path("schema").path("openAPIV3Schema");
                ObjectNode jsonSchema = (ObjectNode) structural(openApi);
                jsonSchema.put("$schema", SpecificationVersion.DRAFT_2020_12.getDialectId());
                Schema schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
                        .getSchema(jsonSchema);
                return new CrdSchema(crd.path("spec").path("names").path("kind").asText(), schema);
            }
        }
        throw new IllegalArgumentException(resource + " has no version " + version);
    }

    List<String> problems(JsonNode object) {
        List<String> problems = new ArrayList<>();
        for (Error error : schema.validate(object)) {
            problems.add(kind + " " + error.getInstanceLocation() + ": " + error.getMessage());
        }
        return problems;
    }

    /** The OpenAPI v3 schema of a CRD as a closed JSON schema (2020-12), without Kubernetes' extensions. */
    private static JsonNode structural(JsonNode openApi) {
        if (!openApi.isObject()) {
            return openApi;
        }
        ObjectNode schema = JsonNodeFactory.instance.objectNode();
        boolean intOrString = openApi.path("x-kubernetes-int-or-string").asBoolean(false);
        boolean preserveUnknown = openApi.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
        for (Map.Entry<String, JsonNode> field : openApi.properties()) {
            String key = field.getKey();
            JsonNode value = field.getValue();
            switch (key) {
                case "properties" -> {
                    ObjectNode properties = schema.putObject("properties");
                    value.properties().forEach(p -> properties.set(p.getKey(), structural(p.getValue())));
                }
                case "items", "additionalProperties", "not" ->
                    schema.set(key, value.isObject() ? structural(value) : value);
                case "anyOf", "allOf", "oneOf" -> {
                    ArrayNode list = schema.putArray(key);
                    value.forEach(element -> list.add(structural(element)));
                }
                case "description", "example", "externalDocs" -> {
                    // documentation only
                }
                case "nullable" -> {
                    // handled with the type below
                }
                default -> {
                    if (!key.startsWith("x-kubernetes-")) {
                        schema.set(key, value);
                    }
                }
            }
        }
        if (intOrString) {
            schema.remove("type");
            schema.remove("anyOf");
            ArrayNode types = schema.putArray("type");
            types.add("integer");
            types.add("string");
        } else if (openApi.path("nullable").asBoolean(false) && schema.has("type")) {
            ArrayNode types = schema.putArray("type");
            types.add(openApi.get("type").asText());
            types.add("null");
        }
        if (schema.has("properties") && !schema.has("additionalProperties") && !preserveUnknown) {
            schema.put("additionalProperties", false);
        }
        return schema;
    }

    private static Path resourcePath(String resource) {
        try {
            return Path.of(CrdSchema.class.getResource("/" + resource).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalArgumentException("no test resource " + resource, e);
        }
    }
}
