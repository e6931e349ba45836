package io.bothub.support.secrets;

import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code bothub.transit-secrets.*}: the platform's transit keys, base64 of 32 bytes by key id, and the id new
 * seals use. Deployments supply them as a Kubernetes Secret (BOTHUB_TRANSIT_SECRETS_KEYS_&lt;ID&gt;).
 */
@ConfigurationProperties("bothub.transit-secrets")
public record TransitSecretsSettings(String currentKeyId, Map<String, String> keys) {
}
