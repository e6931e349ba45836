package io.bothub.deploy.kustomize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The renderer does what {@code kustomize build} does for the features deploy/k8s uses, and refuses the rest
 * rather than skipping it. Each case is a base and an overlay written to a temporary directory.
 */
class KustomizeTest {

    @TempDir
    Path dir;

    @BeforeEach
    void base() throws IOException {
        write("base/kustomization.yaml", """
                apiVersion: kustomize.config.k8s.io/v1beta1
                kind: Kustomization
                resources:
                  - app.yaml
                """);
        write("base/app.yaml", """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: app
                  labels:
                    app.kubernetes.io/name: app
                spec:
                  selector:
                    matchLabels:
                      app.kubernetes.io/name: app
                  template:
                    metadata:
                      labels:
                        app.kubernetes.io/name: app
                    spec:
                      containers:
                        - name: app
                          image: bothub/app
                          args: ["--a", "--b"]
                          env:
                            - name: KEEP
                              value: kept
                            - name: CHANGE
                              value: old
                          resources:
                            limits:
                              cpu: "1"
                              memory: 512Mi
                        - name: sidecar
                          image: example.org:5000/tools/sidecar:1.0@sha256:aaaa
                ---
                apiVersion: v1
                kind: Service
                metadata:
                  name: app
                spec:
                  selector:
                    app.kubernetes.io/name: app
                  ports:
                    - name: http
                      port: 80
                      targetPort: http
                """);
    }

    @Test
    void overlayPatchesByKindAndNameThenSetsNamespaceLabelsAndImages() throws IOException {
        overlay("""
                namespace: prod
                labels:
                  - pairs:
                      env: prod
                    includeTemplates: true
                patches:
                  - path: patch.yaml
                images:
                  - name: bothub/app
                    newName: registry.example.com/bothub/app
                    newTag: "1.2"
                  - name: example.org:5000/tools/sidecar
                    digest: sha256:bbbb
                """);
        write("overlay/patch.yaml", """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: app
                spec:
                  template:
                    spec:
                      containers:
                        - name: app
                          args: ["--c"]
                          env:
                            - name: CHANGE
                              value: new
                            - name: ADDED
                              value: added
                          resources:
                            limits:
                              cpu: null
                              memory: 1Gi
                """);

        List<ObjectNode> objects = Kustomize.build(dir.resolve("overlay"));

        JsonNode deployment = objects.getFirst();
        JsonNode app = deployment.at("/spec/template/spec/containers/0");
        assertThat(deployment.at("/metadata/namespace").asText()).isEqualTo("prod");
        assertThat(deployment.at("/metadata/labels/env").asText()).isEqualTo("prod");
        assertThat(deployment.at("/spec/template/metadata/labels/env").asText()).isEqualTo("prod");
        assertThat(deployment.at("/spec/selector/matchLabels").has("env")).as("selectors stay untouched").isFalse();
        assertThat(app.path("image").asText()).isEqualTo("registry.example.com/bothub/app:1.2");
        assertThat(app.path("args").toString()).as("atomic lists are replaced").isEqualTo("[\"--c\"]");
        assertThat(app.path("env").toString()).as("env merges by name").isEqualTo(
                "[{\"name\":\"KEEP\",\"value\":\"kept\"},{\"name\":\"CHANGE\",\"value\":\"new\"},"
                        + "{\"name\":\"ADDED\",\"value\":\"added\"}]");
        assertThat(app.at("/resources/limits").toString()).as("null deletes a key")
                .isEqualTo("{\"memory\":\"1Gi\"}");
        assertThat(deployment.at("/spec/template/spec/containers/1/image").asText())
                .isEqualTo("example.org:5000/tools/sidecar@sha256:bbbb");
        assertThat(objects.get(1).at("/metadata/namespace").asText()).isEqualTo("prod");
        assertThat(objects.get(1).at("/spec/template").isMissingNode()).isTrue();
    }

    @Test
    void generatesConfigMapsFromFilesAndLiterals() throws IOException {
        overlay("""
                configMapGenerator:
                  - name: dashboards
                    files:
                      - board.json
                    literals:
                      - MODE=dev
                    options:
                      disableNameSuffixHash: true
                      labels:
                        grafana_dashboard: "1"
                """);
        write("overlay/board.json", "{\"title\": \"BotHub\"}\n");

        JsonNode configMap = Kustomize.build(dir.resolve("overlay")).getLast();

        assertThat(configMap.at("/metadata/name").asText()).isEqualTo("dashboards");
        assertThat(configMap.at("/metadata/labels/grafana_dashboard").isTextual()).isTrue();
        assertThat(configMap.at("/data/board.json").asText()).isEqualTo("{\"title\": \"BotHub\"}\n");
        assertThat(configMap.at("/data/MODE").asText()).isEqualTo("dev");
    }

    @Test
    void labelsTheClaimsAStatefulSetCreatesAsKustomizeDoes() throws IOException {
        write("base/app.yaml", """
                apiVersion: apps/v1
                kind: StatefulSet
                metadata:
                  name: store
                spec:
                  serviceName: store
                  selector:
                    matchLabels:
                      app: store
                  template:
                    metadata:
                      labels:
                        app: store
                    spec:
                      containers:
                        - name: store
                          image: store:1
                  volumeClaimTemplates:
                    - metadata:
                        name: data
                      spec:
                        accessModes: [ReadWriteOnce]
                """);
        overlay("""
                labels:
                  - pairs:
                      team: bothub
                    includeTemplates: true
                """);

        JsonNode statefulSet = Kustomize.build(dir.resolve("overlay")).getFirst();

        assertThat(statefulSet.at("/spec/template/metadata/labels/team").asText()).isEqualTo("bothub");
        assertThat(statefulSet.at("/spec/volumeClaimTemplates/0/metadata/labels/team").asText()).isEqualTo("bothub");
        assertThat(statefulSet.at("/spec/selector/matchLabels").has("team")).isFalse();
    }

    @Test
    void refusesFeaturesItDoesNotImplement() throws IOException {
        overlay("namePrefix: prod-\n");

        assertThatThrownBy(() -> Kustomize.build(dir.resolve("overlay")))
                .isInstanceOf(KustomizeException.class).hasMessageContaining("'namePrefix' is not implemented");
    }

    @Test
    void refusesGeneratedNamesItCannotRewriteReferencesTo() throws IOException {
        overlay("""
                configMapGenerator:
                  - name: settings
                    literals:
                      - A=b
                """);

        assertThatThrownBy(() -> Kustomize.build(dir.resolve("overlay")))
                .isInstanceOf(KustomizeException.class).hasMessageContaining("disableNameSuffixHash");
    }

    @Test
    void refusesAPatchThatMatchesNothing() throws IOException {
        overlay("patches:\n  - path: patch.yaml\n");
        write("overlay/patch.yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: other\nspec: {}\n");

        assertThatThrownBy(() -> Kustomize.build(dir.resolve("overlay")))
                .isInstanceOf(KustomizeException.class).hasMessageContaining("no resource matches")
                .hasMessageContaining("apps/Deployment /other");
    }

    @Test
    void refusesToGuessHowToMergeAListWithoutAKnownStrategy() throws IOException {
        overlay("patches:\n  - path: patch.yaml\n");
        write("overlay/patch.yaml", """
                apiVersion: v1
                kind: Service
                metadata:
                  name: app
                spec:
                  externalIPs: ["10.0.0.1"]
                  selector: {}
                """);
        write("base/app.yaml", Files.readString(dir.resolve("base/app.yaml"))
                .replace("  selector:\n    app.kubernetes.io/name: app\n  ports:",
                        "  externalIPs: [\"10.0.0.2\"]\n  selector:\n    app.kubernetes.io/name: app\n  ports:"));

        assertThatThrownBy(() -> Kustomize.build(dir.resolve("overlay")))
                .isInstanceOf(KustomizeException.class).hasMessageContaining("spec/externalIPs has no merge strategy");
    }

    @Test
    void loadsFilesOnlyFromInsideTheKustomization() throws IOException {
        overlay("patches:\n  - path: ../base/app.yaml\n");

        assertThatThrownBy(() -> Kustomize.build(dir.resolve("overlay")))
                .isInstanceOf(KustomizeException.class).hasMessageContaining("load restrictor");
    }

    @Test
    void refusesTwoObjectsWithTheSameId() throws IOException {
        write("base/kustomization.yaml", """
                apiVersion: kustomize.config.k8s.io/v1beta1
                kind: Kustomization
                resources:
                  - app.yaml
                  - copy.yaml
                """);
        Files.copy(dir.resolve("base/app.yaml"), dir.resolve("base/copy.yaml"));

        assertThatThrownBy(() -> Kustomize.build(dir.resolve("base")))
                .isInstanceOf(KustomizeException.class).hasMessageContaining("resources have the id");
    }

    @Test
    void readsYamlAsKubectlDoes() throws IOException {
        write("doc.yaml", "a: yes\nb: \"yes\"\nc: 010\n");

        JsonNode document = YamlDocuments.readOne(dir.resolve("doc.yaml"));

        assertThat(document.path("a").isBoolean()).as("YAML 1.1: an unquoted yes is a boolean").isTrue();
        assertThat(document.path("b").isTextual()).isTrue();
        assertThat(document.path("c").asInt()).as("YAML 1.1 octal").isEqualTo(8);
    }

    private void overlay(String body) throws IOException {
        write("overlay/kustomization.yaml", """
                apiVersion: kustomize.config.k8s.io/v1beta1
                kind: Kustomization
                resources:
                  - ../base
                """ + body);
    }

    private void write(String path, String content) throws IOException {
        Path file = dir.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }
}
