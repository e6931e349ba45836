package io.bothub.bot.liveness;

import java.time.Clock;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Configuration;
import org.springframework.stereotype.Component;

/**
 * On every replica, takes silent bots from Redis and records them offline. The Redis script hands each silent bot
 * to one replica only, so each silence yields exactly one offline change.
 */
@Component
class LivenessSweeper implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(LivenessSweeper.class);

    private final LiveFleet fleet;
    private final StatusChanges statusChanges;
    private final HeartbeatSettings settings;
    private final Clock clock;
    private volatile boolean running;
    private @Nullable Thread worker;

    LivenessSweeper(LiveFleet fleet, StatusChanges statusChanges, HeartbeatSettings settings, Clock clock) {
        this.fleet = fleet;
        this.statusChanges = statusChanges;
        this.settings = settings;
        this.clock = clock;
    }

    /** One sweep; returns how many bots went offline. */
    int sweep() {
        int offline = 0;
        for (StatusTransition silent : fleet.expire(clock.instant(), settings.sweepBatch(), settings.offlineLease())) {
            if (statusChanges.apply(silent, "heartbeat-timeout", "system")) {
                offline++;
            }
            fleet.acknowledge(silent.bot());
        }
        return offline;
    }

    private void loop() {
        while (running) {
            try {
                sweep();
                Thread.sleep(settings.sweepInterval());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                log.warn("Liveness sweep failed; trying again: {}", e.toString());
            }
        }
    }

    @Override
    public void start() {
        running = true;
        worker = Thread.ofVirtual().name("liveness-sweeper").start(this::loop);
    }

    @Override
    public void stop() {
        running = false;
        Thread current = worker;
        if (current != null) {
            current.interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(HeartbeatSettings.class)
    static class Settings {
    }
}
