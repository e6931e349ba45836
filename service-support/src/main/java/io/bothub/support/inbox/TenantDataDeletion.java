package io.bothub.support.inbox;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.annotation.KafkaListener;

import io.bothub.events.BotHubEvent;
import io.bothub.events.EventEnvelope;
import io.bothub.events.Topics;
import io.bothub.events.tenant.TenantDeleted;

/**
 * Every service removes a deleted tenant's data when tenant-service announces the deletion: the rows of every
 * table of the service's schema that has a {@code tenant_id} column, children before the parents they reference,
 * in one transaction, once per event. A table added later is covered without anyone remembering to list it.
 */
public class TenantDataDeletion {

    static final String CONSUMER = "tenant-data-deletion";
    private static final Logger log = LoggerFactory.getLogger(TenantDataDeletion.class);

    /** Published in the service after a tenant's rows are gone, for caches that hold some of them. */
    public record TenantErased(String tenantId) {
    }

    private final IdempotentConsumer idempotent;
    private final JdbcClient jdbc;
    private final ApplicationEventPublisher events;

    public TenantDataDeletion(IdempotentConsumer idempotent, JdbcClient jdbc, ApplicationEventPublisher events) {
        this.idempotent = idempotent;
        this.jdbc = jdbc;
        this.events = events;
    }

    @KafkaListener(topics = Topics.TENANT_LIFECYCLE)
    public void on(EventEnvelope<BotHubEvent> event) {
        if (event.data() instanceof TenantDeleted deleted) {
            idempotent.apply(CONSUMER, event, e -> erase(deleted.tenantId()));
            events.publishEvent(new TenantErased(deleted.tenantId()));
        }
    }

    /** Deletes every row of {@code tenantId}; the number of rows deleted. Needs a transaction. */
    public int erase(String tenantId) {
        int rows = 0;
        for (String table : tablesInDeletionOrder()) {
            rows += jdbc.sql("delete from " + table + " where tenant_id = :tenant").param("tenant", tenantId).update();
        }
        log.info("deleted {} rows of tenant {}", rows, tenantId);
        return rows;
    }

    /** Tables with a tenant_id column, each after every table that references it. */
    List<String> tablesInDeletionOrder() {
        List<String> tables = jdbc.sql("""
                select c.table_name from information_schema.columns c
                join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
                where c.table_schema = current_schema() and c.column_name = 'tenant_id' and t.table_type = 'BASE TABLE'
                order by c.table_name
                """).query(String.class).list();
        // referencing table → tables it references
        Map<String, Set<String>> references = new HashMap<>();
        jdbc.sql("""
                select child.relname, parent.relname from pg_constraint k
                join pg_class child on child.oid = k.conrelid
                join pg_class parent on parent.oid = k.confrelid
                join pg_namespace n on n.oid = child.relnamespace
                where k.contype = 'f' and n.nspname = current_schema()
                """).query((rs, i) -> references.computeIfAbsent(rs.getString(1), t -> new HashSet<>()).add(rs.getString(2)))
                .list();
        // Repeatedly take the tables no remaining table references.
        LinkedHashSet<String> remaining = new LinkedHashSet<>(tables);
        List<String> ordered = new ArrayList<>();
        while (!remaining.isEmpty()) {
            String next = remaining.stream()
                    .filter(t -> remaining.stream().noneMatch(other -> !other.equals(t)
                            && references.getOrDefault(other, Set.of()).contains(t)))
                    .findFirst().orElseThrow(() -> new IllegalStateException("foreign keys form a cycle among " + remaining));
            ordered.add(next);
            remaining.remove(next);
        }
        return ordered;
    }
}
