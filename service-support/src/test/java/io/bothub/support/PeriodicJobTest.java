package io.bothub.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class PeriodicJobTest {

    @Test
    void aRunThatFailsIsFollowedByTheNextAndStoppingEndsTheRuns() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        CountDownLatch thirdRun = new CountDownLatch(3);
        PeriodicJob job = new PeriodicJob("test-job", Duration.ofMillis(10)) {
            @Override
            protected void runOnce() {
                runs.incrementAndGet();
                thirdRun.countDown();
                throw new IllegalStateException("the database is away");
            }
        };

        job.start();
        assertThat(thirdRun.await(10, TimeUnit.SECONDS)).as("runs go on after failures").isTrue();
        job.stop();
        int afterStop = runs.get();
        Thread.sleep(100);

        assertThat(job.isRunning()).isFalse();
        assertThat(runs.get()).as("no run after stop").isLessThanOrEqualTo(afterStop + 1);
    }
}
