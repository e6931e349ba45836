package io.bothub.support.web;

import java.net.URI;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.slf4j.MDC;

/**
 * The one error shape of BotHub (RFC 9457): {@code type}, {@code title}, {@code status}, {@code detail},
 * {@code instance}, plus {@code requestId} and, for invalid input, {@code errors} (field and reason). The gateway
 * produces the same shape for its own errors.
 */
public final class Problems {

    public static final String TYPE_BASE = "https://bothub.io/problems/";

    private Problems() {
    }

    /** A problem of type {@code TYPE_BASE + slug}. */
    public static ProblemDetail of(HttpStatusCode status, String slug, String title, @Nullable String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create(TYPE_BASE + slug));
        problem.setTitle(title);
        return problem;
    }

    /** Adds the request id of the current request, when there is one. */
    static ProblemDetail withRequestId(ProblemDetail problem) {
        String requestId = MDC.get(RequestIdFilter.MDC_KEY);
        if (requestId != null) {
            problem.setProperty("requestId", requestId);
        }
        return problem;
    }
}
