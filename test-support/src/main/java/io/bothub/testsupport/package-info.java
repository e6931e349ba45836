/**
 * Real infrastructure for BotHub's tests. Annotate a {@code @SpringBootTest} with {@link WithRealInfrastructure}
 * and it runs against a real Kafka broker, a PostgreSQL database created for that Spring context alone, and Redis.
 */
package io.bothub.testsupport;
