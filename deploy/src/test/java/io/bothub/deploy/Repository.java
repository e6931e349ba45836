package io.bothub.deploy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.xml.parsers.DocumentBuilderFactory;

import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

import com.fasterxml.jackson.databind.JsonNode;

import io.bothub.deploy.kustomize.YamlDocuments;

/**
 * The repository around the deploy module, read the way a reviewer would: the modules the root pom builds and what
 * each service's application.yml says about its port and database. The manifests are checked against these, so
 * a new service module or a changed port fails the deploy tests until deploy/ follows.
 */
public final class Repository {

    private Repository() {
    }

    /** A deployable module: {@code gateway} or a module whose name ends in {@code -service}. */
    public record ServiceModule(String name, int port, Optional<String> database) {

        public boolean isGateway() {
            return name.equals("gateway");
        }

        /** The CloudNativePG cluster that holds its database. */
        public String databaseCluster() {
            return "bothub-" + name + "-db";
        }
    }

    public static Path root() {
        Path deploy = Path.of(System.getProperty("basedir", "")).toAbsolutePath().normalize();
        if (!Files.isDirectory(deploy.resolve("k8s"))) {
            throw new IllegalStateException(deploy + " is not the deploy module (run the tests from Maven)");
        }
        return deploy.getParent();
    }

    public static Path deploy() {
        return root().resolve("deploy");
    }

    /** Every {@code <module>} of the root pom that ends in {@code -service}, plus {@code gateway}. */
    public static List<ServiceModule> serviceModules() {
        List<ServiceModule> services = new ArrayList<>();
        for (String module : rootModules()) {
            if (module.equals("gateway") || module.endsWith("-service")) {
                services.add(serviceModule(module));
            }
        }
        return services;
    }

    /** The root pom's own version: the tag of the images build-images.sh makes. */
    public static String projectVersion() {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            Document pom = factory.newDocumentBuilder().parse(root().resolve("pom.xml").toFile());
            NodeList children = pom.getDocumentElement().getChildNodes();
            for (int i = 0; i < children.getLength(); i++) {
                if ("version".equals(children.item(i).getNodeName())) {
                    return children.item(i).getTextContent().trim();
                }
            }
            throw new IllegalStateException("the root pom.xml has no version");
        } catch (IllegalStateException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the root pom.xml", e);
        }
    }

    public static List<String> rootModules() {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            Document pom = factory.newDocumentBuilder().parse(root().resolve("pom.xml").toFile());
            NodeList modules = pom.getElementsByTagName("module");
            List<String> names = new ArrayList<>();
            for (int i = 0; i < modules.getLength(); i++) {
                names.add(modules.item(i).getTextContent().trim());
            }
            return names;
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the root pom.xml", e);
        }
    }

    /** The module's own application.yml. */
    public static JsonNode applicationYml(String module) {
        return YamlDocuments.readOne(root().resolve(module).resolve("src/main/resources/application.yml"));
    }

    private static ServiceModule serviceModule(String module) {
        JsonNode settings = applicationYml(module);
        int port = settings.path("server").path("port").asInt(0);
        if (port == 0) {
            throw new IllegalStateException(module + "'s application.yml sets no server.port");
        }
        String url = settings.path("spring").path("datasource").path("url").asText("");
        Optional<String> database = url.isEmpty() ? Optional.empty()
                : Optional.of(url.substring(url.lastIndexOf('/') + 1).replaceAll("\\?.*", ""));
        return new ServiceModule(module, port, database);
    }
}
