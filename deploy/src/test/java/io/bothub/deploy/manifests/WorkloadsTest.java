package io.bothub.deploy.manifests;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import io.bothub.deploy.Repository;
import io.bothub.deploy.Repository.ServiceModule;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;

/**
 * How the pods run: as non-root on a read-only root filesystem, probed on Spring Boot's health groups, given time
 * to start and to shut down gracefully, with resources declared, and scaled and protected by objects that actually
 * select them.
 */
class WorkloadsTest {

    static final List<String> KUSTOMIZATIONS = RenderedOverlay.ALL;

    private static final List<ServiceModule> SERVICES = Repository.serviceModules();

    @ParameterizedTest
    @FieldSource("KUSTOMIZATIONS")
    void podsRunAsNonRootOnAReadOnlyRootFilesystemWithAWritableTmp(String k) {
        RenderedOverlay overlay = RenderedOverlay.of(k);
        SoftAssertions softly = new SoftAssertions();
        for (var workload : podSpecs(overlay).entrySet()) {
            PodSpec pod = workload.getValue();
            String name = workload.getKey();
            softly.assertThat(pod.getSecurityContext().getRunAsNonRoot()).as("%s runAsNonRoot", name).isTrue();
            softly.assertThat(pod.getSecurityContext().getRunAsUser()).as("%s runAsUser", name).isPositive();
            softly.assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
            softly.assertThat(pod.getAutomountServiceAccountToken()).as("%s mounts no API token", name).isFalse();
            for (Container container : pod.getContainers()) {
                var security = container.getSecurityContext();
                softly.assertThat(security.getReadOnlyRootFilesystem()).as("%s read-only root", name).isTrue();
                softly.assertThat(security.getAllowPrivilegeEscalation()).as("%s escalation", name).isFalse();
                softly.assertThat(security.getCapabilities().getDrop()).as("%s capabilities", name).containsExactly("ALL");
                softly.assertThat(container.getVolumeMounts()).as("%s mounts /tmp", name)
                        .anySatisfy(mount -> {
                            softly.assertThat(mount.getMountPath()).isEqualTo("/tmp");
                            Volume volume = pod.getVolumes().stream()
                                    .filter(v -> v.getName().equals(mount.getName())).findFirst().orElseThrow();
                            softly.assertThat(volume.getEmptyDir()).as("%s's /tmp is an emptyDir", name).isNotNull();
                        });
            }
        }
        softly.assertAll();
    }

    @ParameterizedTest
    @FieldSource("KUSTOMIZATIONS")
    void servicesAreProbedOnTheirHealthGroupsAndGivenTimeToStart(String k) {
        RenderedOverlay overlay = RenderedOverlay.of(k);
        SoftAssertions softly = new SoftAssertions();
        for (ServiceModule service : SERVICES) {
            Container container = EveryServiceIsDeployedTest.container(overlay, service);
            softly.assertThat(path(container.getLivenessProbe())).as("%s liveness", service.name())
                    .isEqualTo("/actuator/health/liveness");
            softly.assertThat(path(container.getReadinessProbe())).as("%s readiness", service.name())
                    .isEqualTo("/actuator/health/readiness");
            Probe startup = container.getStartupProbe();
            softly.assertThat(path(startup)).as("%s startup", service.name()).isEqualTo("/actuator/health/liveness");
            softly.assertThat(startup.getPeriodSeconds() * startup.getFailureThreshold())
                    .as("seconds %s may take to start (Flyway runs first)", service.name()).isGreaterThanOrEqualTo(120);
        }
        softly.assertAll();
    }

    @ParameterizedTest
    @FieldSource("KUSTOMIZATIONS")
    void servicesDrainThenShutDownGracefullyWithinTheirGracePeriod(String k) {
        RenderedOverlay overlay = RenderedOverlay.of(k);
        Map<String, String> platform = overlay.named(ConfigMap.class, "bothub-platform").orElseThrow().getData();
        long shutdownPhase = Duration.parse("PT" + platform.get("SPRING_LIFECYCLE_TIMEOUT_PER_SHUTDOWN_PHASE")
                .toUpperCase()).toSeconds();
        SoftAssertions softly = new SoftAssertions();
        for (ServiceModule service : SERVICES) {
            softly.assertThat(Repository.applicationYml(service.name()).at("/server/shutdown").asText())
                    .as("%s's server.shutdown", service.name()).isEqualTo("graceful");
            Deployment deployment = overlay.named(Deployment.class, service.name()).orElseThrow();
            Container container = EveryServiceIsDeployedTest.container(overlay, service);
            var sleep = container.getLifecycle().getPreStop().getSleep();
            softly.assertThat(sleep).as("%s sleeps before SIGTERM (no shell in the image)", service.name()).isNotNull();
            long preStop = sleep == null ? 0 : sleep.getSeconds();
            softly.assertThat(preStop).as("%s's preStop sleep", service.name()).isBetween(5L, 30L);
            softly.assertThat(deployment.getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds())
                    .as("%s's grace period covers preStop and the graceful shutdown phase", service.name())
                    .isGreaterThan(preStop + shutdownPhase);
            softly.assertThat(deployment.getSpec().getStrategy().getRollingUpdate().getMaxUnavailable().getIntVal())
                    .as("%s rolls without losing capacity", service.name()).isZero();
        }
        softly.assertAll();
    }

    @ParameterizedTest
    @FieldSource("KUSTOMIZATIONS")
    void everyContainerRequestsAndLimitsCpuAndMemory(String k) {
        RenderedOverlay overlay = RenderedOverlay.of(k);
        SoftAssertions softly = new SoftAssertions();
        podSpecs(overlay).forEach((name, pod) -> pod.getContainers().forEach(container -> {
            var resources = container.getResources();
            for (String resource : List.of("cpu", "memory")) {
                Quantity request = resources.getRequests() == null ? null : resources.getRequests().get(resource);
                Quantity limit = resources.getLimits() == null ? null : resources.getLimits().get(resource);
                softly.assertThat(request).as("%s requests %s", name, resource).isNotNull();
                softly.assertThat(limit).as("%s limits %s", name, resource).isNotNull();
                if (request != null && limit != null) {
                    softly.assertThat(request.getNumericalAmount()).as("%s %s request <= limit", name, resource)
                            .isLessThanOrEqualTo(limit.getNumericalAmount());
                }
            }
        }));
        softly.assertAll();
    }

    @ParameterizedTest
    @FieldSource("KUSTOMIZATIONS")
    void autoscalersScaleAndDisruptionBudgetsProtectTheirOwnDeployment(String k) {
        RenderedOverlay overlay = RenderedOverlay.of(k);
        SoftAssertions softly = new SoftAssertions();
        for (HorizontalPodAutoscaler hpa : overlay.all(HorizontalPodAutoscaler.class)) {
            var target = hpa.getSpec().getScaleTargetRef();
            softly.assertThat(target.getKind()).isEqualTo("Deployment");
            softly.assertThat(overlay.named(Deployment.class, target.getName()))
                    .as("HPA %s's target", hpa.getMetadata().getName()).isPresent();
            softly.assertThat(hpa.getSpec().getMinReplicas()).as("HPA %s min", hpa.getMetadata().getName())
                    .isPositive();
        }
        for (Deployment deployment : overlay.all(Deployment.class)) {
            softly.assertThat(deployment.getSpec().getReplicas())
                    .as("%s leaves its replica count to the autoscaler", deployment.getMetadata().getName()).isNull();
        }
        for (PodDisruptionBudget pdb : overlay.all(PodDisruptionBudget.class)) {
            Map<String, String> labels = overlay.named(Deployment.class, pdb.getMetadata().getName()).orElseThrow()
                    .getSpec().getTemplate().getMetadata().getLabels();
            softly.assertThat(NetworkModel.matches(pdb.getSpec().getSelector(), labels))
                    .as("PDB %s selects its pods", pdb.getMetadata().getName()).isTrue();
            softly.assertThat(pdb.getSpec().getMaxUnavailable())
                    .as("PDB %s never blocks a drain of a single replica", pdb.getMetadata().getName()).isNotNull();
        }
        softly.assertAll();
    }

    private static String path(Probe probe) {
        return probe == null || probe.getHttpGet() == null ? null : probe.getHttpGet().getPath();
    }

    private static Map<String, PodSpec> podSpecs(RenderedOverlay overlay) {
        Map<String, PodSpec> pods = new java.util.LinkedHashMap<>();
        overlay.all(Deployment.class).forEach(d -> pods.put(d.getMetadata().getName(), d.getSpec().getTemplate().getSpec()));
        overlay.all(StatefulSet.class).forEach(s -> pods.put(s.getMetadata().getName(), s.getSpec().getTemplate().getSpec()));
        return pods;
    }
}
