package io.bothub.bench;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import io.netty.buffer.Unpooled;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * Sends requests at a fixed rate, whatever the server does, and measures each latency from the moment the request
 * was due rather than when it was actually sent, so a stall is charged to every request it delayed
 * (no coordinated omission). Bounded in count and time; only loopback targets.
 *
 * <p>Requests go out on Netty's event loops (reactor-netty), not a thread per request: the load generator shares
 * the machine's cores with the platform it measures, and every microsecond it spends per request is taken from the
 * platform. With the JDK's HttpClient it was the largest single share of the command benchmark's CPU.
 */
final class OpenLoopLoad {

    /** One request: a POST of a JSON body with its headers. */
    record Post(String uri, Map<String, String> headers, String body) {
    }

    record Result(String label, long sent, long ok, long failed, double seconds, Histogram latencyMicros) {

        String line() {
            return String.format("%-28s %8.0f req/s  p50 %6.2f ms  p99 %7.2f ms  max %7.2f ms  ok %d  failed %d",
                    label, ok / seconds, latencyMicros.getValueAtPercentile(50) / 1000.0,
                    latencyMicros.getValueAtPercentile(99) / 1000.0, latencyMicros.getMaxValue() / 1000.0, ok, failed);
        }
    }

    private OpenLoopLoad() {
    }

    /**
     * Connections at most, like a client's connection pool: a request due while all are busy waits for one, and the
     * wait counts as latency.
     */
    static final int MAX_IN_FLIGHT = Integer.getInteger("bench.inFlight", 128);

    private static final HttpClient CLIENT = HttpClient.create(ConnectionProvider.builder("bench-load")
                    .maxConnections(MAX_IN_FLIGHT).pendingAcquireMaxCount(-1)
                    .pendingAcquireTimeout(Duration.ofSeconds(60)).build())
            .responseTimeout(Duration.ofSeconds(10));

    /** The status and body of the answer; status 0 and the error when there was none. */
    private record Answer(int status, String body) {
    }

    static Result run(String label, int ratePerSecond, Duration duration, IntFunction<Post> requestNumber)
            throws InterruptedException {
        AtomicReference<String> firstFailure = new AtomicReference<>();
        long total = ratePerSecond * duration.toSeconds();
        long intervalNanos = 1_000_000_000L / ratePerSecond;
        Recorder recorder = new Recorder(3);
        AtomicLong ok = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        CountDownLatch done = new CountDownLatch((int) total);
        long start = System.nanoTime();
        for (int i = 0; i < total; i++) {
            long due = start + i * intervalNanos;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
            Post post = requestNumber.apply(i);
            send(post).subscribe(answer -> {
                if (answer.status() >= 200 && answer.status() < 300) {
                    ok.incrementAndGet();
                } else {
                    failed.incrementAndGet();
                    firstFailure.compareAndSet(null, answer.status() == 0 ? answer.body()
                            : answer.status() + " " + answer.body());
                }
                recorder.recordValue(Math.max(1, (System.nanoTime() - due) / 1000));
                done.countDown();
            });
        }
        done.await();
        double seconds = (System.nanoTime() - start) / 1e9;
        if (firstFailure.get() != null) {
            System.out.println(label + ": first failure: " + firstFailure.get());
        }
        return new Result(label, total, ok.get(), failed.get(), seconds, recorder.getIntervalHistogram());
    }

    private static Mono<Answer> send(Post post) {
        byte[] body = post.body().getBytes(StandardCharsets.UTF_8);
        // A fixed length rather than a chunked body, as a typical client sends a small JSON document.
        return CLIENT.headers(headers -> {
                    post.headers().forEach(headers::set);
                    headers.set("Content-Length", body.length);
                })
                .post().uri(post.uri())
                .send(Mono.fromSupplier(() -> Unpooled.wrappedBuffer(body)))
                .responseSingle((response, answer) -> answer.asString().defaultIfEmpty("")
                        .map(text -> new Answer(response.status().code(), text)))
                // No answer at all (refused, timed out) counts as a failure like an error status.
                .onErrorResume(error -> Mono.just(new Answer(0, error.toString())));
    }

    static void print(String title, List<Result> results) {
        System.out.println();
        System.out.println("=== " + title);
        results.forEach(r -> System.out.println(r.line()));
        System.out.println();
    }
}
