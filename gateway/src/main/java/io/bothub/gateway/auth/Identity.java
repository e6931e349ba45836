package io.bothub.gateway.auth;

import java.util.List;

/** Who a request speaks for, as the gateway verified it. */
public record Identity(String tenantId, String principal, List<String> scopes) {
}
