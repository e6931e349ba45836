package io.bothub.task.policy;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import io.bothub.support.web.FieldProblem;
import io.bothub.support.web.ProblemException;
import io.bothub.task.Priorities;

/**
 * A tenant's approval rule: tasks of priority {@code approvalFrom} or higher wait for approval by a person with the
 * {@code tasks} or {@code admin} scope ({@code low}: every task); null means none do, which is also the default.
 */
@Component
public class ApprovalPolicy {

    /** The policy as the API shows it. */
    public record Policy(@Nullable String approvalFrom, @Nullable String updatedBy, @Nullable Instant updatedAt) {
    }

    private final JdbcClient jdbc;
    private final Clock clock;

    ApprovalPolicy(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    public Policy of(String tenantId) {
        return jdbc.sql("select approval_from, updated_by, updated_at from task_policy where tenant_id = :tenant")
                .param("tenant", tenantId)
                .query((rs, i) -> new Policy(rs.getString(1), rs.getString(2), rs.getTimestamp(3).toInstant()))
                .optional().orElse(new Policy(null, null, null));
    }

    /** Whether a task of {@code priority} needs approval under the tenant's policy. */
    public boolean needsApproval(String tenantId, String priority) {
        String from = of(tenantId).approvalFrom();
        return from != null && Priorities.rank(priority) >= Priorities.rank(from);
    }

    @Transactional
    public Policy set(String tenantId, @Nullable String approvalFrom, String by) {
        if (approvalFrom != null && !Priorities.ALL.contains(approvalFrom)) {
            throw ProblemException.invalid(List.of(new FieldProblem("approvalFrom",
                    "must be one of " + String.join(", ", Priorities.ALL) + ", or null for no approval")));
        }
        Instant now = clock.instant();
        jdbc.sql("""
                insert into task_policy (tenant_id, approval_from, updated_by, updated_at) values (:tenant, :from, :by, :at)
                on conflict (tenant_id) do update set approval_from = excluded.approval_from,
                    updated_by = excluded.updated_by, updated_at = excluded.updated_at
                """)
                .param("tenant", tenantId).param("from", approvalFrom).param("by", by).param("at", Timestamp.from(now))
                .update();
        return new Policy(approvalFrom, by, now);
    }
}
