package io.bothub.support.web;

import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/**
 * A refusal a service states on purpose, rendered as problem details. Thrown before anything is changed, or
 * from inside the transaction so the change rolls back.
 */
public class ProblemException extends ErrorResponseException {

    public ProblemException(HttpStatus status, String slug, String title, @Nullable String detail) {
        super(status, Problems.of(status, slug, title, detail), null);
    }

    /** 404: the resource does not exist for this caller (also what another tenant's resource looks like). */
    public static ProblemException notFound(String what, String id) {
        return new ProblemException(HttpStatus.NOT_FOUND, "not-found", "Not found", what + " '" + id + "' not found");
    }

    /** 409: the request conflicts with the resource's current state. */
    public static ProblemException conflict(String slug, String detail) {
        return new ProblemException(HttpStatus.CONFLICT, slug, "Conflict", detail);
    }

    /** 400 with the fields at fault. */
    public static ProblemException invalid(List<FieldProblem> errors) {
        ProblemException problem = new ProblemException(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request",
                errors.size() == 1 ? errors.getFirst().field() + ": " + errors.getFirst().reason()
                        : errors.size() + " fields are invalid");
        problem.getBody().setProperty("errors", List.copyOf(errors));
        return problem;
    }
}
