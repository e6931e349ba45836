package io.bothub.skill.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.Test;
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

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@WithRealInfrastructure
@Import(MovableClock.Config.class)
class PublishingTest {

    @LocalServerPort int port;
    @Value("${spring.kafka.bootstrap-servers}") String bootstrap;

    private final String tenant = "tenant-" + UUID.randomUUID();
    private SkillHttp http;

    private SkillHttp http() {
        return http == null ? http = new SkillHttp(port) : http;
    }

    @Test
    void aBotPublishesAYamlManifestAsItselfAndSkillPublishedGoesOut() {
        try (KafkaProbe<byte[]> probe = KafkaProbe.bytes(bootstrap, Topics.SKILL_EVENTS)) {
            Reply reply = http().publishYaml(As.bot(tenant, "xiaobai"),
                    SkillHttp.manifest("ecs-manager", "1.0.0", "public", "Creates and manages ECS instances", "cloud, 阿里云", "ecs"));

            assertThat(reply.status()).as(reply.text()).isEqualTo(201);
            String skillId = reply.body().get("skillId").asString();
            assertThat(reply.body().get("url").asString()).isEqualTo("/api/v1/skills/" + skillId);
            JsonNode skill = http().get(As.reader(tenant), "/api/v1/skills/" + skillId).body();
            assertThat(skill.get("authorBotId").asString()).isEqualTo("xiaobai");
            assertThat(skill.get("latestVersion").asString()).isEqualTo("1.0.0");
            assertThat(skill.get("tags").valueStream().map(JsonNode::asString)).containsExactly("cloud", "阿里云");

            var received = probe.await(r -> r.key().equals(skillId), Duration.ofSeconds(20));
            assertThat(received).hasSize(1);
            assertThat(new String(received.getFirst().headers().lastHeader(CloudEventsKafkaCodec.H_TYPE).value()))
                    .isEqualTo("io.bothub.skill.published.v1");
            assertThat(new String(received.getFirst().value())).contains("\"version\":\"1.0.0\"", "\"publishedBy\":\"bot:xiaobai\"");
        }
    }

    @Test
    void anInvalidManifestIsRefusedWithEveryFieldAndReason() {
        Reply reply = http().publishYaml(As.admin(tenant), "name: Bad Name\nversion: '1.0'\ncontent: {}\nextra: 1\n");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.body().get("type").asString()).isEqualTo("https://bothub.io/problems/invalid-request");
        assertThat(reply.body().get("errors").valueStream().map(e -> e.get("field").asString()))
                .containsExactly("content", "description", "extra", "name", "version");
        assertThat(reply.text()).contains("must be a semantic version", "is not a field of a skill manifest");
    }

    @Test
    void aPublishedVersionIsNeverReplacedAndOlderVersionsStayInstallable() {
        As admin = As.admin(tenant);
        String skillId = http().publishYaml(admin, SkillHttp.manifest("translator", "1.0.0", "private", "Translates", "", ""))
                .body().get("skillId").asString();
        assertThat(http().publishYaml(admin, SkillHttp.manifest("translator", "2.0.0", "private", "Translates better", "", "")).status())
                .isEqualTo(201);

        Reply again = http().publishYaml(admin, SkillHttp.manifest("translator", "1.0.0", "private", "Sneaky change", "", ""));
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.body().get("type").asString()).endsWith("/version-exists");

        // A backported fix of the old line does not become the latest, nor take over the description.
        assertThat(http().publishYaml(admin, SkillHttp.manifest("translator", "1.0.1", "private", "Old line fix", "", "")).status())
                .isEqualTo(201);
        JsonNode skill = http().get(admin, "/api/v1/skills/" + skillId).body();
        assertThat(skill.get("latestVersion").asString()).isEqualTo("2.0.0");
        assertThat(skill.get("description").asString()).isEqualTo("Translates better");
        assertThat(skill.get("versions").valueStream().map(v -> v.get("version").asString()))
                .containsExactly("2.0.0", "1.0.1", "1.0.0");
        assertThat(http().post(admin, "/api/v1/skills/" + skillId + "/versions/1.0.0/install", "{\"botId\":\"b1\"}").status())
                .isEqualTo(201);
        assertThat(http().get(admin, "/api/v1/skills/" + skillId + "/versions/1.0.0").body().get("description").asString())
                .isEqualTo("Translates");
    }

    @Test
    void onlyTheAuthorBotOrAUserWithTheSkillsScopeAddsVersions() {
        String skillId = http().publishYaml(As.bot(tenant, "author"), SkillHttp.manifest("summarizer", "1.0.0", "private", "Sums up", "", ""))
                .body().get("skillId").asString();

        Reply otherBot = http().publishYaml(As.bot(tenant, "intruder"), SkillHttp.manifest("summarizer", "1.1.0", "private", "Mine now", "", ""));
        assertThat(otherBot.status()).isEqualTo(403);
        Reply noScope = http().publishYaml(As.reader(tenant), SkillHttp.manifest("other", "1.0.0", "private", "x", "", ""));
        assertThat(noScope.status()).isEqualTo(403);
        assertThat(http().publishYaml(new As(tenant, "user:dev", "skills"), SkillHttp.manifest("summarizer", "1.1.0", "private", "Sums up", "", ""))
                .status()).isEqualTo(201);
        assertThat(http().patch(As.bot(tenant, "intruder"), "/api/v1/skills/" + skillId, "{\"description\":\"hijacked\"}").status())
                .isEqualTo(403);
    }

    @Test
    void aManifestWithADangerousPermissionOrASecretIsHeldUntilAnAdminApprovesIt() {
        String other = "tenant-" + UUID.randomUUID();
        Reply held = http().publishYaml(As.admin(tenant), SkillHttp.manifest("deployer", "1.0.0", "public", "Deploys", "", "deploy")
                .replace("permissions: [http.fetch]", "permissions: [shell.exec]")
                .replace("prompt: Answer the query.", "prompt: Answer the query.\n  key: AKIAIOSFODNN7EXAMPLE"));
        assertThat(held.status()).isEqualTo(202);
        assertThat(held.body().get("status").asString()).isEqualTo("held");
        assertThat(held.body().get("reviewReasons").valueStream().map(JsonNode::asString)).containsExactly(
                "permissions: 'shell.exec' is a dangerous permission", "content.key: holds what looks like an AWS access key");
        String skillId = held.body().get("skillId").asString();

        // Not listed, not visible to other tenants, not installable, until reviewed.
        assertThat(http().get(As.reader(other), "/api/v1/skills/" + skillId).status()).isEqualTo(404);
        assertThat(http().post(As.admin(other), "/api/v1/skills/" + skillId + "/versions/1.0.0/install", "{\"botId\":\"b\"}").status())
                .isEqualTo(404);
        assertThat(http().post(As.admin(tenant), "/api/v1/skills/" + skillId + "/versions/1.0.0/install", "{\"botId\":\"b\"}").status())
                .isEqualTo(409);
        assertThat(http().post(new As(tenant, "user:dev", "skills"), "/api/v1/skills/" + skillId + "/versions/1.0.0/review",
                "{\"decision\":\"approve\"}").status()).isEqualTo(403);

        Reply approved = http().post(As.admin(tenant), "/api/v1/skills/" + skillId + "/versions/1.0.0/review",
                "{\"decision\":\"approve\",\"note\":\"checked: the key is AWS's documented example\"}");
        assertThat(approved.status()).isEqualTo(200);
        assertThat(http().get(As.reader(other), "/api/v1/skills/" + skillId).body().get("latestVersion").asString()).isEqualTo("1.0.0");
    }

    @Test
    void aYankedVersionCannotBeInstalledAndTheLatestFallsBack() {
        As admin = As.admin(tenant);
        String skillId = http().publishYaml(admin, SkillHttp.manifest("weather", "1.0.0", "private", "Weather", "", "")).body().get("skillId").asString();
        http().publishYaml(admin, SkillHttp.manifest("weather", "1.1.0", "private", "Weather", "", ""));

        assertThat(http().post(admin, "/api/v1/skills/" + skillId + "/versions/1.1.0/yank", "{}").body().get("latestVersion").asString())
                .isEqualTo("1.0.0");
        Reply install = http().post(admin, "/api/v1/skills/" + skillId + "/versions/1.1.0/install", "{\"botId\":\"b\"}");
        assertThat(install.status()).isEqualTo(410);
        assertThat(http().post(admin, "/api/v1/skills/" + skillId + "/versions/1.0.0/install", "{\"botId\":\"b\"}").status()).isEqualTo(201);

        JsonNode deprecated = http().post(admin, "/api/v1/skills/" + skillId + "/deprecate", "{\"message\":\"use weather-pro\"}").body();
        assertThat(deprecated.get("deprecated").asBoolean()).isTrue();
        assertThat(deprecated.get("deprecationMessage").asString()).isEqualTo("use weather-pro");
    }

    @Test
    void editingTheDescriptionKeepsItsHistoryDownloadsAndRatings() {
        As admin = As.admin(tenant);
        String skillId = http().publishYaml(admin, SkillHttp.manifest("notes", "1.0.0", "private", "Takes notes", "memo", "")).body().get("skillId").asString();
        http().post(admin, "/api/v1/skills/" + skillId + "/versions/1.0.0/install", "{\"botId\":\"b\"}");

        JsonNode edited = http().patch(admin, "/api/v1/skills/" + skillId, "{\"description\":\"Takes and files notes\",\"tags\":[\"memo\",\"files\"]}").body();

        assertThat(edited.get("description").asString()).isEqualTo("Takes and files notes");
        assertThat(edited.get("downloads").asLong()).isEqualTo(1);
        assertThat(edited.get("installs").asLong()).isEqualTo(1);
        JsonNode history = http().get(admin, "/api/v1/skills/" + skillId + "/history").body();
        assertThat(history).hasSize(1);
        assertThat(history.get(0).get("previousDescription").asString()).isEqualTo("Takes notes");
        assertThat(history.get(0).get("previousTags").valueStream().map(JsonNode::asString)).containsExactly("memo");
        assertThat(http().get(admin, "/api/v1/skills?q=files").body().get("items").valueStream()
                .map(i -> i.get("skillId").asString())).containsExactly(skillId);
        Reply bad = http().patch(admin, "/api/v1/skills/" + skillId, "{\"description\":\"\",\"tags\":[\"ok\",\"-bad\"]}");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body().get("errors").valueStream().map(e -> e.get("field").asString())).containsExactly("description", "tags[1]");
    }

    @Test
    void theSchemaManifestsAreValidatedAgainstIsPublished() {
        Reply schema = http().get(As.reader(tenant), "/api/v1/skills/schema");
        assertThat(schema.status()).isEqualTo(200);
        assertThat(schema.body().get("$id").asString()).isEqualTo("https://bothub.io/schemas/skill-manifest/v1.json");
        assertThat(schema.body().get("required").valueStream().map(JsonNode::asString))
                .containsExactly("name", "description", "version", "content");
    }
}
