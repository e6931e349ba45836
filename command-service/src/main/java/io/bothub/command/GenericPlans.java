package io.bothub.command;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The statements on the path of every command (taking, recording, storing) pass arrays whose length changes from
 * call to call. PostgreSQL then prefers to plan them anew for every call, and planning the dispatcher's statement
 * cost more than running it (about 2 ms of 4, 10,000 times in one benchmark). Their plan does not depend on the
 * values (key lookups, driven by the arrays), so the plan made once per connection serves every call.
 */
public final class GenericPlans {

    private GenericPlans() {
    }

    /** For the rest of the current transaction, runs prepared statements with their generic plan. */
    public static void forThisTransaction(JdbcClient jdbc) {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalStateException("generic plans are set for a transaction; none is active");
        }
        jdbc.sql("set local plan_cache_mode = force_generic_plan").update();
    }
}
