package io.bothub.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;

import io.bothub.events.tenant.TenantDeleted;
import io.bothub.testsupport.WithRealInfrastructure;

/** A deleted tenant's bots, buckets, errors and alerts are erased; another tenant's stay. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@WithRealInfrastructure
class TenantDeletionTest {

    @Autowired KafkaTemplate<String, Object> kafka;
    @Autowired JdbcClient jdbc;
    @LocalServerPort int port;

    @Test
    void aDeletedTenantsMetricsAreErased() {
        Tenant doomed = new Tenant(kafka, port);
        Tenant kept = new Tenant(kafka, port);
        for (Tenant tenant : new Tenant[] {doomed, kept}) {
            tenant.register("z1", "g", null, 5);
            tenant.command("z1", Instant.now().minusMillis(5), Instant.now(), false);
            tenant.status("z1", "registered", "offline");
        }
        for (Tenant tenant : new Tenant[] {doomed, kept}) {
            Tenant.await("ingested and alerted", () -> rows("bot_minute", tenant) > 0 && rows("bot_error", tenant) > 0
                    && rows("alert", tenant) > 0);
        }

        doomed.send(new TenantDeleted(doomed.id, "user:ann", Instant.now()));

        Tenant.await("erased", () -> rows("bot", doomed) == 0);
        for (String table : new String[] {"bot", "bot_minute", "bot_hour", "bot_error", "alert"}) {
            assertThat(rows(table, doomed)).as(table).isZero();
            assertThat(rows(table, kept)).as(table).isPositive();
        }
    }

    private long rows(String table, Tenant tenant) {
        return jdbc.sql("select count(*) from " + table + " where tenant_id = :t").param("t", tenant.id)
                .query(Long.class).single();
    }
}
