package io.bothub.bot.registry;

import java.util.List;
import java.util.Map;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.jspecify.annotations.Nullable;

/**
 * What a bot sends to register. Only the name is required; the id is generated when absent.
 *
 * @param botId                 wanted id, unique within the tenant
 * @param name                  display name
 * @param groupId               one of the tenant's groups (see {@code GET /api/v1/bot-groups})
 * @param capabilities          plain capability names such as {@code chat} or {@code translate}
 * @param maxConcurrentSessions defaults to 10
 * @param weight                load-balancing weight, defaults to 100
 * @param webhookUrl            http(s) endpoint work is pushed to; absent for a bot that pulls
 * @param heartbeatIntervalSeconds how often the bot will beat, defaults to 30; it is offline after missing a few
 * @param agentCard             an A2A Agent Card; its skills' ids become capabilities, so a bot already described
 *                              for A2A registers without translation
 */
record RegistrationRequest(
        @Nullable @Pattern(regexp = "[A-Za-z0-9][A-Za-z0-9._-]{0,63}",
                message = "must be 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit") String botId,
        @NotBlank @Size(max = 120) String name,
        @Nullable String groupId,
        @Nullable @Size(max = 50) List<@Pattern(regexp = "[a-z0-9][a-z0-9._:-]{0,63}",
                message = "must be a lower-case capability name") String> capabilities,
        @Nullable @Min(1) @Max(10_000) Integer maxConcurrentSessions,
        @Nullable @Min(1) @Max(1_000) Integer weight,
        @Nullable @Size(max = 2048) @Pattern(regexp = "https?://[^\\s]+", message = "must be an http or https URL")
        String webhookUrl,
        @Nullable @Min(1) @Max(3_600) Integer heartbeatIntervalSeconds,
        @Nullable Map<String, Object> agentCard) {
}
