package io.bothub.deploy.images;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

import io.bothub.deploy.Repository;

/** deploy/images/base-image.properties: what the base image is built from. */
record ImageRecipe(String id, String layer, String user, String jdkVersion, String jlinkModules,
        Map<String, String> debianPackages) {

    static ImageRecipe load() {
        Properties recipe = new Properties();
        try (Reader reader = Files.newBufferedReader(Repository.deploy().resolve("images/base-image.properties"))) {
            recipe.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> packages = new TreeMap<>();
        recipe.stringPropertyNames().stream().filter(name -> name.startsWith("deb."))
                .forEach(name -> packages.put(name.substring(4), recipe.getProperty(name).trim()));
        return new ImageRecipe(recipe.getProperty("image.id"), recipe.getProperty("image.layer"),
                recipe.getProperty("image.user"), recipe.getProperty("jdk.version"),
                recipe.getProperty("jlink.modules", "").replaceAll("\\s", ""), packages);
    }
}
