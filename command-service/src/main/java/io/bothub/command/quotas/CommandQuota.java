package io.bothub.command.quotas;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import io.bothub.events.BotHubEvent;
import io.bothub.events.EventEnvelope;
import io.bothub.events.Topics;
import io.bothub.events.tenant.TenantConfigured;
import io.bothub.support.redis.RedisSettings;
import io.bothub.support.web.ProblemException;

/**
 * How many commands each tenant may queue per UTC day. The quota comes from tenant-service's
 * {@link TenantConfigured} (the latest by time wins); the day's count is a Redis counter shared by every replica,
 * taken atomically before the commands are stored and given back if their transaction does not commit.
 */
@Component
public class CommandQuota {

    // KEYS[1]: the tenant's counter for the day. ARGV: commands wanted, quota, seconds to keep the counter.
    private static final String TAKE = """
            local n = redis.call('INCRBY', KEYS[1], ARGV[1])
            if n == tonumber(ARGV[1]) then redis.call('EXPIRE', KEYS[1], ARGV[3]) end
            if n > tonumber(ARGV[2]) then
              redis.call('DECRBY', KEYS[1], ARGV[1])
              return -1
            end
            return n
            """;

    private final JdbcClient jdbc;
    private final RedissonClient redis;
    private final RedisSettings settings;
    private final Clock clock;

    CommandQuota(JdbcClient jdbc, RedissonClient redis, RedisSettings settings, Clock clock) {
        this.jdbc = jdbc;
        this.redis = redis;
        this.settings = settings;
        this.clock = clock;
    }

    @KafkaListener(topics = Topics.TENANT_LIFECYCLE, id = "command-service-tenant-quotas")
    void on(EventEnvelope<BotHubEvent> event) {
        if (event.data() instanceof TenantConfigured configured) {
            jdbc.sql("""
                    insert into tenant_quota (tenant_id, status, commands_per_day, changed_at)
                    values (:tenant, :status, :max, :at)
                    on conflict (tenant_id) do update set status = excluded.status,
                        commands_per_day = excluded.commands_per_day, changed_at = excluded.changed_at
                    where tenant_quota.changed_at <= excluded.changed_at
                    """)
                    .param("tenant", configured.tenantId()).param("status", configured.status())
                    .param("max", configured.commandsPerDay()).param("at", Timestamp.from(configured.changedAt()))
                    .update();
        }
    }

    /**
     * Takes {@code count} commands from the tenant's quota for today, or refuses the whole request with 429
     * {@code quota-exceeded} and a Retry-After until the next UTC day. Call inside the transaction that stores the
     * commands: a rollback gives the count back.
     */
    public void take(String tenantId, int count) {
        Integer quota = jdbc.sql("select commands_per_day from tenant_quota where tenant_id = :tenant")
                .param("tenant", tenantId).query(Integer.class).optional().orElse(null);
        if (quota == null) {
            return;
        }
        Instant now = clock.instant();
        LocalDate today = now.atZone(ZoneOffset.UTC).toLocalDate();
        String key = settings.key("command:quota:" + tenantId + ":" + today);
        long taken = redis.getScript(StringCodec.INSTANCE).eval(RScript.Mode.READ_WRITE, TAKE, RScript.ReturnType.LONG,
                List.of(key), Integer.toString(count), Integer.toString(quota), Long.toString(Duration.ofDays(2).toSeconds()));
        if (taken < 0) {
            long untilTomorrow = Duration.between(now, today.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant()).toSeconds() + 1;
            ProblemException refusal = new ProblemException(HttpStatus.TOO_MANY_REQUESTS, "quota-exceeded", "Quota exceeded",
                    "this tenant may queue " + quota + " commands a day (UTC) and this request would go over it");
            refusal.getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(untilTomorrow));
            throw refusal;
        }
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    if (status != STATUS_COMMITTED) {
                        redis.getAtomicLong(key).addAndGet(-count);
                    }
                }
            });
        }
    }
}
