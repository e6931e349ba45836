package io.bothub.bot.registry;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;

import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import io.bothub.support.web.Scopes;

/**
 * For the gateway only: which bot an API key belongs to. Under {@code /internal}, which the gateway never routes
 * to. A bot's key grants exactly one scope, {@code bot}: acting as that bot.
 */
@RestController
class CredentialCheckController {

    private final BotAuthenticator authenticator;

    CredentialCheckController(BotAuthenticator authenticator) {
        this.authenticator = authenticator;
    }

    record Check(@NotBlank String apiKey) {

        @Override
        public String toString() {
            return "Check[]";
        }
    }

    record Verified(String tenantId, String principal, List<String> scopes) {
    }

    @PostMapping("/internal/v1/bot-keys/verify")
    Verified verify(@Valid @RequestBody Check check) {
        AuthenticatedBot bot = authenticator.authenticate("Bearer " + check.apiKey());
        return new Verified(bot.key().tenantId(), "bot:" + bot.key().botId(), List.of(Scopes.BOT));
    }
}
