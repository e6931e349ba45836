package io.bothub.skill.usage;

import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.bothub.skill.catalog.Skills;
import io.bothub.support.web.Caller;
import io.bothub.support.web.Scopes;

/**
 * Downloading, installing and rating. A bot installs and rates as itself; a user or agent needs the
 * {@code skills} scope, and names the bot it installs for.
 */
@RestController
class UsageController {

    private final UsingSkills using;
    private final RatingSkills rating;

    UsageController(UsingSkills using, RatingSkills rating) {
        this.using = using;
        this.rating = rating;
    }

    /** The version's manifest and content; the first download by this principal of this version is counted. */
    @GetMapping("/api/v1/skills/{skillId}/versions/{version}/download")
    UsingSkills.Downloaded download(Caller caller, @PathVariable String skillId, @PathVariable String version) {
        Skills.requireReader(caller);
        return using.download(caller, skillId, version);
    }

    record InstallRequest(@Nullable String botId) {
    }

    /** 201 for the bot's first install of the version, 200 when it had it already (counted once). */
    @PostMapping("/api/v1/skills/{skillId}/versions/{version}/install")
    ResponseEntity<UsingSkills.Installed> install(Caller caller, @PathVariable String skillId, @PathVariable String version,
            @RequestBody(required = false) @Nullable InstallRequest request) {
        UsingSkills.Installed installed = using.install(caller, skillId, version, request == null ? null : request.botId());
        return ResponseEntity.status(installed.firstInstall() ? HttpStatus.CREATED : HttpStatus.OK).body(installed);
    }

    record RatingRequest(@Nullable Integer stars, @Nullable String review) {
    }

    /** Rates the skill, or changes the caller's rating of it. */
    @PutMapping("/api/v1/skills/{skillId}/rating")
    RatingSkills.Rated rate(Caller caller, @PathVariable String skillId, @RequestBody RatingRequest request) {
        if (!(caller.isBot() && caller.has(Scopes.BOT))) {
            caller.require(Scopes.SKILLS);
        }
        return rating.rate(caller, skillId, request.stars(), request.review());
    }

    @GetMapping("/api/v1/skills/{skillId}/ratings")
    List<RatingSkills.Review> reviews(Caller caller, @PathVariable String skillId,
            @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "20") int size) {
        Skills.requireReader(caller);
        return rating.reviews(caller.tenantId(), skillId, Math.max(0, page), Math.clamp(size, 1, 100));
    }
}
