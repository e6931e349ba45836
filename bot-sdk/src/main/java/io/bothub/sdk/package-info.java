/**
 * The BotHub bot SDK. {@link io.bothub.sdk.BotHubClient} registers a bot and returns a
 * {@link io.bothub.sdk.BotConnection}, which keeps the bot heartbeating and sends its signed callbacks;
 * {@link io.bothub.sdk.WebhookSignatures} verifies what BotHub pushes to the bot's webhook.
 */
@NullMarked
package io.bothub.sdk;

import org.jspecify.annotations.NullMarked;
