package io.bothub.support;

import java.nio.charset.StandardCharsets;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

final class Records {

    private Records() {
    }

    static String headerNames(ConsumerRecord<?, ?> record) {
        StringBuilder names = new StringBuilder();
        record.headers().forEach(h -> names.append(h.key()).append(' '));
        return names.toString();
    }

    static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
