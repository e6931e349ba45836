package io.bothub.command.delivery;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import io.bothub.command.CommandSettings;
import io.bothub.command.queue.Command;
import io.bothub.command.queue.QueueSignal;
import io.bothub.command.queue.StateChanges;

/**
 * Runs on every replica: expires commands whose time ran out before they were sent, and takes back commands whose
 * dispatcher's lease lapsed (its replica died mid-delivery), so no command is stuck or lost. Rows are taken with
 * SKIP LOCKED and changed conditionally, so replicas sweeping at once do each thing once.
 */
@Component
class Sweeper implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(Sweeper.class);

    private record Row(UUID id, String tenantId, String botId) {
    }

    private final JdbcClient jdbc;
    private final StateChanges states;
    private final Claims claims;
    private final QueueSignal signal;
    private final TransactionTemplate transactions;
    private final CommandSettings settings;
    private volatile boolean running;
    private @Nullable Thread loop;

    Sweeper(JdbcClient jdbc, StateChanges states, Claims claims, QueueSignal signal, TransactionTemplate transactions,
            CommandSettings settings) {
        this.jdbc = jdbc;
        this.states = states;
        this.claims = claims;
        this.signal = signal;
        this.transactions = transactions;
        this.settings = settings;
    }

    /** One sweep; the number of commands expired or taken back. */
    int sweepOnce() {
        Integer changed = transactions.execute(tx -> {
            int count = 0;
            for (Row row : rows("status = 'queued' and expires_at <= now()")) {
                count += states.move(row.tenantId(), row.id(), Set.of(Command.QUEUED), Command.EXPIRED,
                        "expired-before-delivery", null, null).isPresent() ? 1 : 0;
            }
            for (Row row : rows("status = 'sending' and lease_until < now()")) {
                count += jdbc.sql("update command set status = 'queued', lease_owner = null, lease_until = null, "
                                + "updated_at = now() where id = :id and status = 'sending'")
                        .param("id", row.id()).update();
                claims.freeBot(row.tenantId(), row.botId(), row.id(), Instant.EPOCH);
            }
            // A bot marked in flight for a command that is no longer being sent (cancelled in the instant it was
            // taken, or taken back above on another replica) is freed once its mark lapses.
            jdbc.sql("""
                    update bot_endpoint b set in_flight_command = null, in_flight_until = null
                    where b.in_flight_command is not null and b.in_flight_until < now()
                      and not exists (select 1 from command c where c.id = b.in_flight_command and c.status = 'sending')
                    """).update();
            return count;
        });
        if (changed != null && changed > 0) {
            signal.wake();
        }
        return changed == null ? 0 : changed;
    }

    private List<Row> rows(String condition) {
        return jdbc.sql("select id, tenant_id, bot_id from command where " + condition
                        + " order by id limit 500 for update skip locked")
                .query((rs, i) -> new Row(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3))).list();
    }

    @Override
    public void start() {
        running = true;
        loop = Thread.ofVirtual().name("command-sweeper").start(() -> {
            while (running) {
                try {
                    sweepOnce();
                } catch (RuntimeException e) {
                    log.warn("sweep failed; trying again: {}", e.toString());
                }
                try {
                    Thread.sleep(settings.sweepInterval());
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
    }

    @Override
    public void stop() {
        running = false;
        Thread thread = loop;
        if (thread != null) {
            thread.interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
