package io.bothub.skill.catalog;

import java.net.URI;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.bothub.skill.manifest.ManifestSchema;
import io.bothub.support.web.Caller;
import io.bothub.support.web.FieldProblem;
import io.bothub.support.web.ProblemException;
import io.bothub.support.web.Scopes;
import tools.jackson.databind.JsonNode;

/**
 * The catalog API. Publishing takes the {@code skills} scope (admin implies it) or a bot acting as itself; a
 * manifest is posted as YAML ({@code application/yaml}, {@code text/yaml}) or JSON. Reading takes
 * {@code config_read}, {@code skills} or a bot's key.
 */
@RestController
class SkillController {

    private final ManifestSchema schema;
    private final PublishingSkills publishing;
    private final CuratingSkills curating;
    private final SkillQueries queries;
    private final SkillSearch search;

    SkillController(ManifestSchema schema, PublishingSkills publishing, CuratingSkills curating, SkillQueries queries,
            SkillSearch search) {
        this.schema = schema;
        this.publishing = publishing;
        this.curating = curating;
        this.queries = queries;
        this.search = search;
    }

    /** 201 with the published version; 202 when it is held for review (with the reasons). */
    @PostMapping("/api/v1/skills")
    ResponseEntity<PublishingSkills.Published> publish(Caller caller,
            @RequestHeader(value = HttpHeaders.CONTENT_TYPE, required = false) @Nullable String contentType,
            @RequestBody String body) {
        if (!(caller.isBot() && caller.has(Scopes.BOT))) {
            caller.require(Scopes.SKILLS);
        }
        PublishingSkills.Published published = publishing.publish(caller, schema.read(body, contentType));
        return ResponseEntity.status(published.status().equals("held") ? HttpStatus.ACCEPTED : HttpStatus.CREATED)
                .location(URI.create(published.url())).body(published);
    }

    @GetMapping("/api/v1/skills")
    SkillSearch.Page search(Caller caller, @RequestParam(required = false) @Nullable String q,
            @RequestParam(required = false) @Nullable String tag, @RequestParam(required = false) @Nullable String author,
            @RequestParam(required = false) @Nullable String capability,
            @RequestParam(required = false) @Nullable String sort,
            @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "20") int size) {
        Skills.requireReader(caller);
        return search.search(caller.tenantId(), q, tag, author, capability, sort, page, size);
    }

    @GetMapping("/api/v1/skills/{skillId}")
    SkillQueries.SkillDetails details(Caller caller, @PathVariable String skillId) {
        Skills.requireReader(caller);
        return queries.details(caller.tenantId(), skillId);
    }

    /** Changes the description and tags; the previous ones go to the history. */
    @PatchMapping("/api/v1/skills/{skillId}")
    SkillQueries.SkillDetails edit(Caller caller, @PathVariable String skillId, @RequestBody CuratingSkills.Edit edit) {
        curating.edit(caller, skillId, edit);
        return queries.details(caller.tenantId(), skillId);
    }

    @GetMapping("/api/v1/skills/{skillId}/history")
    List<SkillQueries.DescriptionChange> history(Caller caller, @PathVariable String skillId) {
        Skills.requireReader(caller);
        return queries.history(caller.tenantId(), skillId);
    }

    record Deprecation(@Nullable Boolean deprecated, @Nullable String message) {
    }

    @PostMapping("/api/v1/skills/{skillId}/deprecate")
    SkillQueries.SkillDetails deprecate(Caller caller, @PathVariable String skillId,
            @RequestBody(required = false) @Nullable Deprecation deprecation) {
        curating.deprecate(caller, skillId, deprecation == null || deprecation.deprecated() == null || deprecation.deprecated(),
                deprecation == null ? null : deprecation.message());
        return queries.details(caller.tenantId(), skillId);
    }

    @GetMapping("/api/v1/skills/{skillId}/versions/{version}")
    JsonNode manifest(Caller caller, @PathVariable String skillId, @PathVariable String version) {
        Skills.requireReader(caller);
        return queries.manifest(caller.tenantId(), skillId, version);
    }

    @PostMapping("/api/v1/skills/{skillId}/versions/{version}/yank")
    SkillQueries.SkillDetails yank(Caller caller, @PathVariable String skillId, @PathVariable String version) {
        curating.yank(caller, skillId, version);
        return queries.details(caller.tenantId(), skillId);
    }

    record Decision(@Nullable String decision, @Nullable String note) {
    }

    /** Approves ({@code "decision":"approve"}) or rejects a version held for review; the tenant's admin only. */
    @PostMapping("/api/v1/skills/{skillId}/versions/{version}/review")
    PublishingSkills.Published review(Caller caller, @PathVariable String skillId, @PathVariable String version,
            @RequestBody Decision decision) {
        caller.require(Scopes.ADMIN);
        if (!"approve".equals(decision.decision()) && !"reject".equals(decision.decision())) {
            throw ProblemException.invalid(List.of(new FieldProblem("decision", "must be approve or reject")));
        }
        return publishing.review(caller, skillId, version, "approve".equals(decision.decision()), decision.note());
    }
}
