package io.bothub.support.inbox;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

@AutoConfiguration(afterName = {
        "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
        "org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration",
        "org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration" })
@ConditionalOnBean(PlatformTransactionManager.class)
@EnableConfigurationProperties(InboxSettings.class)
// The processed-event pruner runs on Spring's scheduler.
@EnableScheduling
public class InboxAutoConfiguration {

    @Bean
    ProcessedEventPruner processedEventPruner(JdbcClient jdbc, InboxSettings settings) {
        return new ProcessedEventPruner(jdbc, settings);
    }

    @Bean
    ProcessedEvents processedEvents(JdbcClient jdbc) {
        return new ProcessedEvents(jdbc);
    }

    /** Erases a deleted tenant's rows from this service's database; off only where a service keeps none. */
    @Bean
    @ConditionalOnProperty(name = "bothub.tenant-deletion.enabled", havingValue = "true", matchIfMissing = true)
    TenantDataDeletion tenantDataDeletion(IdempotentConsumer idempotent, JdbcClient jdbc,
            ApplicationEventPublisher events) {
        return new TenantDataDeletion(idempotent, jdbc, events);
    }

    @Bean
    IdempotentConsumer idempotentConsumer(ProcessedEvents processed, PlatformTransactionManager transactionManager) {
        return new IdempotentConsumer(processed, new TransactionTemplate(transactionManager));
    }
}
