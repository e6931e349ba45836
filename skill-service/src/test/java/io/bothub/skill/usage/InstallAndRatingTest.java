package io.bothub.skill.usage;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.UUID;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

import io.bothub.events.CloudEventsKafkaCodec;
import io.bothub.events.Topics;
import io.bothub.skill.MovableClock;
import io.bothub.skill.SkillHttp;
import io.bothub.skill.SkillHttp.As;
import io.bothub.skill.SkillHttp.Reply;
import io.bothub.testsupport.KafkaProbe;
import io.bothub.testsupport.WithRealInfrastructure;
import tools.jackson.databind.JsonNode;

/** Installs and downloads counted once, ratings by installers only, exact averages, and what gets flagged. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@WithRealInfrastructure
@Import(MovableClock.Config.class)
class InstallAndRatingTest {

    @LocalServerPort int port;
    @Autowired MovableClock clock;
    @Value("${spring.kafka.bootstrap-servers}") String bootstrap;

    private final String tenant = "tenant-" + UUID.randomUUID();
    private final String other = "tenant-" + UUID.randomUUID();
    private SkillHttp http;
    private String skillId;

    @BeforeEach
    void publish() {
        http = new SkillHttp(port);
        Reply published = http.publishYaml(As.bot(tenant, "author"),
                SkillHttp.manifest("ocr-" + UUID.randomUUID().toString().substring(0, 8), "1.0.0", "public", "Reads text", "", "ocr, vision"));
        skillId = published.body().get("skillId").asString();
        http.publishYaml(As.bot(tenant, "author"), SkillHttp.manifest(published.body().get("name").asString(), "1.1.0",
                "public", "Reads text", "", "ocr, vision"));
    }

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void anInstallIsCountedOncePerBotAndVersionAndAnnouncedWithTheCapabilities() {
        try (KafkaProbe<byte[]> probe = KafkaProbe.bytes(bootstrap, Topics.SKILL_EVENTS)) {
            Reply first = http.post(As.bot(other, "reader-1"), path("/versions/1.0.0/install"), "");
            assertThat(first.status()).as(first.text()).isEqualTo(201);
            assertThat(first.body().get("botId").asString()).isEqualTo("reader-1");
            assertThat(first.body().get("capabilities").valueStream().map(JsonNode::asString)).containsExactly("ocr", "vision");
            assertThat(first.body().get("manifest").get("content").get("prompt").asString()).isEqualTo("Answer the query.");

            assertThat(http.post(As.bot(other, "reader-1"), path("/versions/1.0.0/install"), "").status()).isEqualTo(200);
            // An operator installing the same version for the same bot counts nothing more either.
            assertThat(http.post(As.admin(other), path("/versions/1.0.0/install"), "{\"botId\":\"reader-1\"}").status()).isEqualTo(200);
            // Another version, another bot: each counts.
            assertThat(http.post(As.bot(other, "reader-1"), path("/versions/1.1.0/install"), "").status()).isEqualTo(201);
            assertThat(http.post(As.admin(other), path("/versions/1.1.0/install"), "{\"botId\":\"reader-2\"}").status()).isEqualTo(201);

            JsonNode skill = http.get(As.reader(tenant), "/api/v1/skills/" + skillId).body();
            assertThat(skill.get("installs").asLong()).isEqualTo(3);
            assertThat(skill.get("downloads").asLong()).isEqualTo(3);

            Predicate<ConsumerRecord<String, byte[]>> isInstall =
                    r -> r.key().equals(skillId) && new String(r.headers().lastHeader(CloudEventsKafkaCodec.H_TYPE).value())
                            .equals("io.bothub.skill.installed.v1");
            // await returns the matches seen so far (they accumulate): poll until the three first installs arrived,
            // then once more, so a fourth would show.
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (probe.await(isInstall, Duration.ofMillis(200)).size() < 3 && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            var installed = probe.await(isInstall, Duration.ofSeconds(1));
            assertThat(installed).hasSize(3);
            assertThat(new String(installed.getFirst().headers().lastHeader(CloudEventsKafkaCodec.H_TENANT_ID).value())).isEqualTo(other);
            assertThat(new String(installed.getFirst().value())).contains("\"botId\":\"reader-1\"", "\"capabilities\":[\"ocr\",\"vision\"]");
        }
    }

    @Test
    void aBotInstallsOnlyAsItselfAndAUserNamesTheBot() {
        assertThat(http.post(As.bot(other, "reader-1"), path("/versions/1.0.0/install"), "{\"botId\":\"someone-else\"}").status())
                .isEqualTo(403);
        Reply noBot = http.post(As.admin(other), path("/versions/1.0.0/install"), "{}");
        assertThat(noBot.status()).isEqualTo(400);
        assertThat(noBot.body().get("errors").get(0).get("field").asString()).isEqualTo("botId");
        assertThat(http.post(As.reader(other), path("/versions/1.0.0/install"), "{\"botId\":\"b\"}").status()).isEqualTo(403);
    }

    @Test
    void aDownloadIsCountedOncePerPrincipalAndVersion() {
        assertThat(http.get(As.reader(other), path("/versions/1.0.0/download")).body().get("counted").asBoolean()).isTrue();
        assertThat(http.get(As.reader(other), path("/versions/1.0.0/download")).body().get("counted").asBoolean()).isFalse();
        assertThat(http.get(As.reader(other), path("/versions/1.1.0/download")).body().get("counted").asBoolean()).isTrue();
        assertThat(http.get(As.reader(tenant), "/api/v1/skills/" + skillId).body().get("downloads").asLong()).isEqualTo(2);
    }

    @Test
    void onlyAnInstallerMayRateAndChangingARatingKeepsTheAverageExact() {
        Reply stranger = http.put(As.bot(other, "never-installed"), path("/rating"), "{\"stars\":5}");
        assertThat(stranger.status()).isEqualTo(403);
        assertThat(stranger.body().get("type").asString()).endsWith("/install-required");

        install(As.bot(other, "r1"), "{}");
        install(new As(other, "user:ops", "skills"), "{\"botId\":\"r2\"}");
        install(As.bot(tenant, "r3"), "{}");
        clock.shift(Duration.ofDays(2)); // the raters are no longer brand new

        assertThat(rate(As.bot(other, "r1"), 5).get("ratingCount").asLong()).isEqualTo(1);
        // The user who installed it for a bot rates as themself.
        JsonNode second = rate(new As(other, "user:ops", "skills"), 2);
        assertThat(second.get("averageRating").asDouble()).isEqualTo(3.5);
        JsonNode changed = rate(As.bot(other, "r1"), 3);
        assertThat(changed.get("previousStars").asInt()).isEqualTo(5);
        assertThat(changed.get("ratingCount").asLong()).isEqualTo(2);
        assertThat(changed.get("averageRating").asDouble()).isEqualTo(2.5);
        try (KafkaProbe<byte[]> probe = KafkaProbe.bytes(bootstrap, Topics.SKILL_EVENTS)) {
            JsonNode third = rate(As.bot(tenant, "r3"), 4);
            assertThat(third.get("averageRating").asDouble()).isEqualTo(3.0);
            var rated = probe.await(r -> r.key().equals(skillId) && new String(r.headers()
                    .lastHeader(CloudEventsKafkaCodec.H_TYPE).value()).equals("io.bothub.skill.rated.v1")
                    && new String(r.value()).contains("\"rater\":\"bot:r3\""), Duration.ofSeconds(20));
            assertThat(rated).hasSize(1);
            assertThat(new String(rated.getFirst().value())).contains("\"stars\":4", "\"averageRating\":3.0", "\"ratingCount\":3");
        }

        JsonNode skill = http.get(As.reader(tenant), "/api/v1/skills/" + skillId).body();
        assertThat(skill.get("rating").asDouble()).isEqualTo(3.0);
        assertThat(skill.get("ratingCount").asLong()).isEqualTo(3);

        Reply bad = http.put(As.bot(other, "r1"), path("/rating"), "{\"stars\":6}");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body().get("errors").get(0).get("field").asString()).isEqualTo("stars");

        JsonNode reviews = http.get(As.reader(tenant), path("/ratings")).body();
        assertThat(reviews).hasSize(3);
        // Raters of another tenant are not named to this one.
        assertThat(reviews.findValuesAsString("rater")).contains("bot:r3", "bot:(another tenant)", "user:(another tenant)");
    }

    @Test
    void aBrandNewRaterIsFlaggedAndLeftOutOfTheAverage() {
        install(As.bot(other, "fresh"), "{}");
        JsonNode rated = rate(As.bot(other, "fresh"), 5);
        assertThat(rated.get("flagged").asBoolean()).isTrue();
        assertThat(rated.get("ratingCount").asLong()).isZero();

        // Two days on, the same rater's new rating counts (and the flagged one never did).
        clock.shift(Duration.ofDays(2));
        JsonNode later = rate(As.bot(other, "fresh"), 4);
        assertThat(later.get("flagged").asBoolean()).isFalse();
        assertThat(later.get("ratingCount").asLong()).isEqualTo(1);
        assertThat(later.get("averageRating").asDouble()).isEqualTo(4.0);
    }

    @Test
    void aBurstOfInstallsFromOneTenantIsFlaggedAndNotCounted() {
        String burst = "tenant-" + UUID.randomUUID();
        for (int i = 0; i < 25; i++) {
            install(new As(burst, "user:farm", "skills"), "{\"botId\":\"farm-" + i + "\"}");
        }
        JsonNode skill = http.get(As.reader(tenant), "/api/v1/skills/" + skillId).body();
        // The limit is 20 per tenant and hour: the first 20 count, the other 5 are kept but flagged.
        assertThat(skill.get("installs").asLong()).isEqualTo(20);
        assertThat(skill.get("downloads").asLong()).isEqualTo(20);
        assertThat(skill.get("flaggedDownloads").asLong()).isEqualTo(5);

        // An hour later the tenant is back to normal.
        clock.shift(Duration.ofMinutes(61));
        install(new As(burst, "user:farm", "skills"), "{\"botId\":\"farm-late\"}");
        assertThat(http.get(As.reader(tenant), "/api/v1/skills/" + skillId).body().get("installs").asLong()).isEqualTo(21);
    }

    private void install(As as, String body) {
        Reply reply = http.post(as, path("/versions/1.0.0/install"), body);
        assertThat(reply.status()).as(reply.text()).isEqualTo(201);
    }

    private JsonNode rate(As as, int stars) {
        Reply reply = http.put(as, path("/rating"), "{\"stars\":" + stars + ",\"review\":\"works\"}");
        assertThat(reply.status()).as(reply.text()).isEqualTo(200);
        return reply.body();
    }

    private String path(String rest) {
        return "/api/v1/skills/" + skillId + rest;
    }
}
