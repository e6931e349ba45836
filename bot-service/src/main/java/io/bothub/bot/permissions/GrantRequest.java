package io.bothub.bot.permissions;

import java.time.Instant;
import java.util.Map;

import jakarta.validation.constraints.Future;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.jspecify.annotations.Nullable;

/**
 * A grant of access to an external resource.
 *
 * @param resourceType    for example {@code aliyun_ecs} or {@code aws_s3}
 * @param resourceId      the resource within that type
 * @param permissionLevel {@code read}, {@code write} or {@code admin}
 * @param credentials     what the bot needs to use it (access keys…); sealed at rest, never shown to operators
 * @param expiresAt       when the grant ends, if it does
 */
record GrantRequest(
        @NotBlank @Size(max = 50) @Pattern(regexp = "[a-z0-9_.-]+", message = "must be a lower-case resource type")
        String resourceType,
        @NotBlank @Size(max = 200) String resourceId,
        @NotBlank @Pattern(regexp = "read|write|admin", message = "must be read, write or admin") String permissionLevel,
        @Nullable Map<String, String> credentials,
        @Nullable @Future Instant expiresAt) {
}
