package io.bothub.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Base64;

import org.junit.jupiter.api.Test;

import com.standardwebhooks.Webhook;

/** The SDK's signatures agree with the Standard Webhooks reference implementation, both ways. */
class WebhookSignaturesTest {

    private static final String SECRET = "whsec_" + Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef".getBytes());

    @Test
    void aPushSignedByTheReferenceImplementationVerifies() throws Exception {
        long now = Instant.now().getEpochSecond();
        String signature = new Webhook(SECRET).sign("msg_1", now, "{\"command\":\"restart\"}");

        assertThat(new WebhookSignatures(SECRET).verify("msg_1", Long.toString(now), signature, "{\"command\":\"restart\"}")).isTrue();
    }

    @Test
    void whatTheSdkSignsTheReferenceImplementationAccepts() throws Exception {
        long now = Instant.now().getEpochSecond();
        String signature = new WebhookSignatures(SECRET).sign("msg_2", now, "{\"a\":1}");

        assertThat(signature).isEqualTo(new Webhook(SECRET).sign("msg_2", now, "{\"a\":1}"));
    }

    @Test
    void aTamperedStaleOrForeignPushIsRejected() throws Exception {
        long now = Instant.now().getEpochSecond();
        WebhookSignatures signatures = new WebhookSignatures(SECRET);
        String signature = signatures.sign("msg_3", now, "{\"a\":1}");
        long old = now - 600;

        assertThat(signatures.verify("msg_3", Long.toString(now), signature, "{\"a\":2}")).isFalse();
        assertThat(signatures.verify("msg_3", Long.toString(old), signatures.sign("msg_3", old, "{\"a\":1}"), "{\"a\":1}")).isFalse();
        assertThat(new WebhookSignatures("whsec_" + Base64.getEncoder().encodeToString(new byte[32]))
                .verify("msg_3", Long.toString(now), signature, "{\"a\":1}")).isFalse();
        assertThat(signatures.verify(null, Long.toString(now), signature, "{\"a\":1}")).isFalse();
    }
}
