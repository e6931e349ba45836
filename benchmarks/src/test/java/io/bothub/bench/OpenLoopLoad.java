package io.bothub.bench;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

import org.HdrHistogram.Recorder;
import org.HdrHistogram.Histogram;

/**
 * Sends requests at a fixed rate, whatever the server does, and measures each latency from the moment the request
 * was due rather than when it was actually sent, so a stall is charged to every request it delayed
 * (no coordinated omission). Bounded in count and time; only loopback targets.
 */
final class OpenLoopLoad {

    record Result(String label, long sent, long ok, long failed, double seconds, Histogram latencyMicros) {

        String line() {
            return String.format("%-28s %8.0f req/s  p50 %6.2f ms  p99 %7.2f ms  max %7.2f ms  ok %d  failed %d",
                    label, ok / seconds, latencyMicros.getValueAtPercentile(50) / 1000.0,
                    latencyMicros.getValueAtPercentile(99) / 1000.0, latencyMicros.getMaxValue() / 1000.0, ok, failed);
        }
    }

    private OpenLoopLoad() {
    }

    /** Requests in flight at most, like a client's connection pool; time spent waiting for one counts as latency. */
    static final int MAX_IN_FLIGHT = Integer.getInteger("bench.inFlight", 128);

    static Result run(String label, HttpClient http, int ratePerSecond, Duration duration,
            IntFunction<HttpRequest> requestNumber) throws InterruptedException {
        Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
        AtomicReference<String> firstFailure = new AtomicReference<>();
        long total = ratePerSecond * duration.toSeconds();
        long intervalNanos = 1_000_000_000L / ratePerSecond;
        Recorder recorder = new Recorder(3);
        AtomicLong ok = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        CountDownLatch done = new CountDownLatch((int) total);
        long start = System.nanoTime();
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < total; i++) {
                long due = start + i * intervalNanos;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
                HttpRequest request = requestNumber.apply(i);
                threads.submit(() -> {
                    boolean acquired = false;
                    try {
                        inFlight.acquire();
                        acquired = true;
                        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                        if (response.statusCode() < 300) {
                            ok.incrementAndGet();
                        } else {
                            failed.incrementAndGet();
                            firstFailure.compareAndSet(null, response.statusCode() + " " + response.body());
                        }
                    } catch (Exception e) {
                        failed.incrementAndGet();
                        firstFailure.compareAndSet(null, e.toString());
                    } finally {
                        if (acquired) {
                            inFlight.release();
                        }
                        recorder.recordValue(Math.max(1, (System.nanoTime() - due) / 1000));
                        done.countDown();
                    }
                });
            }
            done.await();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (firstFailure.get() != null) {
            System.out.println(label + ": first failure: " + firstFailure.get());
        }
        return new Result(label, total, ok.get(), failed.get(), seconds, recorder.getIntervalHistogram());
    }

    static void print(String title, List<Result> results) {
        System.out.println();
        System.out.println("=== " + title);
        results.forEach(r -> System.out.println(r.line()));
        System.out.println();
    }
}
