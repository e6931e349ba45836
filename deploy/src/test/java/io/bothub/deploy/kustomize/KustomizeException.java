package io.bothub.deploy.kustomize;

/** A kustomization that cannot be rendered, or uses a feature this renderer does not implement. */
public final class KustomizeException extends RuntimeException {

    public KustomizeException(String message) {
        super(message);
    }

    public KustomizeException(String message, Throwable cause) {
        super(message, cause);
    }
}
