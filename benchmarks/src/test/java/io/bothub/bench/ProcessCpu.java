package io.bothub.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * CPU time used by each part of the running platform (its services by their jars, Kafka, PostgreSQL, Redis, and this
 * generator), read from /proc on Linux. Taken before and after a run, it says what one request cost each process:
 * the figure that shows whether a target rate can fit this machine's cores at all, and which process to work on.
 * Elsewhere it finds nothing and prints nothing.
 */
final class ProcessCpu {

    private static final List<String> SERVICES = List.of("gateway", "tenant-service", "bot-service", "skill-service",
            "task-service", "routing-service", "command-service", "metrics-service");
    private static final long TICKS_PER_SECOND = 100; // USER_HZ, 100 on every mainstream Linux

    private ProcessCpu() {
    }

    /** CPU seconds so far per part of the platform. */
    static Map<String, Double> snapshot() {
        Map<String, Double> used = new LinkedHashMap<>();
        long self = ProcessHandle.current().pid();
        ProcessHandle.allProcesses().forEach(process -> {
            String part = process.pid() == self ? "load generator (this JVM)" : partOf(process);
            if (part != null) {
                cpuSeconds(process.pid()).ifPresent(seconds -> used.merge(part, seconds, Double::sum));
            }
        });
        return used;
    }

    /** Prints each part's CPU per request between the two snapshots, largest first, and the sum. */
    static void print(String title, Map<String, Double> before, Map<String, Double> after, long requests) {
        if (after.isEmpty() || requests == 0) {
            return;
        }
        System.out.println("CPU per request, " + title + ":");
        double total = 0;
        List<Map.Entry<String, Double>> used = after.entrySet().stream()
                .map(e -> Map.entry(e.getKey(), e.getValue() - before.getOrDefault(e.getKey(), 0.0)))
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed()).toList();
        for (Map.Entry<String, Double> part : used) {
            double micros = part.getValue() * 1e6 / requests;
            total += micros;
            if (micros >= 1) {
                System.out.printf("  %-28s %8.0f us%n", part.getKey(), micros);
            }
        }
        System.out.printf("  %-28s %8.0f us: at most %.0f requests/s on %d cores at 100 %% CPU%n", "all", total,
                Runtime.getRuntime().availableProcessors() * 1e6 / total, Runtime.getRuntime().availableProcessors());
    }

    private static String partOf(ProcessHandle process) {
        // Read whole: ProcessHandle.Info cuts a long command line (Kafka's classpath) short.
        String command;
        try {
            command = new String(Files.readAllBytes(Path.of("/proc", Long.toString(process.pid()), "cmdline")),
                    java.nio.charset.StandardCharsets.UTF_8).replace('\0', ' ').strip();
        } catch (IOException | RuntimeException e) {
            return null;
        }
        for (String service : SERVICES) {
            // target/<service>-<version>.jar, or the copy ./bothub up runs: .bothub/run/<service>.jar
            if (command.contains("/" + service + "-") && command.contains(".jar")
                    || command.contains("/" + service + ".jar")) {
                return service;
            }
        }
        if (command.contains("kafka.Kafka") || command.contains("kafka-server-start") || command.contains("KafkaRaftServer")) {
            return "kafka";
        }
        if (command.startsWith("postgres:") || command.contains("/bin/postgres ")) {
            return "postgresql";
        }
        if (command.startsWith("redis-server") || command.contains("/redis-server ")) {
            return "redis";
        }
        return null;
    }

    private static java.util.Optional<Double> cpuSeconds(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // Fields after the command name (which may hold spaces) start after the last ')'.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime
            return java.util.Optional.of(ticks / (double) TICKS_PER_SECOND);
        } catch (IOException | RuntimeException e) {
            return java.util.Optional.empty();
        }
    }
}
