package io.bothub.support.web;

/** One reason an input was refused: the field (a JSON path such as {@code capabilities[2]}) and why. */
public record FieldProblem(String field, String reason) {
}
