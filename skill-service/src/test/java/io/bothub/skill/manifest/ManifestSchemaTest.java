package io.bothub.skill.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.bothub.skill.SkillHttp;
import io.bothub.support.web.FieldProblem;
import io.bothub.support.web.ProblemException;

/** Each kind of manifest error comes back as the field at fault and a reason a person can act on. */
class ManifestSchemaTest {

    private final ManifestSchema schema = new ManifestSchema();

    @Test
    void aValidYamlManifestAndTheSameAsJsonReadAlike() {
        Manifest yaml = schema.read(SkillHttp.manifest("route-planner", "1.2.0", "public", "Plans routes",
                "logistics, 路线", "route-planning"), "application/yaml");
        Manifest json = schema.read("""
                {"name":"route-planner","version":"1.2.0","visibility":"public","description":"Plans routes",
                 "tags":["logistics","路线"],"capabilities":["route-planning"],"permissions":["http.fetch"],
                 "inputs":[{"name":"query","type":"string","required":true}],"outputs":[{"name":"answer","type":"string"}],
                 "content":{"prompt":"Answer the query."}}""", "application/json");

        assertThat(yaml).isEqualTo(json);
        assertThat(yaml.version().major()).isEqualTo(1);
        assertThat(yaml.tags()).containsExactly("logistics", "路线");
        assertThat(yaml.capabilities()).containsExactly("route-planning");
    }

    @Test
    void visibilityDefaultsToPrivate() {
        assertThat(schema.read("name: x1\nversion: 0.1.0\ndescription: d\ncontent: text", "text/yaml").visibility())
                .isEqualTo("private");
    }

    @Test
    void missingRequiredFieldsAreEachNamed() {
        assertThat(problems("tags: [a]")).containsExactly(
                new FieldProblem("content", "is required"), new FieldProblem("description", "is required"),
                new FieldProblem("name", "is required"), new FieldProblem("version", "is required"));
    }

    @Test
    void anUnknownFieldIsNamed() {
        assertThat(problems(valid() + "colour: blue\n"))
                .containsExactly(new FieldProblem("colour", "is not a field of a skill manifest"));
    }

    @Test
    void aBadNameSaysWhatANameIs() {
        assertThat(problems(valid().replace("name: good-skill", "name: Bad Name!"))).containsExactly(new FieldProblem("name",
                "must be 1-64 lower-case letters, digits or '-', starting and ending with a letter or digit"));
    }

    @Test
    void aVersionThatIsNotSemanticIsRefused() {
        for (String bad : List.of("1.0", "v1.0.0", "01.2.3", "1.2.3.4", "latest")) {
            assertThat(problems(valid().replace("version: 1.0.0", "version: '" + bad + "'"))).as(bad).containsExactly(
                    new FieldProblem("version", "must be a semantic version MAJOR.MINOR.PATCH, such as 1.0.0 or 2.1.0-rc.1"));
        }
    }

    @Test
    void aWrongTypeSaysTheTypeExpected() {
        assertThat(problems(valid().replace("tags: [chat]", "tags: chat")))
                .containsExactly(new FieldProblem("tags", "must be an array"));
    }

    @Test
    void problemsInsideListsNameTheElement() {
        String manifest = valid() + """
                inputs:
                  - {name: query, type: string}
                  - {name: 2nd, type: blob}
                  - {type: string}
                """;
        assertThat(problems(manifest)).containsExactly(
                new FieldProblem("inputs[1].name", "must be an identifier: letters, digits or '_', not starting with a digit"),
                new FieldProblem("inputs[1].type", "must be one of string, number, integer, boolean, object, array, file"),
                new FieldProblem("inputs[2].name", "is required"));
    }

    @Test
    void repeatedTagsBadCapabilitiesAndEmptyContentAreRefused() {
        String manifest = valid().replace("tags: [chat]", "tags: [chat, chat]")
                .replace("content: {prompt: hi}", "content: {}") + "capabilities: [Route Planning]\n";
        assertThat(problems(manifest)).containsExactly(
                new FieldProblem("capabilities[0]", "must be a lower-case capability name of 1-64 letters, digits or . _ : -"),
                new FieldProblem("content", "must not be empty"),
                new FieldProblem("tags", "must not repeat a tag"));
    }

    @Test
    void unreadableYamlSaysWhere() {
        assertThatThrownBy(() -> schema.read("name: [unclosed\nversion: 1.0.0", "application/yaml"))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(fieldProblems(e)).singleElement().satisfies(p -> {
                        assertThat(p.field()).isEqualTo("manifest");
                        assertThat(p.reason()).startsWith("is not readable YAML or JSON at line");
                    });
                });
    }

    @Test
    void aManifestThatIsNotAMappingIsRefused() {
        assertThat(problems("- just\n- a list\n")).containsExactly(new FieldProblem("manifest", "must be an object"));
    }

    private static String valid() {
        return "name: good-skill\nversion: 1.0.0\ndescription: Does good\ntags: [chat]\ncontent: {prompt: hi}\n";
    }

    private List<FieldProblem> problems(String yaml) {
        try {
            schema.read(yaml, "application/yaml");
        } catch (ProblemException e) {
            return fieldProblems(e);
        }
        return List.of();
    }

    @SuppressWarnings("unchecked")
    private static List<FieldProblem> fieldProblems(ProblemException e) {
        return (List<FieldProblem>) e.getBody().getProperties().get("errors");
    }
}
