package io.bothub.bot.registry;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import io.bothub.support.web.FieldProblem;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * A2A Agent Cards (the A2A protocol's self-description: name, description, url, version, skills with id, name,
 * description and tags). BotHub keeps the card as given, serves it back for discovery, and turns each skill id
 * into a capability name routing can match on.
 */
@Component
public class AgentCards {

    private static final TypeReference<Map<String, Object>> CARD = new TypeReference<>() {
    };

    private final JdbcClient jdbc;
    private final JsonMapper json = JsonMapper.builder().build();

    AgentCards(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void store(String tenantId, String botId, Map<String, Object> card) {
        jdbc.sql("update bot set agent_card = cast(:card as jsonb) where tenant_id = :t and bot_id = :b")
                .param("card", json.writeValueAsString(card)).param("t", tenantId).param("b", botId).update();
    }

    public Optional<Map<String, Object>> of(String tenantId, String botId) {
        return jdbc.sql("select agent_card::text from bot where tenant_id = :t and bot_id = :b and agent_card is not null")
                .param("t", tenantId).param("b", botId).query(String.class).optional()
                .map(text -> json.readValue(text, CARD));
    }

    /** What is wrong with a card, field by field; empty when it can be used. */
    static List<FieldProblem> problemsWith(Map<String, Object> card) {
        List<FieldProblem> problems = new ArrayList<>();
        if (!(card.get("name") instanceof String name) || name.isBlank()) {
            problems.add(new FieldProblem("agentCard.name", "must be a non-empty string"));
        }
        Object skills = card.get("skills");
        if (skills != null && !(skills instanceof List<?>)) {
            problems.add(new FieldProblem("agentCard.skills", "must be an array"));
        } else if (skills instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                if (!(list.get(i) instanceof Map<?, ?> skill) || !(skill.get("id") instanceof String id) || id.isBlank()) {
                    problems.add(new FieldProblem("agentCard.skills[" + i + "].id", "must be a non-empty string"));
                } else if (!(skill.get("name") instanceof String skillName) || skillName.isBlank()) {
                    problems.add(new FieldProblem("agentCard.skills[" + i + "].name", "must be a non-empty string"));
                }
            }
        }
        return problems;
    }

    /** Capability names from the card's skill ids: lower case, other characters folded to '-'. */
    static List<String> skillCapabilities(Map<String, Object> card) {
        if (!(card.get("skills") instanceof List<?> skills)) {
            return List.of();
        }
        return skills.stream()
                .filter(Map.class::isInstance).map(Map.class::cast)
                .map(skill -> String.valueOf(skill.get("id")).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._:-]", "-"))
                .map(id -> id.replaceAll("^[^a-z0-9]+", ""))
                .filter(id -> !id.isEmpty())
                .map(id -> id.length() > 64 ? id.substring(0, 64) : id)
                .toList();
    }
}
