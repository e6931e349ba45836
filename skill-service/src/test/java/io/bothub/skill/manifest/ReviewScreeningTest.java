package io.bothub.skill.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.bothub.skill.SkillSettings;

class ReviewScreeningTest {

    private final ManifestSchema schema = new ManifestSchema();
    private final ReviewScreening screening = new ReviewScreening(new SkillSettings(
            new SkillSettings.Trust(Duration.ofHours(1), 20, Duration.ofHours(24)),
            new SkillSettings.Review(List.of("shell.exec", "filesystem.write")),
            new SkillSettings.Leaderboard(Duration.ofSeconds(30), 100, 1)));

    @Test
    void anOrdinaryManifestNeedsNoReview() {
        assertThat(screening.reasons(read("permissions: [http.fetch]\ncontent:\n  prompt: Use ${API_KEY} from the vault\n  api_key: ${API_KEY}\n")))
                .isEmpty();
    }

    @Test
    void aDangerousPermissionHoldsTheManifest() {
        assertThat(screening.reasons(read("permissions: [http.fetch, shell.exec]\ncontent: {prompt: hi}\n")))
                .containsExactly("permissions: 'shell.exec' is a dangerous permission");
    }

    @Test
    void secretsAreFoundWhereverTheyAreAndNotRepeatedInTheReason() {
        List<String> reasons = screening.reasons(read("""
                content:
                  env:
                    aws: AKIAIOSFODNN7EXAMPLE
                  password: hunter2hunter2
                  script: |
                    curl -H 'token: abcdefgh12345678' https://api.example
                """));
        assertThat(reasons).containsExactlyInAnyOrder(
                "content.env.aws: holds what looks like an AWS access key",
                "content.password: holds what looks like a secret (a literal value under a secret's name)",
                "content.script: holds what looks like a secret ('token' set to a literal value)");
        assertThat(String.join(" ", reasons)).doesNotContain("AKIAIOSFODNN7EXAMPLE", "hunter2", "abcdefgh12345678");
    }

    @Test
    void semanticVersionsOrderAsSemverSays() {
        List<String> sorted = List.of("1.0.0", "1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-beta", "1.0.0-alpha.beta", "0.9.9",
                "1.0.0-beta.11", "1.0.0-beta.2", "1.0.0-rc.1", "2.0.0", "1.10.0", "1.2.0").stream()
                .map(SemanticVersion::parse).sorted().map(SemanticVersion::text).toList();
        assertThat(sorted).containsExactly("0.9.9", "1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta",
                "1.0.0-beta.2", "1.0.0-beta.11", "1.0.0-rc.1", "1.0.0", "1.2.0", "1.10.0", "2.0.0");
    }

    private Manifest read(String rest) {
        return schema.read("name: s\nversion: 1.0.0\ndescription: d\n" + rest, "application/yaml");
    }
}
