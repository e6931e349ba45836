package io.bothub.deploy.images;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;

import io.bothub.deploy.Repository;
import io.bothub.deploy.Repository.ServiceModule;

/**
 * What deploy/images/build-images.sh built (run by {@code ./mvnw -Pimages -pl deploy -am verify}, which builds
 * them first): one image per service module and the gateway, on the pinned base layer, as the non-root user,
 * starting the module's main class, exposing its port, within a size budget - and the gateway's image actually
 * starts as user 65532, serves its readiness probe, and shuts down gracefully on SIGTERM. Prints each image's
 * size.
 */
@Tag("images")
class BuiltImagesTest {

    /** A budget, not a measurement: base (~50 MB compressed) plus a Spring Boot service's dependencies. */
    private static final long MAX_COMPRESSED_BYTES = 160L * 1024 * 1024;

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path work;

    @Test
    void everyServiceImageIsNonRootOnThePinnedBaseAndWithinItsSizeBudget() throws IOException {
        Path baseTar = Repository.deploy().resolve("target/images/java-base.tar");
        assertThat(baseTar).as("build-base-image.sh output").exists();
        ImageRecipe recipe = ImageRecipe.load();
        String baseLayer = config(baseTar).at("/rootfs/diff_ids/0").asText();
        assertThat(baseLayer).as("the base layer build-base-image.sh made is the one the recipe pins")
                .isEqualTo(recipe.layer());
        String user = recipe.user();

        List<String> table = new ArrayList<>();
        for (ServiceModule service : Repository.serviceModules()) {
            Path tar = Repository.root().resolve(service.name()).resolve("target/jib-image.tar");
            assertThat(tar).as("%s's image", service.name()).exists();
            JsonNode manifest = JSON.readTree(entry(tar, "manifest.json")).get(0);
            JsonNode config = config(tar);

            assertThat(manifest.at("/RepoTags/0").asText())
                    .isEqualTo("bothub/" + service.name() + ":" + Repository.projectVersion());
            assertThat(config.at("/rootfs/diff_ids/0").asText()).as("%s is built on the pinned base", service.name())
                    .isEqualTo(baseLayer);
            assertThat(config.at("/config/User").asText()).isEqualTo(user + ":" + user);
            assertThat(config.at("/config/Entrypoint/0").asText()).isEqualTo("java");
            assertThat(config.at("/config/Entrypoint").toString()).contains("io.bothub.");
            assertThat(config.at("/config/ExposedPorts").has(service.port() + "/tcp")).as("%s port", service.name())
                    .isTrue();

            long compressed = 0;
            long uncompressed = 0;
            for (JsonNode layer : manifest.get("Layers")) {
                byte[] blob = entry(tar, layer.asText());
                compressed += blob.length;
                uncompressed += layer.asText().endsWith(".gz") ? gunzippedSize(blob) : blob.length;
            }
            assertThat(compressed).as("%s compressed size", service.name()).isLessThan(MAX_COMPRESSED_BYTES);
            table.add(String.format("%-16s %6.1f MB compressed  %6.1f MB uncompressed  %d layers", service.name(),
                    compressed / 1e6, uncompressed / 1e6, manifest.get("Layers").size()));
        }
        System.out.println("Images (deploy/images/build-images.sh):");
        table.forEach(line -> System.out.println("  " + line));
    }

    /**
     * The gateway needs only Redis (127.0.0.1:6379 here), so its image can really be run: its layers unpacked
     * into a directory, entered with chroot (with /proc, as any container runtime provides), as the image's user,
     * with its entrypoint, working directory and environment. Needs root for chroot and mount.
     */
    @Test
    void theGatewayImageStartsAsItsUserAndShutsDownGracefully() throws Exception {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "chroot needs root");
        Path tar = Repository.root().resolve("gateway/target/jib-image.tar");
        JsonNode manifest = JSON.readTree(entry(tar, "manifest.json")).get(0);
        JsonNode config = config(tar).get("config");
        Path root = work.resolve("rootfs");
        Files.createDirectories(root);
        for (JsonNode layer : manifest.get("Layers")) {
            Path blob = work.resolve("layer.tar.gz");
            Files.write(blob, entry(tar, layer.asText()));
            run(List.of("tar", "-xzf", blob.toString(), "-C", root.toString()));
        }
        Files.createDirectories(root.resolve("proc"));
        run(List.of("mount", "-t", "proc", "proc", root.resolve("proc").toString()));
        Process gateway = null;
        try {
            List<String> command = new ArrayList<>(List.of("chroot", "--userspec=" + config.get("User").asText(),
                    root.toString()));
            // chroot has no working-directory option: the entrypoint's paths are absolute (@/app/jib-classpath-file).
            config.get("Entrypoint").forEach(part -> command.add(part.asText().equals("java") ? "/opt/java/bin/java"
                    : part.asText()));
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(work.resolve("gateway.log").toFile());
            Map<String, String> environment = builder.environment();
            environment.clear();
            config.get("Env").forEach(variable -> {
                String[] pair = variable.asText().split("=", 2);
                environment.put(pair[0], pair[1]);
            });
            environment.put("SERVER_PORT", "18089");
            environment.put("BOTHUB_REDIS_ADDRESS", "redis://127.0.0.1:6379");
            environment.put("JAVA_TOOL_OPTIONS", "-Xmx256m -XX:+UseSerialGC");
            gateway = builder.start();

            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
            String readiness = "";
            while (Instant.now().isBefore(deadline) && gateway.isAlive() && !readiness.contains("\"UP\"")) {
                try {
                    readiness = http.send(HttpRequest.newBuilder(URI.create(
                            "http://127.0.0.1:18089/actuator/health/readiness")).timeout(Duration.ofSeconds(2)).build(),
                            HttpResponse.BodyHandlers.ofString()).body();
                } catch (IOException notYet) {
                    Thread.sleep(1000);
                }
            }
            assertThat(readiness).as("readiness; log:%n%s", log()).contains("\"UP\"");

            gateway.toHandle().destroy(); // SIGTERM, as the kubelet sends it
            assertThat(gateway.waitFor(45, TimeUnit.SECONDS)).as("stopped within the grace period").isTrue();
            assertThat(gateway.exitValue()).as("exit code after SIGTERM (143 = killed by it, 0 = graceful)")
                    .isIn(0, 143);
            assertThat(log()).containsIgnoringCase("graceful shutdown");
        } finally {
            if (gateway != null && gateway.isAlive()) {
                gateway.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            run(List.of("umount", root.resolve("proc").toString()));
        }
    }

    private String log() throws IOException {
        return Files.readString(work.resolve("gateway.log"), StandardCharsets.UTF_8);
    }

    private static JsonNode config(Path imageTar) throws IOException {
        JsonNode manifest = JSON.readTree(entry(imageTar, "manifest.json")).get(0);
        return JSON.readTree(entry(imageTar, manifest.get("Config").asText()));
    }

    /** One entry of a tar archive (the ustar headers Jib and build-base-image.sh write; short names). */
    static byte[] entry(Path tar, String name) throws IOException {
        try (InputStream in = Files.newInputStream(tar)) {
            byte[] header = new byte[512];
            while (in.readNBytes(header, 0, 512) == 512) {
                String entry = new String(header, 0, 100, StandardCharsets.US_ASCII).replace("\0", "");
                if (entry.isEmpty()) {
                    break;
                }
                long size = Long.parseLong(new String(header, 124, 11, StandardCharsets.US_ASCII).trim(), 8);
                if (entry.equals(name)) {
                    return in.readNBytes((int) size);
                }
                in.skipNBytes((size + 511) / 512 * 512);
            }
        }
        throw new IOException(tar + " has no entry " + name);
    }

    private static long gunzippedSize(byte[] gzip) throws IOException {
        try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(gzip))) {
            return in.transferTo(OutputStream.nullOutputStream());
        }
    }

    private static void run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as("%s: %s", command, output).isZero();
    }
}
