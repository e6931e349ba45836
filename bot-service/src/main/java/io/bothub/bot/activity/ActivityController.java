package io.bothub.bot.activity;

import java.time.Instant;
import java.util.List;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import io.bothub.support.web.Caller;
import io.bothub.support.web.Scopes;

/** {@code GET /api/v1/bots/{botId}/activities?type=&from=&to=&page=&size=}: newest first. */
@RestController
class ActivityController {

    private final ActivityLog log;

    ActivityController(ActivityLog log) {
        this.log = log;
    }

    @GetMapping("/api/v1/bots/{botId}/activities")
    List<ActivityLog.Activity> activities(Caller caller,
            @PathVariable String botId, @RequestParam(required = false) @Nullable String type,
            @RequestParam(required = false) @Nullable Instant from, @RequestParam(required = false) @Nullable Instant to,
            @RequestParam(defaultValue = "0") @Min(0) int page,
            @RequestParam(defaultValue = "50") @Min(1) @Max(500) int size) {
        caller.require(Scopes.CONFIG_READ);
        String tenantId = caller.tenantId();
        return log.of(tenantId, botId, type, from, to, page, size);
    }
}
