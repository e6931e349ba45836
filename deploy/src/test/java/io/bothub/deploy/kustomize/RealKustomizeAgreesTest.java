package io.bothub.deploy.kustomize;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.bothub.deploy.Repository;

/**
 * Where the real kustomize is installed (a {@code kustomize} binary, or {@code kubectl kustomize}), the Java
 * renderer's output for every kustomization under deploy/k8s is the same set of objects, field for field, as
 * kustomize's. This keeps the renderer honest: it is a re-implementation of a subset, and this is the check that
 * the subset is implemented as kustomize implements it. Neither tool is a Debian, Maven Central or npm package, so
 * machines without one skip this test (it ran, and passed, on the development machine with kubectl 1.32 /
 * kustomize v5.5.0); the validation of the manifests does not depend on it.
 */
class RealKustomizeAgreesTest {

    @ParameterizedTest
    @ValueSource(strings = {"overlays/dev", "overlays/prod", "base"})
    void theJavaRendererPrintsWhatKustomizePrints(String kustomization) throws Exception {
        Optional<List<String>> command = realKustomize();
        Assumptions.assumeTrue(command.isPresent(), "neither kustomize nor kubectl is on the PATH");
        Path directory = Repository.deploy().resolve("k8s").resolve(kustomization);

        Map<String, JsonNode> ours = byId(Kustomize.build(directory));
        Map<String, JsonNode> theirs = byId(run(command.get(), directory));

        assertThat(ours.keySet()).containsExactlyElementsOf(theirs.keySet());
        for (Map.Entry<String, JsonNode> object : theirs.entrySet()) {
            assertThat(ours.get(object.getKey())).as(object.getKey()).isEqualTo(object.getValue());
        }
    }

    private static Map<String, JsonNode> byId(List<? extends JsonNode> objects) {
        Map<String, JsonNode> byId = new TreeMap<>();
        objects.forEach(object -> byId.put(Kustomize.id(object), object));
        return byId;
    }

    private static List<ObjectNode> run(List<String> command, Path directory) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>(command);
        full.add(directory.toString());
        Path out = Files.createTempFile("kustomize", ".yaml");
        try {
            Process process = new ProcessBuilder(full).redirectOutput(out.toFile())
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            if (!process.waitFor(2, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException(full + " did not finish in 2 minutes");
            }
            assertThat(process.exitValue()).as("%s exit code", full).isZero();
            return YamlDocuments.read(out).stream().map(ObjectNode.class::cast).toList();
        } finally {
            Files.deleteIfExists(out);
        }
    }

    /** {@code kustomize build}, else {@code kubectl kustomize} (kubectl has embedded kustomize v5 since 1.27). */
    private static Optional<List<String>> realKustomize() {
        Optional<Path> kustomize = onPath("kustomize");
        if (kustomize.isPresent()) {
            return Optional.of(List.of(kustomize.get().toString(), "build"));
        }
        return onPath("kubectl").filter(RealKustomizeAgreesTest::embedsKustomizeV5)
                .map(kubectl -> List.of(kubectl.toString(), "kustomize"));
    }

    private static boolean embedsKustomizeV5(Path kubectl) {
        try {
            Process process = new ProcessBuilder(kubectl.toString(), "version", "--client").redirectErrorStream(true)
                    .start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0
                    && output.contains("Kustomize Version: v5");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static Optional<Path> onPath(String name) {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .filter(entry -> !entry.isBlank())
                .map(entry -> Path.of(entry, name))
                .filter(Files::isExecutable)
                .findFirst();
    }
}
