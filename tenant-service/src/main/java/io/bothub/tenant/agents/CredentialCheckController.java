package io.bothub.tenant.agents;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import io.bothub.support.web.ProblemException;

/**
 * For the gateway only: who an agent API key speaks for. Under {@code /internal}, which the gateway never routes
 * to, and which the network policies keep to the gateway.
 */
@RestController
class CredentialCheckController {

    private final ApiKeys keys;

    CredentialCheckController(ApiKeys keys) {
        this.keys = keys;
    }

    record Check(@NotBlank String apiKey) {

        @Override
        public String toString() {
            return "Check[]";
        }
    }

    @PostMapping("/internal/v1/agent-keys/verify")
    ApiKeys.Verified verify(@Valid @RequestBody Check check) {
        return keys.verify(check.apiKey()).orElseThrow(() -> new ProblemException(HttpStatus.UNAUTHORIZED,
                "unauthorized", "Unauthorized", "the API key is unknown, expired or revoked"));
    }
}
