package io.bothub.skill.manifest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.NodePath;

import io.bothub.support.web.FieldProblem;
import io.bothub.support.web.ProblemException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Reads a SKILL.yaml manifest (YAML or JSON) and checks it against the published JSON Schema
 * ({@code skill-manifest.schema.json}, served at {@code GET /api/v1/skills/schema}), so what is documented and
 * what is enforced are one file. Every violation comes back as a field path ({@code inputs[1].type}) and a reason.
 */
@Component
public class ManifestSchema {

    /** The largest manifest accepted, content included. */
    public static final int MAX_BYTES = 256 * 1024;

    private final String text;
    private final Schema schema;
    private final YAMLMapper yaml = YAMLMapper.builder().build();
    private final JsonMapper json = JsonMapper.builder().build();

    public ManifestSchema() {
        try (InputStream in = ManifestSchema.class.getResourceAsStream("/skill-manifest.schema.json")) {
            if (in == null) {
                throw new IllegalStateException("skill-manifest.schema.json is missing from the classpath");
            }
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // "message" holds the reasons written for people next to each rule of the schema.
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
                builder -> builder.schemaRegistryConfig(SchemaRegistryConfig.builder()
                        .errorMessageKeyword("message").locale(Locale.ENGLISH).build()));
        schema = registry.getSchema(json.readTree(text));
    }

    /** The schema document, as published. */
    public String text() {
        return text;
    }

    /**
     * The manifest in {@code body}, read as YAML unless the content type says JSON (YAML is a superset of JSON, so
     * a JSON body sent as YAML reads the same).
     *
     * @throws ProblemException 400 with every field at fault
     */
    public Manifest read(String body, @Nullable String contentType) {
        if (body.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            throw ProblemException.invalid(List.of(new FieldProblem("manifest", "must be at most " + MAX_BYTES + " bytes")));
        }
        JsonNode document;
        try {
            boolean isJson = contentType != null && contentType.toLowerCase(Locale.ROOT).contains("json");
            document = isJson ? json.readTree(body) : yaml.readTree(body);
        } catch (JacksonException unreadable) {
            TokenStreamLocation at = unreadable.getLocation();
            String where = at == null || at.getLineNr() < 0 ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            throw ProblemException.invalid(List.of(new FieldProblem("manifest",
                    "is not readable YAML or JSON" + where + ": " + unreadable.getOriginalMessage())));
        }
        if (document == null || document.isMissingNode() || document.isNull()) {
            throw ProblemException.invalid(List.of(new FieldProblem("manifest", "is empty")));
        }
        List<FieldProblem> problems = validate(document);
        if (!problems.isEmpty()) {
            throw ProblemException.invalid(problems);
        }
        return Manifest.of(document);
    }

    /** Every violation of the schema, in document order; empty for a valid manifest. */
    public List<FieldProblem> validate(JsonNode document) {
        List<FieldProblem> problems = new ArrayList<>();
        for (Error error : schema.validate(document)) {
            problems.add(new FieldProblem(field(error), reason(error)));
        }
        problems.sort(Comparator.comparing(FieldProblem::field));
        return problems.stream().distinct().toList();
    }

    private static String field(Error error) {
        StringBuilder at = new StringBuilder();
        NodePath location = error.getInstanceLocation();
        for (int i = 0; i < location.getNameCount(); i++) {
            Object element = location.getElement(i);
            if (element instanceof Number index) {
                at.append('[').append(index).append(']');
            } else {
                at.append(at.isEmpty() ? "" : ".").append(element);
            }
        }
        String path = at.toString();
        if (error.getProperty() != null && ("required".equals(error.getKeyword())
                || "additionalProperties".equals(error.getKeyword()))) {
            path = path.isEmpty() ? error.getProperty() : path + "." + error.getProperty();
        }
        return path.isEmpty() ? "manifest" : path;
    }

    private static String reason(Error error) {
        if (error.isCustomMessage()) {
            return stripLocation(error.getMessage());
        }
        return switch (error.getKeyword()) {
            case "required" -> "is required";
            case "additionalProperties" -> "is not a field of a skill manifest";
            case "type" -> "must be " + article(error.getSchemaNode());
            default -> stripLocation(error.getMessage());
        };
    }

    private static String article(@Nullable JsonNode type) {
        if (type == null) {
            return "of another type";
        }
        String name = type.isArray() ? String.join(" or ", type.valueStream().map(JsonNode::asString).toList())
                : type.asString();
        return switch (name) {
            case "object", "array", "integer" -> "an " + name;
            default -> "a " + name;
        };
    }

    /** The library prefixes its messages with the instance location; the field already says where. */
    private static String stripLocation(String message) {
        int colon = message.indexOf(": ");
        return message.startsWith("$") && colon > 0 ? message.substring(colon + 2) : message;
    }
}
