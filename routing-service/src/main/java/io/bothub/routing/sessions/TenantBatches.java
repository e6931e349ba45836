package io.bothub.routing.sessions;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;

/**
 * Gathers a tenant's concurrent requests into batches: callers queue theirs, and one worker per tenant at a time takes
 * everything queued (up to {@link #MOST}) and handles it together, while the next callers queue for the batch after.
 * Nobody waits for a batch to fill: under light load a batch is one request, under heavy load it holds what arrived
 * while the one before was handled, so what a batch costs once (round trips, a commit) is shared by its requests.
 *
 * <p>A batch is handled in two steps: deciding, one batch at a time per tenant, then writing, which may overlap with
 * the deciding of the next batch (up to {@code writers} batches of a tenant decided and not yet written): a batch's
 * round trips to the database need not hold up the decisions after it.
 *
 * <p>A batch that fails, in either step, is handled again one request at a time, so a failure reaches only the
 * callers it belongs to. Either step must leave nothing behind when it throws.
 *
 * @param <T> a request
 * @param <R> its result
 */
final class TenantBatches<T, R> implements AutoCloseable {

    /** At most this many requests per batch: bounds a batch's statements and the wait of its last caller. */
    static final int MOST = 64;

    private record Queued<T, R>(T request, CompletableFuture<R> result) {
    }

    private static final class Lane<T, R> {
        final ConcurrentLinkedQueue<Queued<T, R>> queued = new ConcurrentLinkedQueue<>();
        final AtomicBoolean draining = new AtomicBoolean();
        /** Batches of the tenant decided and not yet written, at most {@code writers}. */
        final Semaphore writes;

        Lane(int writers) {
            this.writes = new Semaphore(writers);
        }
    }

    /** A decided batch: writing it gives one result per request, in order. */
    interface Decided<R> {
        List<R> write();
    }

    private final BiFunction<String, List<T>, Decided<R>> batch;
    private final BiFunction<String, T, R> single;
    private final Map<String, Lane<T, R>> lanes = new ConcurrentHashMap<>();
    private final ExecutorService workers;
    private final ExecutorService writing;
    private final int writers;
    private final AtomicInteger batches = new AtomicInteger();
    private final AtomicInteger requests = new AtomicInteger();

    /**
     * @param batch   decides a tenant's batch
     * @param single  handles one request alone, after its batch failed
     * @param writers batches of a tenant decided and not yet written, at most
     */
    TenantBatches(String name, BiFunction<String, List<T>, Decided<R>> batch, BiFunction<String, T, R> single,
            int writers) {
        this.batch = batch;
        this.single = single;
        // One thread per tenant being served, none when idle; daemon so that a stuck batch never holds up shutdown.
        this.workers = Executors.newCachedThreadPool(daemons(name));
        this.writing = Executors.newCachedThreadPool(daemons(name + "-writer"));
        this.writers = writers;
    }

    private static java.util.concurrent.ThreadFactory daemons(String name) {
        AtomicInteger threads = new AtomicInteger();
        return r -> {
            Thread thread = new Thread(r, name + "-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** Handles {@code request} in the tenant's next batch and returns its result; its exception if it failed. */
    R submit(String tenantId, T request) {
        Lane<T, R> lane = lanes.computeIfAbsent(tenantId, t -> new Lane<>(writers));
        CompletableFuture<R> result = new CompletableFuture<>();
        lane.queued.add(new Queued<>(request, result));
        if (lane.draining.compareAndSet(false, true)) {
            workers.execute(() -> drain(tenantId, lane));
        }
        try {
            return result.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            if (e.getCause() instanceof Error cause) {
                throw cause;
            }
            throw e;
        }
    }

    /** Requests of the tenant waiting for a batch now. */
    int queued(String tenantId) {
        Lane<T, R> lane = lanes.get(tenantId);
        return lane == null ? 0 : lane.queued.size();
    }

    /** Batches handled so far and the requests in them (for the mean batch size). */
    long[] handled() {
        return new long[] {batches.get(), requests.get()};
    }

    private void drain(String tenantId, Lane<T, R> lane) {
        while (true) {
            // Wait for a write to finish before taking the next batch: what arrives meanwhile joins that batch, so a
            // busy tenant gets fewer, larger batches rather than a growing line of small ones waiting to be written.
            lane.writes.acquireUninterruptibly();
            List<Queued<T, R>> taken = new ArrayList<>();
            for (Queued<T, R> next; taken.size() < MOST && (next = lane.queued.poll()) != null;) {
                taken.add(next);
            }
            if (taken.isEmpty()) {
                lane.writes.release();
                lane.draining.set(false);
                // A request queued after the poll and before the flag dropped found the lane draining: take it on.
                if (lane.queued.isEmpty() || !lane.draining.compareAndSet(false, true)) {
                    return;
                }
                continue;
            }
            handle(tenantId, lane, taken);
        }
    }

    private void handle(String tenantId, Lane<T, R> lane, List<Queued<T, R>> taken) {
        batches.incrementAndGet();
        requests.addAndGet(taken.size());
        Decided<R> decided;
        try {
            decided = batch.apply(tenantId, taken.stream().map(Queued::request).toList());
        } catch (RuntimeException | Error failed) {
            lane.writes.release();
            oneByOne(tenantId, taken);
            return;
        }
        writing.execute(() -> {
            List<R> results;
            try {
                results = decided.write();
            } catch (RuntimeException | Error failed) {
                lane.writes.release();
                oneByOne(tenantId, taken);
                return;
            }
            lane.writes.release();
            for (int i = 0; i < taken.size(); i++) {
                taken.get(i).result().complete(results.get(i));
            }
        });
    }

    private void oneByOne(String tenantId, List<Queued<T, R>> taken) {
        for (Queued<T, R> queued : taken) {
            try {
                queued.result().complete(single.apply(tenantId, queued.request()));
            } catch (RuntimeException | Error e) {
                queued.result().completeExceptionally(e);
            }
        }
    }

    @Override
    public void close() {
        workers.shutdown();
        writing.shutdown();
    }
}
