package io.bothub.routing.sessions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.Test;

class TenantBatchesTest {

    @Test
    void everyCallerGetsItsOwnResultAndRequestsArrivingTogetherShareBatches() throws Exception {
        ConcurrentLinkedQueue<List<Integer>> batches = new ConcurrentLinkedQueue<>();
        CountDownLatch firstBatchSeen = new CountDownLatch(1);
        CountDownLatch allQueued = new CountDownLatch(1);
        try (TenantBatches<Integer, String> tenantBatches = new TenantBatches<>("test", (tenant, requests) -> {
            batches.add(requests);
            if (batches.size() == 1) {
                // Hold the first batch until every other request is queued: they must then go in one batch.
                firstBatchSeen.countDown();
                await(allQueued);
            }
            return () -> requests.stream().map(r -> tenant + ":" + r).toList();
        }, (tenant, request) -> "alone", 2)) {
            List<CompletableFuture<String>> answers = new ArrayList<>();
            try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
                answers.add(CompletableFuture.supplyAsync(() -> tenantBatches.submit("t", 0), threads));
                await(firstBatchSeen);
                for (int i = 1; i <= 20; i++) {
                    int request = i;
                    answers.add(CompletableFuture.supplyAsync(() -> tenantBatches.submit("t", request), threads));
                }
                while (tenantBatches.queued("t") < 20) {
                    Thread.onSpinWait();
                }
                allQueued.countDown();
            }
            for (int i = 0; i <= 20; i++) {
                assertThat(answers.get(i).join()).isEqualTo("t:" + i);
            }
        }
        assertThat(batches).hasSize(2);
        assertThat(batches).last().asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST).hasSize(20);
    }

    @Test
    void aBatchThatFailsIsHandledOneByOneSoOnlyTheFailingRequestFails() {
        try (TenantBatches<Integer, String> tenantBatches = new TenantBatches<>("test", (tenant, requests) -> () -> {
            throw new IllegalStateException("the batch's transaction failed");
        }, (tenant, request) -> {
            if (request == 13) {
                throw new IllegalArgumentException("bad request");
            }
            return "alone:" + request;
        }, 1)) {
            assertThat(tenantBatches.submit("t", 1)).isEqualTo("alone:1");
            assertThatThrownBy(() -> tenantBatches.submit("t", 13)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("bad request");
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
