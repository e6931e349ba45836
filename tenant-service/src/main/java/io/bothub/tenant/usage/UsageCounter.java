package io.bothub.tenant.usage;

import java.sql.Date;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import io.bothub.events.BotHubEvent;
import io.bothub.events.EventEnvelope;
import io.bothub.events.Topics;
import io.bothub.events.bot.BotRegistered;
import io.bothub.events.command.CommandQueued;
import io.bothub.support.inbox.IdempotentConsumer;
import io.bothub.support.messaging.EventBatches;

/**
 * Counts per tenant and UTC day the bots registered and the commands queued, once per event (a redelivered event
 * is not counted twice). {@code GET /api/v1/tenants/me/usage} reads the counts; the quotas themselves are enforced
 * where the work is accepted (bot-service, command-service, the gateway).
 *
 * <p>A poll of events is counted in one transaction, one statement for the event ids and one for the counts: every
 * command queued passes through here, and a transaction per event (all on the same tenant's row) was most of this
 * service's and much of its database's work under command load. Its topics are batch topics (application.yml).
 */
@Component
class UsageCounter {

    static final String CONSUMER = "tenant-usage";

    private record Count(String tenantId, LocalDate day, String metric) {
    }

    private final IdempotentConsumer idempotent;
    private final JdbcClient jdbc;

    UsageCounter(IdempotentConsumer idempotent, JdbcClient jdbc) {
        this.idempotent = idempotent;
        this.jdbc = jdbc;
    }

    @KafkaListener(topics = {Topics.BOT_LIFECYCLE, Topics.COMMAND_QUEUED}, containerFactory = EventBatches.CONTAINER_FACTORY)
    void on(List<ConsumerRecord<String, EventEnvelope<BotHubEvent>>> records) {
        List<EventEnvelope<BotHubEvent>> usage = EventBatches.events(records).stream()
                .filter(event -> countOf(event) != null).toList();
        idempotent.applyAll(CONSUMER, usage, this::count);
    }

    /** What {@code event} counts towards; null when it is not usage. */
    private static @Nullable Count countOf(EventEnvelope<BotHubEvent> event) {
        return switch (event.data()) {
            case BotRegistered registered -> new Count(event.tenantId(), day(registered.registeredAt()), "bots_registered");
            case CommandQueued queued -> new Count(event.tenantId(), day(queued.queuedAt()), "commands_queued");
            default -> null;
        };
    }

    private void count(List<EventEnvelope<BotHubEvent>> events) {
        // In key order, so that two replicas counting overlapping tenants lock their rows in the same order.
        Map<Count, Long> counts = new TreeMap<>(Comparator.comparing(Count::tenantId).thenComparing(Count::day)
                .thenComparing(Count::metric));
        events.forEach(event -> counts.merge(Objects.requireNonNull(countOf(event)), 1L, Long::sum));
        jdbc.sql("""
                insert into tenant_usage (tenant_id, day, metric, count)
                select * from unnest(cast(:tenants as text[]), cast(:days as date[]), cast(:metrics as text[]),
                                     cast(:counts as bigint[]))
                on conflict (tenant_id, day, metric) do update set count = tenant_usage.count + excluded.count
                """)
                .param("tenants", counts.keySet().stream().map(Count::tenantId).toArray(String[]::new))
                .param("days", counts.keySet().stream().map(c -> Date.valueOf(c.day())).toArray(Date[]::new))
                .param("metrics", counts.keySet().stream().map(Count::metric).toArray(String[]::new))
                .param("counts", counts.values().toArray(Long[]::new))
                .update();
    }

    private static LocalDate day(Instant at) {
        return at.atZone(ZoneOffset.UTC).toLocalDate();
    }
}
