package io.bothub.command;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.springframework.context.SmartLifecycle;

/**
 * Virtual threads that write, as one batch, whatever was handed in while they wrote the previous batches: under
 * load the batches grow by themselves, and a quiet moment costs a batch of one. On stop they write what was handed
 * in before they end, so nothing handed in is left behind.
 *
 * <p>With more than one loop, batches are written side by side (each loop drains what is pending when it is free):
 * while one batch's transaction waits on the database, the next is written, so the rate is not capped at one batch
 * per transaction time. A subclass with several loops must tolerate its batches being written in any order.
 *
 * @param <T> what is handed in
 */
public abstract class BatchingLoop<T> implements SmartLifecycle {

    private final String threadName;
    private final int maxBatch;
    private final Duration stopWait;
    private final int loops;
    private final LinkedBlockingQueue<T> pending = new LinkedBlockingQueue<>();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running;

    protected BatchingLoop(String threadName, int maxBatch, Duration stopWait) {
        this(threadName, maxBatch, stopWait, 1);
    }

    protected BatchingLoop(String threadName, int maxBatch, Duration stopWait, int loops) {
        this.threadName = threadName;
        this.maxBatch = maxBatch;
        this.stopWait = stopWait;
        this.loops = loops;
    }

    /** Writes one batch; what it returns is what {@link #writeOnce} reports. */
    protected abstract int write(List<T> batch);

    protected void handIn(T item) {
        pending.add(item);
    }

    /** Takes {@code item} back if no batch took it yet; true if it was taken back. */
    protected boolean takeBack(T item) {
        return pending.remove(item);
    }

    /** Writes what is pending now, waiting briefly for a first item; 0 when there was none. */
    public int writeOnce() throws InterruptedException {
        T first = pending.poll(100, TimeUnit.MILLISECONDS);
        if (first == null) {
            return 0;
        }
        List<T> batch = new ArrayList<>();
        batch.add(first);
        pending.drainTo(batch, maxBatch - 1);
        return write(batch);
    }

    @Override
    public void start() {
        running = true;
        for (int i = 0; i < loops; i++) {
            threads.add(Thread.ofVirtual().name(loops == 1 ? threadName : threadName + "-" + (i + 1)).start(() -> {
                while (running || !pending.isEmpty()) {
                    try {
                        writeOnce();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }));
        }
    }

    @Override
    public void stop() {
        running = false;
        long deadline = System.nanoTime() + stopWait.toNanos();
        for (Thread thread : threads) {
            try {
                thread.join(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        threads.clear();
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
