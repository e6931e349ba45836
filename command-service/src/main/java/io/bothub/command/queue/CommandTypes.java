package io.bothub.command.queue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.bothub.support.web.FieldProblem;
import tools.jackson.databind.JsonNode;

/**
 * The commands a bot can be sent (seed 002, section 3.3) and what each one's payload must hold. An unknown type or
 * a payload that does not fit is refused before anything is queued, so a bot never receives a command it cannot
 * make sense of.
 */
final class CommandTypes {

    private enum Kind { TEXT, OBJECT, STRING_LIST, INT }

    private record Field(String name, Kind kind, boolean required, int max) {
    }

    private static Field required(String name, Kind kind, int max) {
        return new Field(name, kind, true, max);
    }

    private static Field optional(String name, Kind kind, int max) {
        return new Field(name, kind, false, max);
    }

    private static final Map<String, List<Field>> TYPES = Map.of(
            // Say something in a session, or to a user.
            "send_message", List.of(required("text", Kind.TEXT, 4096), optional("sessionId", Kind.TEXT, 200),
                    optional("userId", Kind.TEXT, 200)),
            // Change the bot's own runtime configuration: a non-empty object of settings.
            "set_config", List.of(required("config", Kind.OBJECT, 0)),
            // Ask the bot to report its status by callback.
            "get_status", List.of(),
            // Restart after an optional delay.
            "restart", List.of(optional("delaySeconds", Kind.INT, 3600), optional("reason", Kind.TEXT, 500)),
            // Replace the capabilities the bot should enable.
            "update_capabilities", List.of(required("capabilities", Kind.STRING_LIST, 100)));

    static final Set<String> NAMES = TYPES.keySet();

    private CommandTypes() {
    }

    /** What is wrong with a payload for this type; empty when it is acceptable. */
    static List<FieldProblem> problemsWith(String type, JsonNode payload) {
        List<Field> fields = TYPES.get(type);
        List<FieldProblem> problems = new ArrayList<>();
        if (fields == null) {
            problems.add(new FieldProblem("type", "unknown command type '" + type + "'; known: "
                    + NAMES.stream().sorted().toList()));
            return problems;
        }
        if (!payload.isObject()) {
            problems.add(new FieldProblem("payload", "must be a JSON object"));
            return problems;
        }
        Set<String> known = fields.stream().map(Field::name).collect(java.util.stream.Collectors.toSet());
        for (String name : payload.propertyNames()) {
            if (!known.contains(name)) {
                problems.add(new FieldProblem("payload." + name, "is not a field of " + type + "; fields: "
                        + fields.stream().map(Field::name).toList()));
            }
        }
        for (Field field : fields) {
            JsonNode value = payload.get(field.name());
            String at = "payload." + field.name();
            if (value == null || value.isNull()) {
                if (field.required()) {
                    problems.add(new FieldProblem(at, "is required for " + type));
                }
                continue;
            }
            String problem = switch (field.kind()) {
                case TEXT -> !value.isString() ? "must be a string"
                        : value.asString().isBlank() ? "must not be blank"
                        : value.asString().length() > field.max() ? "must be at most " + field.max() + " characters"
                        : null;
                case OBJECT -> !value.isObject() ? "must be an object" : value.isEmpty() ? "must not be empty" : null;
                case STRING_LIST -> !value.isArray() ? "must be an array of strings"
                        : value.isEmpty() ? "must not be empty"
                        : value.size() > field.max() ? "must hold at most " + field.max() + " entries"
                        : value.valueStream().anyMatch(v -> !v.isString() || v.asString().isBlank())
                                ? "must hold only non-blank strings" : null;
                case INT -> !value.isIntegralNumber() ? "must be an integer"
                        : value.asLong() < 0 || value.asLong() > field.max()
                                ? "must be between 0 and " + field.max() : null;
            };
            if (problem != null) {
                problems.add(new FieldProblem(at, problem));
            }
        }
        return problems;
    }
}
