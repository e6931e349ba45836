package io.bothub.command;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.springframework.context.SmartLifecycle;

/**
 * One virtual thread that writes, as one batch, whatever was handed in while it wrote the previous batch: under
 * load the batches grow by themselves, and a quiet moment costs a batch of one. On stop it writes what was handed
 * in before it ends, so nothing handed in is left behind.
 *
 * @param <T> what is handed in
 */
public abstract class BatchingLoop<T> implements SmartLifecycle {

    private final String threadName;
    private final int maxBatch;
    private final Duration stopWait;
    private final LinkedBlockingQueue<T> pending = new LinkedBlockingQueue<>();
    private volatile boolean running;
    private @Nullable Thread loop;

    protected BatchingLoop(String threadName, int maxBatch, Duration stopWait) {
        this.threadName = threadName;
        this.maxBatch = maxBatch;
        this.stopWait = stopWait;
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
        loop = Thread.ofVirtual().name(threadName).start(() -> {
            while (running || !pending.isEmpty()) {
                try {
                    writeOnce();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
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
            try {
                thread.join(stopWait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
