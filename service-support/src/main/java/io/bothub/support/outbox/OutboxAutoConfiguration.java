package io.bothub.support.outbox;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.bothub.events.CloudEventsKafkaCodec;
import io.bothub.support.ServiceIdentity;
import io.micrometer.core.instrument.MeterRegistry;

@AutoConfiguration(afterName = {
        "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
        "org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration",
        "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration",
        "org.springframework.boot.data.jpa.autoconfigure.DataJpaRepositoriesAutoConfiguration",
        "org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration" },
        after = io.bothub.support.messaging.MessagingAutoConfiguration.class)
@ConditionalOnBean(PlatformTransactionManager.class)
@EnableConfigurationProperties(OutboxSettings.class)
public class OutboxAutoConfiguration {

    @Bean
    OutboxRelay outboxRelay(JdbcClient jdbc, PlatformTransactionManager transactionManager,
            KafkaTemplate<String, Object> kafka, OutboxSettings settings, MeterRegistry meters) {
        return new OutboxRelay(jdbc, new TransactionTemplate(transactionManager), kafka, settings, meters);
    }

    @Bean
    Outbox outbox(JdbcClient jdbc, CloudEventsKafkaCodec codec, ServiceIdentity service, OutboxRelay relay) {
        return new Outbox(jdbc, codec, service, relay);
    }
}
