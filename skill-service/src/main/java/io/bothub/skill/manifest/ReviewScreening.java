package io.bothub.skill.manifest;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.stereotype.Component;

import io.bothub.skill.SkillSettings;
import tools.jackson.databind.JsonNode;

/**
 * Decides whether a manifest must wait for review before anyone can install it: when it asks for a dangerous
 * permission, or when any of its text (content included) holds what looks like a secret. A reason names the
 * field and the kind of secret, never the secret itself.
 */
@Component
public class ReviewScreening {

    /** Well-known credential shapes. */
    private static final Map<String, Pattern> SECRETS = Map.of(
            "an AWS access key", Pattern.compile("\\b(?:AKIA|ASIA)[0-9A-Z]{16}\\b"),
            "a private key", Pattern.compile("-----BEGIN (?:[A-Z]+ )?PRIVATE KEY-----"),
            "a GitHub token", Pattern.compile("\\bgh[pousr]_[A-Za-z0-9]{36,}\\b"),
            "a Slack token", Pattern.compile("\\bxox[abprs]-[A-Za-z0-9-]{10,}"),
            "an API secret key (sk-…)", Pattern.compile("\\bsk-(?:proj-)?[A-Za-z0-9_-]{20,}"),
            "a BotHub API key", Pattern.compile("\\bbh_(?:bot|ak)_[A-Za-z0-9_]{16,}"),
            "a JSON Web Token", Pattern.compile("\\beyJ[A-Za-z0-9_-]{8,}\\.eyJ[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{8,}"));
    /** A secret-sounding key with a literal value, inside text ("password: hunter2hunter2"). */
    private static final Pattern ASSIGNED_SECRET = Pattern.compile(
            "(?i)\\b(password|passwd|secret|api[_-]?key|access[_-]?key|auth[_-]?token|token)\\b[\"']?\\s*[:=]\\s*[\"']?([^\\s\"'$<{]{8,})");
    /** A field named like a secret. */
    private static final Pattern SECRET_NAME = Pattern.compile(
            "(?i).*(password|passwd|secret|api[_-]?key|access[_-]?key|private[_-]?key|auth[_-]?token|^token$).*");
    /** Values that stand for a secret supplied later, not a secret: ${ENV}, {{var}}, <placeholder>, env:NAME. */
    private static final Pattern PLACEHOLDER = Pattern.compile("^(?:\\$\\{.*}|\\{\\{.*}}|<.*>|env:.*|\\*+|x+|changeme)$",
            Pattern.CASE_INSENSITIVE);

    private final Set<String> dangerous;

    public ReviewScreening(SkillSettings settings) {
        this.dangerous = Set.copyOf(settings.review().dangerousPermissions());
    }

    /** Why {@code manifest} must be reviewed; empty when it may be published at once. */
    public List<String> reasons(Manifest manifest) {
        Set<String> reasons = new LinkedHashSet<>();
        for (String permission : manifest.permissions()) {
            if (dangerous.contains(permission) || permission.endsWith(".*") && dangerous.stream()
                    .anyMatch(d -> d.startsWith(permission.substring(0, permission.length() - 1)))) {
                reasons.add("permissions: '" + permission + "' is a dangerous permission");
            }
        }
        scan(manifest.document(), "", reasons);
        return List.copyOf(new ArrayList<>(reasons));
    }

    private void scan(JsonNode node, String path, Set<String> reasons) {
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                String child = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
                JsonNode value = field.getValue();
                if (value.isString() && SECRET_NAME.matcher(field.getKey()).matches()
                        && value.asString().strip().length() >= 8 && !PLACEHOLDER.matcher(value.asString().strip()).matches()) {
                    reasons.add(child + ": holds what looks like a secret (a literal value under a secret's name)");
                }
                scan(value, child, reasons);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                scan(node.get(i), path + "[" + i + "]", reasons);
            }
        } else if (node.isString()) {
            String text = node.asString();
            SECRETS.forEach((kind, pattern) -> {
                if (pattern.matcher(text).find()) {
                    reasons.add(path + ": holds what looks like " + kind);
                }
            });
            Matcher assigned = ASSIGNED_SECRET.matcher(text);
            while (assigned.find()) {
                if (!PLACEHOLDER.matcher(assigned.group(2)).matches()) {
                    reasons.add(path + ": holds what looks like a secret ('" + assigned.group(1).toLowerCase(Locale.ROOT)
                            + "' set to a literal value)");
                    break;
                }
            }
        }
    }
}
