package io.bothub.bot.registry;

import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code bothub.bot.secrets.*}: the AES-256 keys (base64, by id) that seal webhook secrets at rest, and which one
 * seals new secrets. To rotate: add a key, make it current, keep the old one until no secret uses it.
 */
@ConfigurationProperties("bothub.bot.secrets")
record SecretSettings(String currentKeyId, Map<String, String> keys) {
}
