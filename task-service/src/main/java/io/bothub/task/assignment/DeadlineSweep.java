package io.bothub.task.assignment;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import io.bothub.task.TaskSettings;
import io.bothub.task.tasks.Task;
import io.bothub.task.tasks.Transitions;

/**
 * The deadline policy: a task not finished by its deadline fails with reason {@code deadline-passed}, whatever
 * state it waited in (approval, a bot, or the bot's result); it is not reassigned. Every replica sweeps; rows are
 * taken with SKIP LOCKED and changed conditionally, so each task is failed exactly once.
 */
@Component
class DeadlineSweep implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(DeadlineSweep.class);

    private record Row(UUID id, String tenantId) {
    }

    private final JdbcClient jdbc;
    private final Transitions transitions;
    private final TransactionTemplate transactions;
    private final TaskSettings settings;
    private volatile boolean running;
    // Waited on between sweeps and released by stop(): interrupting the loop instead could cut a sweep's
    // database call in half.
    private volatile CountDownLatch stopping = new CountDownLatch(1);

    DeadlineSweep(JdbcClient jdbc, Transitions transitions, TransactionTemplate transactions, TaskSettings settings) {
        this.jdbc = jdbc;
        this.transitions = transitions;
        this.transactions = transactions;
        this.settings = settings;
    }

    /** One sweep; the number of tasks failed. */
    int sweepOnce() {
        Integer failed = transactions.execute(tx -> {
            List<Row> due = jdbc.sql("""
                    select id, tenant_id from task
                    where deadline <= now() and status in ('pending_approval', 'pending', 'assigned', 'running')
                    order by deadline limit :limit
                    for update skip locked
                    """)
                    .param("limit", settings.sweepBatch())
                    .query((rs, i) -> new Row(rs.getObject(1, UUID.class), rs.getString(2))).list();
            int count = 0;
            for (Row row : due) {
                count += transitions.move(row.tenantId(), row.id(), Task.OPEN,
                        Transitions.Change.to(Task.FAILED, "deadline-passed", "system").failing("deadline-passed"))
                        .isPresent() ? 1 : 0;
            }
            return count;
        });
        return failed == null ? 0 : failed;
    }

    @Override
    public void start() {
        running = true;
        CountDownLatch stopped = new CountDownLatch(1);
        stopping = stopped;
        Thread.ofVirtual().name("task-deadline-sweep").start(() -> {
            while (running) {
                try {
                    sweepOnce();
                } catch (RuntimeException e) {
                    log.warn("deadline sweep failed; trying again: {}", e.toString());
                }
                try {
                    if (stopped.await(settings.sweepInterval().toMillis(), TimeUnit.MILLISECONDS)) {
                        return;
                    }
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
    }

    @Override
    public void stop() {
        running = false;
        stopping.countDown();
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
