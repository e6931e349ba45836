package io.bothub.support.web;

import org.springframework.core.MethodParameter;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/** Gives controllers a {@link Caller} parameter, read from the headers the gateway sets. */
class CallerArgumentResolver implements HandlerMethodArgumentResolver {

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return parameter.getParameterType() == Caller.class;
    }

    @Override
    public Caller resolveArgument(MethodParameter parameter, ModelAndViewContainer mavContainer,
            NativeWebRequest request, WebDataBinderFactory binderFactory) {
        String tenant = request.getHeader(Caller.TENANT_HEADER);
        if (tenant == null || tenant.isBlank()) {
            throw new ProblemException(HttpStatus.BAD_REQUEST, "missing-tenant", "Missing tenant",
                    "the request carries no " + Caller.TENANT_HEADER + " header; requests reach services through the gateway, which sets it");
        }
        return Caller.fromHeaders(tenant.trim(), request.getHeader(Caller.PRINCIPAL_HEADER),
                request.getHeader(Caller.SCOPES_HEADER));
    }
}
