package io.bothub.deploy.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/** Every kustomization renders, and the API server (with the operators' CRDs) would accept every object in it. */
class ManifestsAreValidTest {

    static final List<String> KUSTOMIZATIONS = RenderedOverlay.ALL;

    @ParameterizedTest
    @FieldSource("KUSTOMIZATIONS")
    void everyRenderedObjectPassesItsSchema(String kustomization) {
        RenderedOverlay overlay = RenderedOverlay.of(kustomization);

        List<String> problems = overlay.results().stream().flatMap(result -> result.problems().stream()).toList();

        assertThat(overlay.results()).isNotEmpty();
        assertThat(problems).isEmpty();
    }
}
