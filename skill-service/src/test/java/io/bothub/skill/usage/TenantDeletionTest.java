package io.bothub.skill.usage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import io.bothub.skill.MovableClock;
import io.bothub.skill.SkillHttp;
import io.bothub.skill.SkillHttp.As;
import io.bothub.support.inbox.TenantDataDeletion;
import io.bothub.testsupport.WithRealInfrastructure;

/** A deleted tenant's skills go, with what other tenants recorded about them; its records of others' skills go too. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@WithRealInfrastructure
@Import(MovableClock.Config.class)
class TenantDeletionTest {

    @LocalServerPort int port;
    @Autowired TenantDataDeletion deletion;
    @Autowired TransactionTemplate transactions;
    @Autowired JdbcClient jdbc;

    @Test
    void deletingATenantRemovesItsSkillsAndItsRecordsButNotOtherTenantsSkills() {
        SkillHttp http = new SkillHttp(port);
        String gone = "tenant-" + UUID.randomUUID();
        String stays = "tenant-" + UUID.randomUUID();
        String goneSkill = http.publishYaml(As.admin(gone), SkillHttp.manifest("leaving", "1.0.0", "public", "Leaves", "", "x"))
                .body().get("skillId").asString();
        String staysSkill = http.publishYaml(As.admin(stays), SkillHttp.manifest("staying", "1.0.0", "public", "Stays", "", "y"))
                .body().get("skillId").asString();
        http.post(As.bot(stays, "b"), "/api/v1/skills/" + goneSkill + "/versions/1.0.0/install", "");
        http.post(As.bot(gone, "b"), "/api/v1/skills/" + staysSkill + "/versions/1.0.0/install", "");

        transactions.executeWithoutResult(status -> deletion.erase(gone));

        assertThat(count("select count(*) from skill where skill_id = '" + goneSkill + "'")).isZero();
        assertThat(count("select count(*) from skill_install where skill_id = '" + goneSkill + "'")).isZero();
        assertThat(count("select count(*) from skill_install where tenant_id = '" + gone + "'")).isZero();
        assertThat(count("select count(*) from skill where skill_id = '" + staysSkill + "'")).isEqualTo(1);
        assertThat(http.get(As.reader(stays), "/api/v1/skills/" + goneSkill).status()).isEqualTo(404);
    }

    private long count(String sql) {
        return jdbc.sql(sql).query(Long.class).single();
    }
}
