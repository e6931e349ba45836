package io.bothub.deploy.manifests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.bothub.deploy.Repository;

/**
 * Strimzi's CustomResourceDefinitions, generated the way Strimzi generates the ones it publishes: its own
 * {@code io.strimzi.crdgenerator.CrdGenerator} (io.strimzi:crd-generator) over its api classes (io.strimzi:api),
 * same release, with the arguments of Strimzi's build (apiextensions v1, served and stored version v1). Written
 * once per build to target/strimzi-crds. The generator ends with System.exit, so it runs in its own JVM, on this
 * test JVM's classpath.
 */
final class StrimziCrds {

    /** The CRD file of each Strimzi kind the manifests use. */
    static final Map<String, String> KINDS = Map.of(
            "Kafka", "io.strimzi.api.kafka.model.kafka.Kafka",
            "KafkaNodePool", "io.strimzi.api.kafka.model.nodepool.KafkaNodePool",
            "KafkaTopic", "io.strimzi.api.kafka.model.topic.KafkaTopic");

    private static Path directory;

    private StrimziCrds() {
    }

    static synchronized Path crd(String kind) {
        if (directory == null) {
            directory = generate();
        }
        return directory.resolve(kind + ".yaml");
    }

    private static Path generate() {
        Path out = Repository.deploy().resolve("target/strimzi-crds");
        try {
            Files.createDirectories(out);
            List<String> command = new ArrayList<>(List.of(
                    ProcessHandle.current().info().command().orElse("java"),
                    "-cp", System.getProperty("java.class.path"),
                    "io.strimzi.crdgenerator.CrdGenerator",
                    "--target-kube", "1.16+", "--crd-api-version", "v1", "--api-versions", "v1",
                    "--storage-version", "v1", "--yaml"));
            KINDS.forEach((kind, type) -> command.add(type + "=" + out.resolve(kind + ".yaml")));
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(2, TimeUnit.MINUTES) || process.exitValue() != 0) {
                throw new IllegalStateException("Strimzi's CrdGenerator failed: " + output);
            }
            for (String kind : KINDS.keySet()) {
                if (!Files.isRegularFile(out.resolve(kind + ".yaml"))) {
                    throw new IllegalStateException("Strimzi's CrdGenerator wrote no CRD for " + kind + ": " + output);
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
