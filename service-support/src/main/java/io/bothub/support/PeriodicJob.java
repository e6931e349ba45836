package io.bothub.support;

import java.time.Duration;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Housekeeping that runs on a virtual thread of its own, once every interval, the first time one interval after
 * start. A run that fails is logged and the next one tries again (the database may be away for a moment).
 */
public abstract class PeriodicJob implements SmartLifecycle {

    private final Logger log = LoggerFactory.getLogger(getClass());
    private final String name;
    private final Duration interval;
    private volatile @Nullable Thread loop;

    protected PeriodicJob(String name, Duration interval) {
        this.name = name;
        this.interval = interval;
    }

    /** One run of the job. */
    protected abstract void runOnce();

    @Override
    public void start() {
        loop = Thread.ofVirtual().name(name).start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    Thread.sleep(interval);
                    runOnce();
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException e) {
                    log.warn("{} failed; trying again in {}: {}", name, interval, e.toString());
                }
            }
        });
    }

    @Override
    public void stop() {
        Thread thread = loop;
        if (thread != null) {
            thread.interrupt();
            loop = null;
        }
    }

    @Override
    public boolean isRunning() {
        return loop != null;
    }
}
