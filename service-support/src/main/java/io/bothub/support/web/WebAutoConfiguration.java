package io.bothub.support.web;

import java.lang.annotation.ElementType;
import java.util.List;

import jakarta.validation.Path;
import jakarta.validation.TraversableResolver;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.validation.autoconfigure.ValidationConfigurationCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Registered before Spring MVC's problem-details support, so BotHub's advice is the one in force. */
@AutoConfiguration(beforeName = "org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration")
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
public class WebAutoConfiguration {

    @Bean
    ProblemDetailsAdvice problemDetailsAdvice() {
        return new ProblemDetailsAdvice();
    }

    /** Controllers take a {@link Caller} parameter. */
    @Bean
    WebMvcConfigurer callerResolution() {
        return new WebMvcConfigurer() {
            @Override
            public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
                resolvers.add(new CallerArgumentResolver());
            }
        };
    }

    /**
     * Every property of a request body is reachable. With JPA on the class path Hibernate Validator otherwise asks
     * JPA's persistence util, for each property of each validated object, whether it is loaded: our request bodies
     * are plain records, never entities, and that question was a few percent of a busy service's CPU.
     */
    @Bean
    ValidationConfigurationCustomizer everyPropertyReachable() {
        return configuration -> configuration.traversableResolver(new TraversableResolver() {
            @Override
            public boolean isReachable(Object object, Path.Node property, Class<?> rootBeanType, Path pathToObject,
                    ElementType elementType) {
                return true;
            }

            @Override
            public boolean isCascadable(Object object, Path.Node property, Class<?> rootBeanType, Path pathToObject,
                    ElementType elementType) {
                return true;
            }
        });
    }

    @Bean
    FilterRegistrationBean<RequestIdFilter> requestIdFilter() {
        FilterRegistrationBean<RequestIdFilter> registration = new FilterRegistrationBean<>(new RequestIdFilter());
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }
}
