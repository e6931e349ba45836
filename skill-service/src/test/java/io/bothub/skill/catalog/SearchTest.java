package io.bothub.skill.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

import io.bothub.skill.MovableClock;
import io.bothub.skill.SkillHttp;
import io.bothub.skill.SkillHttp.As;
import io.bothub.skill.SkillHttp.Reply;
import io.bothub.testsupport.WithRealInfrastructure;

/** Discovery: full-text, tag, author and capability filters, sorting, paging, and which tenant sees what. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@WithRealInfrastructure
@Import(MovableClock.Config.class)
class SearchTest {

    @LocalServerPort int port;

    // A word no other test uses, so each search sees only this test's skills among the public ones of all tenants.
    private final String word = "zq" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    private final String tenant = "tenant-" + UUID.randomUUID();
    private final String other = "tenant-" + UUID.randomUUID();
    private SkillHttp http;
    private String routes;
    private String parcels;
    private String invoices;

    @BeforeEach
    void publish() {
        http = new SkillHttp(port);
        routes = publish(As.bot(tenant, "planner"), "routes-" + word, "public",
                "Plans delivery routes " + word + " across the city with live traffic", "logistics, maps", "route-planning");
        parcels = publish(As.bot(tenant, "courier"), "parcels-" + word, "public",
                "Tracks parcels; mentions routes once " + word, "logistics", "tracking");
        invoices = publish(As.admin(tenant), "invoices-" + word, "private",
                "Reads invoices " + word, "finance", "ocr");
    }

    @Test
    void textSearchRanksTheBestMatchFirst() {
        assertThat(ids(As.reader(tenant), "q=" + word + "+routes")).containsExactly(routes, parcels);
        assertThat(ids(As.reader(tenant), "q=" + word + "+traffic")).containsExactly(routes);
        // Stemmed: "route" finds "routes"; web-search syntax excludes a word.
        assertThat(ids(As.reader(tenant), "q=" + word + "+route+-parcels")).containsExactly(routes);
    }

    @Test
    void tagAuthorAndCapabilityFiltersNarrowTheResult() {
        assertThat(ids(As.reader(tenant), "q=" + word + "&tag=logistics")).containsExactlyInAnyOrder(routes, parcels);
        assertThat(ids(As.reader(tenant), "q=" + word + "&author=courier")).containsExactly(parcels);
        assertThat(ids(As.reader(tenant), "q=" + word + "&capability=route-planning")).containsExactly(routes);
        assertThat(ids(As.reader(tenant), "q=" + word + "&tag=finance")).containsExactly(invoices);
    }

    @Test
    void sortsByDownloadsRatingAndRecencyAndPages() {
        // parcels gets two installs, routes one.
        install(parcels, "b1");
        install(parcels, "b2");
        install(routes, "b3");
        assertThat(ids(As.reader(tenant), "q=" + word + "&tag=logistics&sort=downloads")).containsExactly(parcels, routes);
        assertThat(ids(As.reader(tenant), "q=" + word + "&tag=logistics&sort=recent")).containsExactly(parcels, routes);

        Reply first = http.get(As.reader(tenant), "/api/v1/skills?q=" + word + "&sort=downloads&size=2&page=0");
        assertThat(first.body().get("hasMore").asBoolean()).isTrue();
        Reply second = http.get(As.reader(tenant), "/api/v1/skills?q=" + word + "&sort=downloads&size=2&page=1");
        assertThat(second.body().get("hasMore").asBoolean()).isFalse();
        assertThat(second.body().get("items")).hasSize(1);

        Reply bad = http.get(As.reader(tenant), "/api/v1/skills?sort=popularity&size=500");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body().get("errors").valueStream().map(e -> e.get("field").asString())).containsExactly("sort", "size");
    }

    @Test
    void privateSkillsAreSeenOnlyByTheirTenantAndPublicOnesByAll() {
        assertThat(ids(As.reader(other), "q=" + word)).containsExactlyInAnyOrder(routes, parcels);
        assertThat(http.get(As.reader(other), "/api/v1/skills/" + invoices).status()).isEqualTo(404);
        assertThat(http.get(As.reader(other), "/api/v1/skills/" + invoices + "/versions/1.0.0/download").status()).isEqualTo(404);
        assertThat(http.post(As.admin(other), "/api/v1/skills/" + invoices + "/versions/1.0.0/install", "{\"botId\":\"b\"}").status())
                .isEqualTo(404);
        assertThat(http.put(As.admin(other), "/api/v1/skills/" + invoices + "/rating", "{\"stars\":1}").status()).isEqualTo(404);
        // Another tenant may use a public skill but never change it.
        assertThat(http.patch(As.admin(other), "/api/v1/skills/" + routes, "{\"description\":\"mine\"}").status()).isEqualTo(404);
        assertThat(http.post(As.admin(other), "/api/v1/skills/" + routes + "/versions/1.0.0/yank", "{}").status()).isEqualTo(404);
        assertThat(http.get(As.reader(other), "/api/v1/skills/" + routes).status()).isEqualTo(200);
        assertThat(http.post(As.admin(other), "/api/v1/skills/" + routes + "/versions/1.0.0/install", "{\"botId\":\"b\"}").status())
                .isEqualTo(201);
        // The same name is free in another tenant: names are unique per tenant.
        assertThat(http.publishYaml(As.admin(other), SkillHttp.manifest("invoices-" + word, "1.0.0", "private", "Theirs", "", ""))
                .status()).isEqualTo(201);
        assertThat(ids(As.reader(tenant), "q=" + word + "&tag=finance")).containsExactly(invoices);
    }

    @Test
    void readingNeedsAReadingScope() {
        assertThat(http.get(new As(tenant, "user:nobody", "chat"), "/api/v1/skills").status()).isEqualTo(403);
        assertThat(http.get(As.bot(tenant, "any"), "/api/v1/skills").status()).isEqualTo(200);
    }

    private void install(String skillId, String bot) {
        assertThat(http.post(As.admin(tenant), "/api/v1/skills/" + skillId + "/versions/1.0.0/install",
                "{\"botId\":\"" + bot + "\"}").status()).isEqualTo(201);
    }

    private String publish(As as, String name, String visibility, String description, String tags, String capabilities) {
        Reply reply = http.publishYaml(as, SkillHttp.manifest(name, "1.0.0", visibility, description, tags, capabilities));
        assertThat(reply.status()).as(reply.text()).isEqualTo(201);
        return reply.body().get("skillId").asString();
    }

    private List<String> ids(As as, String query) {
        Reply reply = http.get(as, "/api/v1/skills?" + query);
        assertThat(reply.status()).as(reply.text()).isEqualTo(200);
        return reply.body().get("items").valueStream().map(i -> i.get("skillId").asString()).toList();
    }
}
