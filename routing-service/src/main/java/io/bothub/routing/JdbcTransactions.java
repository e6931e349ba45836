package io.bothub.routing;

import javax.sql.DataSource;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.support.JdbcTransactionManager;

/**
 * routing-service reads and writes with JDBC only, so its transactions are plain JDBC ones (JPA is left out in
 * application.yml): a JPA transaction opens and closes a Hibernate session each time, about a fifth of what writing a
 * batch of sessions cost. Declared here rather than left to Spring Boot's JDBC default because service-support's inbox
 * and outbox configurations look for a transaction manager before that default is defined.
 */
@Configuration(proxyBeanMethods = false)
class JdbcTransactions {

    @Bean
    JdbcTransactionManager transactionManager(DataSource dataSource) {
        return new JdbcTransactionManager(dataSource);
    }
}
