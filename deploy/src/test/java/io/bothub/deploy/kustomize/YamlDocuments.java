package io.bothub.deploy.kustomize;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * YAML files read the way kubectl reads them: YAML 1.1 scalars (an unquoted {@code yes} is a boolean, as for
 * kubectl's decoder), duplicate keys refused, empty documents skipped.
 */
public final class YamlDocuments {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private YamlDocuments() {
    }

    /** Every non-empty document of the file, as a JSON tree. */
    public static List<JsonNode> read(Path file) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        Yaml yaml = new Yaml(new SafeConstructor(options));
        List<JsonNode> documents = new ArrayList<>();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (Object document : yaml.loadAll(reader)) {
                if (document != null) {
                    documents.add(JSON.valueToTree(document));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            throw new KustomizeException(file + ": not valid YAML: " + e.getMessage(), e);
        }
        return documents;
    }

    /** The file's one document. */
    public static JsonNode readOne(Path file) {
        List<JsonNode> documents = read(file);
        if (documents.size() != 1) {
            throw new KustomizeException(file + ": expected one YAML document, found " + documents.size());
        }
        return documents.getFirst();
    }
}
