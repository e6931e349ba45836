package io.bothub.skill.manifest;

import java.util.List;

import tools.jackson.databind.JsonNode;

/**
 * A manifest that passed the schema: what the catalog stores of one version of a skill.
 *
 * @param name         the skill's name (unique in its tenant)
 * @param description  what it does
 * @param version      its semantic version
 * @param visibility   {@code public} or {@code private}
 * @param tags         its tags
 * @param permissions  what it needs to be allowed to do
 * @param capabilities what it gives the bot that installs it
 * @param document     the whole manifest, content included, as published
 */
public record Manifest(String name, String description, SemanticVersion version, String visibility, List<String> tags,
        List<String> permissions, List<String> capabilities, JsonNode document) {

    static Manifest of(JsonNode document) {
        return new Manifest(document.get("name").asString(), document.get("description").asString(),
                SemanticVersion.parse(document.get("version").asString()),
                document.has("visibility") ? document.get("visibility").asString() : "private",
                strings(document, "tags"), strings(document, "permissions"), strings(document, "capabilities"),
                document);
    }

    private static List<String> strings(JsonNode document, String field) {
        JsonNode array = document.get(field);
        return array == null ? List.of() : array.valueStream().map(JsonNode::asString).toList();
    }
}
