package io.bothub.metrics.ingest;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import io.bothub.events.BotHubEvent;
import io.bothub.events.EventEnvelope;
import io.bothub.events.bot.BotHeartbeat;
import io.bothub.events.bot.BotRegistered;
import io.bothub.events.bot.BotStatusChanged;
import io.bothub.events.bot.BotUpdated;

/**
 * Writes one Kafka batch in one transaction: the records not applied before (checked against the partition
 * offsets stored with the buckets, rows locked), their bucket counts as one upsert per table, the bots' latest
 * heartbeats as one upsert, their errors as one insert, and the new offsets. A batch redelivered after a crash or
 * a rebalance finds its offsets already stored and changes nothing.
 */
@Component
class BatchWriter {

    static final String CONSUMER = "ingest";
    private static final Logger log = LoggerFactory.getLogger(BatchWriter.class);
    private static final Timestamp EPOCH = Timestamp.from(Instant.EPOCH);

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;

    BatchWriter(JdbcClient jdbc, TransactionTemplate transactions) {
        this.jdbc = jdbc;
        this.transactions = transactions;
    }

    /** The tally of what was applied (empty when the whole batch had been applied before). */
    Tally write(List<ConsumerRecord<String, EventEnvelope<BotHubEvent>>> records) {
        Tally tally = transactions.execute(status -> writeInTransaction(records));
        return tally == null ? new Tally() : tally;
    }

    /** The next offset to read of each partition this consumer stored, for seeking on assignment. */
    Map<TopicPartition, Long> storedOffsets(Collection<TopicPartition> partitions) {
        Map<TopicPartition, Long> offsets = new HashMap<>();
        if (partitions.isEmpty()) {
            return offsets;
        }
        jdbc.sql("""
                select o.topic, o.partition, o.next_offset from consumed_offset o
                join unnest(cast(:topics as text[]), cast(:partitions as int[])) as p(topic, partition)
                  on p.topic = o.topic and p.partition = o.partition
                where o.consumer = :consumer
                """)
                .param("topics", partitions.stream().map(TopicPartition::topic).toArray(String[]::new))
                .param("partitions", partitions.stream().map(TopicPartition::partition).toArray(Integer[]::new))
                .param("consumer", CONSUMER)
                .query((rs, i) -> offsets.put(new TopicPartition(rs.getString(1), rs.getInt(2)), rs.getLong(3)))
                .list();
        return offsets;
    }

    private Tally writeInTransaction(List<ConsumerRecord<String, EventEnvelope<BotHubEvent>>> records) {
        // Safe without waiting for the WAL flush: the offsets commit with the buckets, so a commit lost in a crash
        // loses both, and the batch is simply read again from Kafka.
        jdbc.sql("set local synchronous_commit = off").update();
        // Highest offset per partition in this batch.
        TreeMap<String, Long> last = new TreeMap<>();
        for (ConsumerRecord<String, EventEnvelope<BotHubEvent>> record : records) {
            last.merge(record.topic() + "\u0000" + record.partition(), record.offset(), Math::max);
        }
        String[] topics = last.keySet().stream().map(k -> k.substring(0, k.indexOf('\u0000'))).toArray(String[]::new);
        Integer[] partitions = last.keySet().stream()
                .map(k -> Integer.parseInt(k.substring(k.indexOf('\u0000') + 1))).toArray(Integer[]::new);
        jdbc.sql("""
                insert into consumed_offset (consumer, topic, partition, next_offset)
                select :consumer, t, p, 0 from unnest(cast(:topics as text[]), cast(:partitions as int[])) as x(t, p)
                on conflict do nothing
                """).param("consumer", CONSUMER).param("topics", topics).param("partitions", partitions).update();
        Map<String, Long> stored = new HashMap<>();
        jdbc.sql("""
                select o.topic, o.partition, o.next_offset from consumed_offset o
                join unnest(cast(:topics as text[]), cast(:partitions as int[])) as p(topic, partition)
                  on p.topic = o.topic and p.partition = o.partition
                where o.consumer = :consumer
                order by o.topic, o.partition
                for update of o
                """).param("consumer", CONSUMER).param("topics", topics).param("partitions", partitions)
                .query((rs, i) -> stored.put(rs.getString(1) + "\u0000" + rs.getInt(2), rs.getLong(3))).list();

        Tally tally = new Tally();
        int skipped = 0;
        for (ConsumerRecord<String, EventEnvelope<BotHubEvent>> record : records) {
            if (record.offset() < stored.getOrDefault(record.topic() + "\u0000" + record.partition(), 0L)) {
                skipped++;
                continue;
            }
            if (record.value() == null) {
                // Not a readable event (the deserializer refused it): nothing to count; its offset still moves on.
                log.warn("skipping unreadable record {}-{}@{}", record.topic(), record.partition(), record.offset());
                continue;
            }
            tally.add(record.value());
        }
        if (skipped > 0) {
            log.info("skipped {} records applied before", skipped);
        }
        pairAnswers(tally);
        upsertBuckets("bot_minute", "minute", tally.minutes);
        upsertBuckets("bot_hour", "hour", tally.hours());
        upsertHeartbeats(tally.heartbeats);
        tally.lifecycle.forEach(this::applyLifecycle);
        insertErrors(tally.errors);
        upsertRatings(tally.ratings);

        jdbc.sql("""
                update consumed_offset o set next_offset = greatest(o.next_offset, p.next)
                from unnest(cast(:topics as text[]), cast(:partitions as int[]), cast(:next as bigint[])) as p(topic, partition, next)
                where o.consumer = :consumer and o.topic = p.topic and o.partition = p.partition
                """).param("consumer", CONSUMER).param("topics", topics).param("partitions", partitions)
                .param("next", last.values().stream().map(offset -> offset + 1).toArray(Long[]::new)).update();
        return tally;
    }

    /** Answers whose delivery came in an earlier batch take its time from command_in_flight; deliveries wait there. */
    private void pairAnswers(Tally tally) {
        List<Tally.Answer> lookups = new ArrayList<>(tally.answersToPair);
        lookups.addAll(tally.ended);
        if (!lookups.isEmpty()) {
            Map<String, Instant> sentAt = new HashMap<>();
            jdbc.sql("""
                    delete from command_in_flight f
                    using unnest(cast(:tenants as text[]), cast(:commands as text[])) as a(tenant, command)
                    where f.tenant_id = a.tenant and f.command_id = a.command
                    returning f.tenant_id, f.command_id, f.sent_at
                    """)
                    .param("tenants", lookups.stream().map(Tally.Answer::tenantId).toArray(String[]::new))
                    .param("commands", lookups.stream().map(Tally.Answer::commandId).toArray(String[]::new))
                    .query((rs, i) -> sentAt.put(rs.getString(1) + "\u0000" + rs.getString(2),
                            rs.getTimestamp(3).toInstant()))
                    .list();
            for (Tally.Answer answer : tally.answersToPair) {
                Instant sent = sentAt.get(answer.tenantId() + "\u0000" + answer.commandId());
                if (sent != null) {
                    tally.paired(answer, sent);
                }
            }
        }
        if (!tally.sent.isEmpty()) {
            List<Tally.Sent> sent = new ArrayList<>(tally.sent.values());
            jdbc.sql("""
                    insert into command_in_flight (tenant_id, command_id, bot_id, sent_at)
                    select t, c, b, to_timestamp(s / 1000.0)
                    from unnest(cast(:tenants as text[]), cast(:commands as text[]), cast(:bots as text[]),
                                cast(:sent as bigint[])) as x(t, c, b, s)
                    on conflict (tenant_id, command_id) do update set sent_at = excluded.sent_at
                    """)
                    .param("tenants", sent.stream().map(Tally.Sent::tenantId).toArray(String[]::new))
                    .param("commands", sent.stream().map(Tally.Sent::commandId).toArray(String[]::new))
                    .param("bots", sent.stream().map(Tally.Sent::botId).toArray(String[]::new))
                    .param("sent", sent.stream().map(s -> s.sentAt().toEpochMilli()).toArray(Long[]::new))
                    .update();
        }
    }

    private void upsertBuckets(String table, String bucketColumn, Map<BucketKey, Counts> buckets) {
        if (buckets.isEmpty()) {
            return;
        }
        int n = buckets.size();
        String[] tenants = new String[n];
        String[] bots = new String[n];
        Long[] keys = new Long[n];
        Long[][] columns = new Long[Counts.COLUMNS.length][n];
        int i = 0;
        for (Map.Entry<BucketKey, Counts> entry : sorted(buckets)) {
            tenants[i] = entry.getKey().tenantId();
            bots[i] = entry.getKey().botId();
            keys[i] = entry.getKey().bucket();
            for (int c = 0; c < Counts.COLUMNS.length; c++) {
                columns[c][i] = entry.getValue().values[c];
            }
            i++;
        }
        StringBuilder casts = new StringBuilder();
        StringBuilder names = new StringBuilder();
        StringBuilder sums = new StringBuilder();
        for (int c = 0; c < Counts.COLUMNS.length; c++) {
            String column = Counts.COLUMNS[c];
            casts.append(", cast(:c").append(c).append(" as bigint[])");
            names.append(", ").append(column);
            sums.append(c == 0 ? "" : ", ").append(column).append(" = ").append(table).append('.').append(column)
                    .append(" + excluded.").append(column);
        }
        var spec = jdbc.sql("insert into " + table + " (tenant_id, bot_id, " + bucketColumn + names + ") "
                        + "select * from unnest(cast(:tenants as text[]), cast(:bots as text[]), cast(:keys as bigint[])"
                        + casts + ") on conflict (tenant_id, bot_id, " + bucketColumn + ") do update set " + sums)
                .param("tenants", tenants).param("bots", bots).param("keys", keys);
        for (int c = 0; c < Counts.COLUMNS.length; c++) {
            spec = spec.param("c" + c, columns[c]);
        }
        spec.update();
    }

    private void upsertHeartbeats(Map<BucketKey, BotHeartbeat> heartbeats) {
        if (heartbeats.isEmpty()) {
            return;
        }
        List<Map.Entry<BucketKey, BotHeartbeat>> beats = sorted(heartbeats);
        jdbc.sql("""
                insert into bot (tenant_id, bot_id, name, updated_at, last_heartbeat_at, heartbeat_status, cpu_percent,
                                 memory_percent, current_load, active_sessions, active_tasks, version)
                select t, b, b, :epoch, to_timestamp(at / 1000.0), st, cpu, mem, ld, ses, tsk, ver
                from unnest(cast(:tenants as text[]), cast(:bots as text[]), cast(:at as bigint[]),
                            cast(:status as text[]), cast(:cpu as float8[]), cast(:mem as float8[]),
                            cast(:load as float8[]), cast(:sessions as int[]), cast(:tasks as int[]),
                            cast(:version as text[])) as h(t, b, at, st, cpu, mem, ld, ses, tsk, ver)
                on conflict (tenant_id, bot_id) do update set
                    last_heartbeat_at = excluded.last_heartbeat_at, heartbeat_status = excluded.heartbeat_status,
                    cpu_percent = excluded.cpu_percent, memory_percent = excluded.memory_percent,
                    current_load = excluded.current_load, active_sessions = excluded.active_sessions,
                    active_tasks = excluded.active_tasks, version = coalesce(excluded.version, bot.version)
                where bot.last_heartbeat_at is null or bot.last_heartbeat_at <= excluded.last_heartbeat_at
                """)
                .param("epoch", EPOCH)
                .param("tenants", beats.stream().map(e -> e.getKey().tenantId()).toArray(String[]::new))
                .param("bots", beats.stream().map(e -> e.getKey().botId()).toArray(String[]::new))
                .param("at", beats.stream().map(e -> e.getValue().receivedAt().toEpochMilli()).toArray(Long[]::new))
                .param("status", beats.stream().map(e -> e.getValue().status()).toArray(String[]::new))
                .param("cpu", beats.stream().map(e -> e.getValue().cpuPercent()).toArray(Double[]::new))
                .param("mem", beats.stream().map(e -> e.getValue().memoryPercent()).toArray(Double[]::new))
                .param("load", beats.stream().map(e -> e.getValue().currentLoad()).toArray(Double[]::new))
                .param("sessions", beats.stream().map(e -> e.getValue().activeSessions()).toArray(Integer[]::new))
                .param("tasks", beats.stream().map(e -> e.getValue().activeTasks()).toArray(Integer[]::new))
                .param("version", beats.stream().map(e -> e.getValue().version()).toArray(String[]::new))
                .update();
    }

    /** Lifecycle events are rare: one statement each, in the order they came. Older news never overwrites newer. */
    private void applyLifecycle(EventEnvelope<BotHubEvent> event) {
        String tenant = event.tenantId();
        switch (event.data()) {
            case BotRegistered bot -> jdbc.sql("""
                    insert into bot (tenant_id, bot_id, name, group_id, max_sessions, updated_at)
                    values (:tenant, :bot, :name, :group, :max, :at)
                    on conflict (tenant_id, bot_id) do update set name = excluded.name, group_id = excluded.group_id,
                        max_sessions = excluded.max_sessions, updated_at = excluded.updated_at
                    where bot.updated_at <= excluded.updated_at
                    """).param("tenant", tenant).param("bot", bot.botId()).param("name", bot.name())
                    .param("group", bot.groupId()).param("max", bot.maxConcurrentSessions())
                    .param("at", Timestamp.from(bot.registeredAt())).update();
            case BotUpdated bot -> jdbc.sql("""
                    insert into bot (tenant_id, bot_id, name, group_id, role_id, max_sessions, enabled, updated_at)
                    values (:tenant, :bot, :name, :group, :role, :max, :enabled, :at)
                    on conflict (tenant_id, bot_id) do update set name = excluded.name, group_id = excluded.group_id,
                        role_id = excluded.role_id, max_sessions = excluded.max_sessions, enabled = excluded.enabled,
                        updated_at = excluded.updated_at
                    where bot.updated_at <= excluded.updated_at
                    """).param("tenant", tenant).param("bot", bot.botId()).param("name", bot.name())
                    .param("group", bot.groupId()).param("role", bot.roleId()).param("max", bot.maxConcurrentSessions())
                    .param("enabled", bot.enabled()).param("at", Timestamp.from(bot.updatedAt())).update();
            case BotStatusChanged change -> jdbc.sql("""
                    insert into bot (tenant_id, bot_id, name, updated_at, status, status_changed_at)
                    values (:tenant, :bot, :bot, :epoch, :status, :at)
                    on conflict (tenant_id, bot_id) do update set status = excluded.status,
                        status_changed_at = excluded.status_changed_at
                    where bot.status_changed_at is null or bot.status_changed_at <= excluded.status_changed_at
                    """).param("tenant", tenant).param("bot", change.botId()).param("epoch", EPOCH)
                    .param("status", change.newStatus()).param("at", Timestamp.from(change.changedAt())).update();
            default -> {
            }
        }
    }

    private void insertErrors(List<Tally.ErrorEntry> errors) {
        if (errors.isEmpty()) {
            return;
        }
        jdbc.sql("""
                insert into bot_error (id, tenant_id, bot_id, error_type, error_code, message, request_id, command_id,
                                       session_id, occurred_at)
                select i, t, b, ty, co, m, r, c, s, to_timestamp(a / 1000.0)
                from unnest(cast(:ids as uuid[]), cast(:tenants as text[]), cast(:bots as text[]),
                            cast(:types as text[]), cast(:codes as text[]), cast(:messages as text[]),
                            cast(:requests as text[]), cast(:commands as text[]), cast(:sessions as text[]),
                            cast(:at as bigint[])) as x(i, t, b, ty, co, m, r, c, s, a)
                """)
                .param("ids", errors.stream().map(e -> e.id().toString()).toArray(String[]::new))
                .param("tenants", errors.stream().map(Tally.ErrorEntry::tenantId).toArray(String[]::new))
                .param("bots", errors.stream().map(Tally.ErrorEntry::botId).toArray(String[]::new))
                .param("types", errors.stream().map(Tally.ErrorEntry::type).toArray(String[]::new))
                .param("codes", errors.stream().map(Tally.ErrorEntry::code).toArray(String[]::new))
                .param("messages", errors.stream().map(Tally.ErrorEntry::message).toArray(String[]::new))
                .param("requests", errors.stream().map(Tally.ErrorEntry::requestId).toArray(String[]::new))
                .param("commands", errors.stream().map(Tally.ErrorEntry::commandId).toArray(String[]::new))
                .param("sessions", errors.stream().map(Tally.ErrorEntry::sessionId).toArray(String[]::new))
                .param("at", errors.stream().map(e -> e.occurredAt().toEpochMilli()).toArray(Long[]::new))
                .update();
    }

    private void upsertRatings(Map<BucketKey, long[]> ratings) {
        if (ratings.isEmpty()) {
            return;
        }
        List<Map.Entry<BucketKey, long[]>> rows = sorted(ratings);
        jdbc.sql("""
                insert into rating_hour (tenant_id, hour, ratings, stars_sum)
                select * from unnest(cast(:tenants as text[]), cast(:hours as bigint[]), cast(:counts as int[]),
                                     cast(:stars as bigint[]))
                on conflict (tenant_id, hour) do update set ratings = rating_hour.ratings + excluded.ratings,
                    stars_sum = rating_hour.stars_sum + excluded.stars_sum
                """)
                .param("tenants", rows.stream().map(e -> e.getKey().tenantId()).toArray(String[]::new))
                .param("hours", rows.stream().map(e -> e.getKey().bucket()).toArray(Long[]::new))
                .param("counts", rows.stream().map(e -> (int) e.getValue()[0]).toArray(Integer[]::new))
                .param("stars", rows.stream().map(e -> e.getValue()[1]).toArray(Long[]::new))
                .update();
    }

    /** Rows in one order for every batch, so that concurrent batches lock shared rows in the same order. */
    private static <V> List<Map.Entry<BucketKey, V>> sorted(Map<BucketKey, V> rows) {
        List<Map.Entry<BucketKey, V>> list = new ArrayList<>(rows.entrySet());
        list.sort(Map.Entry.comparingByKey());
        return list;
    }
}
