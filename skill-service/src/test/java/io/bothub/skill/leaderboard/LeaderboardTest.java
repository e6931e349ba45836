package io.bothub.skill.leaderboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

import io.bothub.skill.MovableClock;
import io.bothub.skill.SkillHttp;
import io.bothub.skill.SkillHttp.As;
import io.bothub.skill.SkillHttp.Reply;
import io.bothub.testsupport.WithRealInfrastructure;
import tools.jackson.databind.JsonNode;

/**
 * Leaderboards count what happened within their period, not all time; leave flagged records out; and show a tenant
 * the public skills and its own private ones only.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@WithRealInfrastructure
@Import(MovableClock.Config.class)
class LeaderboardTest {

    @LocalServerPort int port;
    @Autowired MovableClock clock;
    @Autowired Leaderboards leaderboards;

    private final String tenant = "tenant-" + UUID.randomUUID();
    private SkillHttp http;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void eachPeriodCountsOnlyItsOwnDaysAndEachMetricRanksByIt() throws Exception {
        http = new SkillHttp(port);
        String a = publish("alpha");
        String b = publish("beta");
        String c = publish("gamma");

        clock.shift(Duration.ofDays(-40));
        installs(a, "a", 5);
        clock.shift(Duration.ofDays(2));
        rate(a, "a0", 4);                      // 38 days ago: in "all" only
        clock.reset();
        clock.shift(Duration.ofDays(-3));
        installs(b, "b", 3);
        clock.reset();
        rate(b, "b0", 5);                      // today, by a rater seen three days ago
        installs(c, "c", 2);
        rate(c, "c0", 1);                      // today, by a brand-new rater: flagged, ranks nowhere
        installs(a, "a-late", 1);
        refresh();

        assertThat(board("day", "downloads")).containsExactly(Map.entry(c, 2.0), Map.entry(a, 1.0));
        assertThat(board("week", "downloads")).containsExactly(Map.entry(b, 3.0), Map.entry(c, 2.0), Map.entry(a, 1.0));
        assertThat(board("month", "installs")).containsExactly(Map.entry(b, 3.0), Map.entry(c, 2.0), Map.entry(a, 1.0));
        assertThat(board("all", "downloads")).containsExactly(Map.entry(a, 6.0), Map.entry(b, 3.0), Map.entry(c, 2.0));
        assertThat(board("month", "rating")).containsExactly(Map.entry(b, 5.0));
        assertThat(board("all", "rating")).containsExactly(Map.entry(b, 5.0), Map.entry(a, 4.0));

        JsonNode week = http.get(As.reader(tenant), "/api/v1/skills/leaderboard?period=week&metric=downloads&top=100").body();
        assertThat(week.get("period").asString()).isEqualTo("week");
        assertThat(week.get("computedAt").isNull()).isFalse();
        JsonNode first = week.get("items").valueStream().filter(i -> i.get("skillId").asString().equals(b)).findFirst().orElseThrow();
        assertThat(first.get("name").asString()).startsWith("beta-");
        assertThat(first.get("downloads").asLong()).isEqualTo(3);
        assertThat(first.get("rating").asDouble()).isEqualTo(5.0);
    }

    @Test
    void anotherTenantsPrivateSkillsNeverAppear() throws Exception {
        http = new SkillHttp(port);
        String mine = publish("mine");
        String theirsTenant = "tenant-" + UUID.randomUUID();
        Reply theirs = http.publishYaml(As.admin(theirsTenant), SkillHttp.manifest("theirs-" + UUID.randomUUID().toString().substring(0, 8),
                "1.0.0", "private", "Theirs", "", ""));
        String theirsId = theirs.body().get("skillId").asString();
        installs(mine, "m", 1);
        assertThat(http.post(As.admin(theirsTenant), "/api/v1/skills/" + theirsId + "/versions/1.0.0/install",
                "{\"botId\":\"t\"}").status()).isEqualTo(201);
        refresh();

        assertThat(ids(As.reader(tenant))).contains(mine).doesNotContain(theirsId);
        assertThat(ids(As.reader(theirsTenant))).contains(theirsId).doesNotContain(mine);
    }

    @Test
    void aBoardKeptInMemoryIsDroppedByARefreshSoTheNewFiguresShowAtOnce() throws Exception {
        http = new SkillHttp(port);
        String skill = publish("kept");
        installs(skill, "k", 1);
        refresh();
        assertThat(board("all", "installs")).containsEntry(skill, 1.0);

        installs(skill, "k-more", 2);
        // Not recomputed yet: the board still says what the last refresh found.
        assertThat(board("all", "installs")).containsEntry(skill, 1.0);
        refresh();
        assertThat(board("all", "installs")).containsEntry(skill, 3.0);
    }

    @Test
    void badParametersAreNamed() {
        http = new SkillHttp(port);
        Reply reply = http.get(As.reader(tenant), "/api/v1/skills/leaderboard?period=year&metric=stars&top=0");
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.body().get("errors").valueStream().map(e -> e.get("field").asString()))
                .containsExactly("period", "metric", "top");
    }

    private String publish(String prefix) {
        Reply reply = http.publishYaml(As.admin(tenant), SkillHttp.manifest(prefix + "-" + UUID.randomUUID().toString().substring(0, 8),
                "1.0.0", "private", "Ranked", "", ""));
        assertThat(reply.status()).as(reply.text()).isEqualTo(201);
        return reply.body().get("skillId").asString();
    }

    private void installs(String skillId, String botPrefix, int count) {
        for (int i = 0; i < count; i++) {
            Reply reply = http.post(As.bot(tenant, botPrefix + i), "/api/v1/skills/" + skillId + "/versions/1.0.0/install", "");
            assertThat(reply.status()).as(reply.text()).isEqualTo(201);
        }
    }

    private void rate(String skillId, String bot, int stars) {
        Reply reply = http.put(As.bot(tenant, bot), "/api/v1/skills/" + skillId + "/rating", "{\"stars\":" + stars + "}");
        assertThat(reply.status()).as(reply.text()).isEqualTo(200);
    }

    /** Refreshes with the clock as it is now (waiting out a scheduled refresh holding the lock). */
    private void refresh() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!leaderboards.refresh()) {
            assertThat(System.nanoTime()).isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    /** This tenant's skills on the board (public skills of other tests may be there too), in order, with their values. */
    private Map<String, Double> board(String period, String metric) {
        Reply reply = http.get(As.reader(tenant), "/api/v1/skills/leaderboard?period=" + period + "&metric=" + metric + "&top=100");
        assertThat(reply.status()).as(reply.text()).isEqualTo(200);
        Map<String, Double> mine = new LinkedHashMap<>();
        reply.body().get("items").valueStream().filter(i -> i.get("visibility").asString().equals("private"))
                .forEach(i -> mine.put(i.get("skillId").asString(), i.get("value").asDouble()));
        return mine;
    }

    private List<String> ids(As as) {
        return http.get(as, "/api/v1/skills/leaderboard?period=all&metric=downloads&top=100").body().get("items")
                .valueStream().map(i -> i.get("skillId").asString()).toList();
    }
}
