/**
 * The event contracts BotHub's services share over Kafka: topic declarations ({@link io.bothub.events.Topics}),
 * the CloudEvents 1.0 envelope ({@link io.bothub.events.EventEnvelope}) and its Kafka binary-mode binding
 * ({@link io.bothub.events.CloudEventsKafkaCodec}), and one package of immutable payload records per producing
 * service. Changes here are additive: a field is never renamed or removed within a version.
 */
@NullMarked
package io.bothub.events;

import org.jspecify.annotations.NullMarked;
