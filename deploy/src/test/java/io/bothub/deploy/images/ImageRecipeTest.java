package io.bothub.deploy.images;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

import io.bothub.deploy.Repository;
import io.bothub.deploy.Repository.ServiceModule;
import io.bothub.deploy.manifests.RenderedOverlay;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.apps.Deployment;

/**
 * The cheap part of the image check, run by every build (building the images takes minutes: the images profile
 * does it, see BuiltImagesTest): build-images.sh builds every service module and the gateway, under the names the
 * manifests deploy, from a base whose every input is pinned, as the user the pods run as.
 */
class ImageRecipeTest {

    @Test
    void theImageScriptBuildsEveryServiceModuleAndTheGateway() throws IOException, InterruptedException {
        Process list = new ProcessBuilder("bash", Repository.deploy().resolve("images/build-images.sh").toString(),
                "--list").directory(Repository.root().toFile()).redirectErrorStream(true).start();
        String output = new String(list.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(list.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(list.exitValue()).as(output).isZero();
        assertThat(output.lines().toList())
                .containsExactlyInAnyOrderElementsOf(Repository.serviceModules().stream().map(ServiceModule::name).toList());
    }

    @Test
    void theManifestsDeployTheImagesTheScriptBuilds() {
        RenderedOverlay dev = RenderedOverlay.of("overlays/dev");
        RenderedOverlay prod = RenderedOverlay.of("overlays/prod");
        SoftAssertions softly = new SoftAssertions();
        for (ServiceModule service : Repository.serviceModules()) {
            softly.assertThat(image(dev, service.name())).as("dev runs what build-images.sh tags")
                    .isEqualTo("bothub/" + service.name() + ":" + Repository.projectVersion());
            softly.assertThat(image(prod, service.name())).as("prod pulls the same image from the registry")
                    .matches("[a-z0-9.-]+(:\\d+)?/bothub/" + service.name() + "(:[\\w.-]+|@sha256:[0-9a-f]{64})");
        }
        softly.assertAll();
    }

    @Test
    void theBaseImagePinsEveryInputAndRunsAsThePodsUser() {
        ImageRecipe recipe = ImageRecipe.load();
        SoftAssertions softly = new SoftAssertions();
        softly.assertThat(recipe.jdkVersion()).as("jdk.version").matches("\\d+\\.\\d+\\.\\d+\\+\\d+");
        softly.assertThat(recipe.id()).as("image.id, the digest the recipe gives").matches("sha256:[0-9a-f]{64}");
        softly.assertThat(recipe.layer()).as("image.layer").matches("sha256:[0-9a-f]{64}");
        softly.assertThat(recipe.debianPackages()).containsKeys("libc6", "libgcc-s1", "zlib1g");
        recipe.debianPackages().forEach((name, pin) -> softly.assertThat(pin).as("deb.%s", name)
                .matches("\\S+ [0-9a-f]{64}"));
        softly.assertThat(recipe.jlinkModules().split(",")).as("the modules a Spring Boot service needs")
                .contains("java.base", "java.sql", "java.naming", "java.management", "jdk.unsupported",
                        "java.net.http", "java.security.jgss");
        softly.assertThat(Integer.parseInt(recipe.user())).as("non-root").isPositive();
        for (String overlay : List.of("overlays/dev", "overlays/prod")) {
            for (Deployment deployment : RenderedOverlay.of(overlay).all(Deployment.class)) {
                softly.assertThat(deployment.getSpec().getTemplate().getSpec().getSecurityContext().getRunAsUser())
                        .as("%s runs as the image's user", deployment.getMetadata().getName())
                        .isEqualTo(Long.parseLong(recipe.user()));
            }
        }
        softly.assertAll();
    }

    private static String image(RenderedOverlay overlay, String name) {
        List<Container> containers = overlay.named(Deployment.class, name).orElseThrow().getSpec().getTemplate()
                .getSpec().getContainers();
        return containers.getFirst().getImage();
    }
}
