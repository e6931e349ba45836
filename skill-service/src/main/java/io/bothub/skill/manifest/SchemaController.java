package io.bothub.skill.manifest;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** Publishes the manifest schema, the very document manifests are validated against. No credentials needed beyond the gateway's. */
@RestController
class SchemaController {

    private final ManifestSchema schema;

    SchemaController(ManifestSchema schema) {
        this.schema = schema;
    }

    @GetMapping("/api/v1/skills/schema")
    ResponseEntity<String> schema() {
        return ResponseEntity.ok().contentType(MediaType.parseMediaType("application/schema+json")).body(schema.text());
    }
}
