package io.bothub.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The Spring properties a service (or the gateway) understands, so that an environment variable set for it in
 * Kubernetes or Docker Compose can be checked to set one of them rather than nothing at all (Spring ignores an
 * environment variable that binds to no property, so a typo would silently leave the default in force).
 * <p>
 * A property is known when it is in the module's application.yml, a {@code ${placeholder}} or a component of a
 * {@code @ConfigurationProperties} record in its sources (and, for a module built on service-support, in
 * service-support's platform defaults and sources), or in the configuration metadata Spring Boot's jars carry ({@code spring.*}, {@code server.*},
 * {@code management.*}, …). Names are compared in Spring's canonical form, the way an environment variable binds:
 * {@code BOTHUB_SERVICES_TENANTURL} is {@code bothub.services.tenanturl}, which is also the canonical form of
 * {@code bothub.services.tenant-url}.
 */
public final class ServiceProperties {

    /** Environment variables read by the JVM, not by Spring. */
    private static final Set<String> JVM_VARIABLES = Set.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS");

    private static final Pattern PROPERTIES_RECORD = Pattern.compile(
            "@ConfigurationProperties\\((?:prefix\\s*=\\s*|value\\s*=\\s*)?\"([^\"]+)\"\\)\\s*(?:public\\s+)?record\\s+(\\w+)");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([a-zA-Z0-9.\\-\\[\\]]+)[:}]");
    private static final Pattern RECORD = Pattern.compile("record\\s+(\\w+)\\s*\\(");

    private static final Map<String, ServiceProperties> CACHE = new HashMap<>();
    private static Set<String> springBootProperties;
    private static Set<String> springBootMapPrefixes;

    private final String module;
    private final Set<String> properties = new HashSet<>();
    private final Set<String> mapPrefixes = new HashSet<>();

    private ServiceProperties(String module) {
        this.module = module;
        flatten("", Repository.applicationYml(module));
        configurationProperties(Repository.root().resolve(module).resolve("src/main/java"));
        if (usesServiceSupport(module)) {
            Properties defaults = new Properties();
            try (InputStream in = Files.newInputStream(Repository.root()
                    .resolve("service-support/src/main/resources/bothub-platform-defaults.properties"))) {
                defaults.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            defaults.stringPropertyNames().forEach(this::add);
            configurationProperties(Repository.root().resolve("service-support/src/main/java"));
        }
        loadSpringBootMetadata();
        properties.addAll(springBootProperties);
        mapPrefixes.addAll(springBootMapPrefixes);
    }

    public static synchronized ServiceProperties of(String module) {
        return CACHE.computeIfAbsent(module, ServiceProperties::new);
    }

    /** Whether the environment variable sets a property of this module (or is one the JVM reads). */
    public boolean understands(String environmentVariable) {
        if (JVM_VARIABLES.contains(environmentVariable)) {
            return true;
        }
        String name = environmentVariable.toLowerCase(Locale.ROOT).replace('_', '.');
        if (properties.contains(name)) {
            return true;
        }
        return mapPrefixes.stream().anyMatch(prefix -> name.startsWith(prefix + ".") && name.length() > prefix.length() + 1);
    }

    @Override
    public String toString() {
        return module;
    }

    /** Spring's canonical form of a property name: lower case, without dashes. */
    static String canonical(String property) {
        return property.toLowerCase(Locale.ROOT).replace("-", "");
    }

    /**
     * Both forms an environment variable may bind a property in: the canonical one ({@code …_TENANTURL}) and the
     * legacy one Spring Boot's SystemEnvironmentPropertyMapper also accepts, dashes as underscores
     * ({@code SPRING_LIFECYCLE_TIMEOUT_PER_SHUTDOWN_PHASE}).
     */
    private void add(String property) {
        properties.add(canonical(property));
        properties.add(legacy(property));
    }

    private void addMap(String property) {
        mapPrefixes.add(canonical(property));
        mapPrefixes.add(legacy(property));
    }

    static String legacy(String property) {
        return property.toLowerCase(Locale.ROOT).replace('-', '.');
    }

    private void flatten(String prefix, JsonNode node) {
        if (node.isObject()) {
            node.properties().forEach(field -> {
                String key = field.getKey();
                if (key.startsWith("[") && key.endsWith("]")) {
                    key = key.substring(1, key.length() - 1);
                }
                flatten(prefix.isEmpty() ? key : prefix + "." + key, field.getValue());
            });
        } else if (!prefix.isEmpty()) {
            add(prefix);
        }
    }

    /** The components of every {@code @ConfigurationProperties} record under {@code sources}, nested records too. */
    private void configurationProperties(Path sources) {
        if (!Files.isDirectory(sources)) {
            return;
        }
        try (Stream<Path> files = Files.walk(sources)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String source = Files.readString(file);
                Matcher placeholder = PLACEHOLDER.matcher(source);
                while (placeholder.find()) {
                    add(placeholder.group(1));
                }
                Matcher annotated = PROPERTIES_RECORD.matcher(source);
                while (annotated.find()) {
                    Map<String, String> records = records(source);
                    addComponents(annotated.group(1), annotated.group(2), records, 0);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void addComponents(String prefix, String record, Map<String, String> records, int depth) {
        String parameters = records.get(record);
        if (parameters == null || depth > 5) {
            return;
        }
        for (String parameter : splitTopLevel(parameters)) {
            String declaration = parameter.replaceAll("@\\w+(\\([^)]*\\))?", "").trim();
            if (declaration.isEmpty()) {
                continue;
            }
            int space = declaration.lastIndexOf(' ');
            String type = declaration.substring(0, space).trim();
            String name = prefix + "." + kebab(declaration.substring(space + 1).trim());
            String rawType = type.replaceAll("<.*", "");
            if (rawType.equals("Map")) {
                addMap(name);
            } else if (records.containsKey(rawType)) {
                addComponents(name, rawType, records, depth + 1);
            } else {
                // A scalar, a list, an enum or a type defined elsewhere: bound as a value.
                add(name);
            }
        }
    }

    private static boolean usesServiceSupport(String module) {
        try {
            return Files.readString(Repository.root().resolve(module).resolve("pom.xml"))
                    .contains("<artifactId>service-support</artifactId>");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** currentKeyId -> current-key-id, as Spring names a record component. */
    private static String kebab(String component) {
        return component.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    /** Every record declared in the source, by name, with its parameter list. */
    private static Map<String, String> records(String source) {
        Map<String, String> records = new HashMap<>();
        Matcher matcher = RECORD.matcher(source);
        while (matcher.find()) {
            int depth = 1;
            int start = matcher.end();
            int i = start;
            while (i < source.length() && depth > 0) {
                char c = source.charAt(i);
                if (c == '(') {
                    depth++;
                } else if (c == ')') {
                    depth--;
                }
                i++;
            }
            records.put(matcher.group(1), source.substring(start, i - 1));
        }
        return records;
    }

    private static List<String> splitTopLevel(String parameters) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        StringBuilder current = new StringBuilder();
        for (char c : parameters.toCharArray()) {
            if (c == '<' || c == '(') {
                depth++;
            } else if (c == '>' || c == ')') {
                depth--;
            }
            if (c == ',' && depth == 0) {
                parts.add(current.toString());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        if (!current.isEmpty()) {
            parts.add(current.toString());
        }
        return parts;
    }

    /**
     * Spring Boot's configuration metadata on the test classpath: the Boot modules service-support brings (web
     * server, JDBC, JPA, Flyway, Kafka, actuator, ...), each jar's META-INF/spring-configuration-metadata.json.
     */
    private static synchronized void loadSpringBootMetadata() {
        if (springBootProperties != null) {
            return;
        }
        Set<String> names = new HashSet<>();
        Set<String> maps = new HashSet<>();
        JsonMapper json = JsonMapper.builder().build();
        try {
            for (String resource : List.of("META-INF/spring-configuration-metadata.json",
                    "META-INF/additional-spring-configuration-metadata.json")) {
                Enumeration<URL> urls = ServiceProperties.class.getClassLoader().getResources(resource);
                for (URL url : Collections.list(urls)) {
                    try (InputStream in = url.openStream()) {
                        for (JsonNode property : json.readTree(in).path("properties")) {
                            String name = property.path("name").asText();
                            names.add(canonical(name));
                            names.add(legacy(name));
                            if (property.path("type").asText().startsWith("java.util.Map")) {
                                maps.add(canonical(name));
                                maps.add(legacy(name));
                            }
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (names.stream().noneMatch(name -> name.equals("spring.datasource.url"))) {
            throw new IllegalStateException("Spring Boot's configuration metadata is not on the test classpath");
        }
        springBootProperties = names;
        springBootMapPrefixes = maps;
    }
}
