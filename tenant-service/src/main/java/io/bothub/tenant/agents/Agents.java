package io.bothub.tenant.agents;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.bothub.support.web.FieldProblem;
import io.bothub.support.web.ProblemException;
import io.bothub.tenant.Ids;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A tenant's agents (seed 003): the applications and integrations that call BotHub with API keys. */
@Service
class Agents {

    record Agent(String id, String name, String description, @Nullable String template, JsonNode config, String status,
            Instant createdAt) {
    }

    /** Seed 003's predefined agent roles; a template fills in the configuration a new agent starts with. */
    static final Map<String, Map<String, Object>> TEMPLATES = Map.of(
            "customer-service", Map.of("personality", "patient and friendly", "responseStyle", "concise",
                    "capabilities", List.of("chat", "faq")),
            "sales", Map.of("personality", "proactive", "responseStyle", "persuasive",
                    "capabilities", List.of("chat", "product-info")),
            "ops-automation", Map.of("personality", "precise", "responseStyle", "structured",
                    "capabilities", List.of("commands", "tasks")),
            "analyst", Map.of("personality", "thorough", "responseStyle", "detailed",
                    "capabilities", List.of("reports")));

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final Clock clock;

    Agents(JdbcClient jdbc, JsonMapper json, Clock clock) {
        this.jdbc = jdbc;
        this.json = json;
        this.clock = clock;
    }

    @Transactional
    Agent create(String tenantId, String name, @Nullable String description, @Nullable String template,
            @Nullable JsonNode config) {
        if (template != null && !TEMPLATES.containsKey(template)) {
            throw ProblemException.invalid(List.of(new FieldProblem("template",
                    "unknown template; known: " + TEMPLATES.keySet().stream().sorted().toList())));
        }
        JsonNode startingConfig = config != null ? config
                : json.valueToTree(template == null ? Map.of() : TEMPLATES.get(template));
        String id = Ids.next("ag");
        try {
            jdbc.sql("""
                    insert into agent (id, tenant_id, name, description, template, config, created_at)
                    values (:id, :tenant, :name, :description, :template, cast(:config as jsonb), :now)
                    """)
                    .param("id", id).param("tenant", tenantId).param("name", name)
                    .param("description", Objects.requireNonNullElse(description, "")).param("template", template)
                    .param("config", json.writeValueAsString(startingConfig))
                    .param("now", Timestamp.from(clock.instant())).update();
        } catch (DuplicateKeyException e) {
            throw ProblemException.conflict("agent-name-taken", "an agent named '" + name + "' already exists");
        }
        return get(tenantId, id);
    }

    Agent get(String tenantId, String agentId) {
        return jdbc.sql("select " + COLUMNS + " from agent where tenant_id = :tenant and id = :id")
                .param("tenant", tenantId).param("id", agentId).query(this::agent).optional()
                .orElseThrow(() -> ProblemException.notFound("agent", agentId));
    }

    List<Agent> list(String tenantId) {
        return jdbc.sql("select " + COLUMNS + " from agent where tenant_id = :tenant order by created_at")
                .param("tenant", tenantId).query(this::agent).list();
    }

    private static final String COLUMNS = "id, name, description, template, config::text, status, created_at";

    private Agent agent(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        return new Agent(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                json.readTree(rs.getString(5)), rs.getString(6), rs.getTimestamp(7).toInstant());
    }
}
