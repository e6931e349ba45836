package io.bothub.deploy.grafana;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;

import io.bothub.deploy.Repository;

/**
 * The Grafana dashboard charts BotHub's own meters by the names Prometheus gives them: a renamed or removed meter
 * (say bothub.outbox.pending) fails here instead of leaving an empty panel in production.
 */
class DashboardTest {

    private static final Pattern BOTHUB_SERIES = Pattern.compile("\\bbothub_[a-z0-9_]+");
    private static final Pattern METER_NAME = Pattern.compile("\"(bothub(?:\\.[a-z0-9]+)+)\"");
    /** What Micrometer's Prometheus registry appends: counters, timers and distribution summaries. */
    private static final List<String> SUFFIXES = List.of("", "_total", "_seconds", "_seconds_count", "_seconds_sum",
            "_seconds_max", "_seconds_bucket", "_count", "_sum", "_max", "_bucket");

    @Test
    void everyBotHubSeriesTheDashboardsQueryIsAMeterTheServicesRegister() throws IOException {
        Set<String> meters = meterNames();
        for (Path file : dashboards()) {
            JsonNode dashboard = JsonMapper.builder().build().readTree(file.toFile());
            Set<String> queried = new TreeSet<>();
            dashboard.findValues("expr").forEach(expr -> {
                Matcher series = BOTHUB_SERIES.matcher(expr.asText());
                while (series.find()) {
                    queried.add(series.group());
                }
            });

            assertThat(queried).as("%s charts BotHub's own meters", file.getFileName()).isNotEmpty();
            assertThat(queried).allSatisfy(series -> assertThat(SUFFIXES.stream()
                    .anyMatch(suffix -> series.endsWith(suffix)
                            && meters.contains(series.substring(0, series.length() - suffix.length()))))
                    .as("%s (in %s) is a meter some service registers (meters: %s)", series, file.getFileName(), meters)
                    .isTrue());
        }
    }

    @Test
    void everyDashboardIsShippedInTheGrafanaConfigMap() throws IOException {
        String kustomization = Files.readString(Repository.deploy().resolve("grafana/kustomization.yaml"));
        assertThat(dashboards()).isNotEmpty().allSatisfy(file ->
                assertThat(kustomization).as("deploy/grafana/kustomization.yaml lists it").contains(file.getFileName().toString()));
    }

    private static List<Path> dashboards() throws IOException {
        try (Stream<Path> files = Files.list(Repository.deploy().resolve("grafana"))) {
            return files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
        }
    }

    /** Every "bothub.…" string in the services' and service-support's sources, in Prometheus form. */
    private static Set<String> meterNames() {
        Set<String> names = new TreeSet<>();
        for (String module : Repository.rootModules()) {
            Path sources = Repository.root().resolve(module).resolve("src/main/java");
            if (!Files.isDirectory(sources)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(sources)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                    Matcher name = METER_NAME.matcher(Files.readString(file));
                    while (name.find()) {
                        names.add(name.group(1).replace('.', '_'));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return names;
    }
}
