package io.bothub.metrics.ingest;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.BeanProperty;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.deser.std.StdDeserializer;
import tools.jackson.databind.ext.javatime.deser.InstantDeserializer;
import tools.jackson.databind.type.LogicalType;

/**
 * Jackson's own {@link InstantDeserializer}, with the canonical shape BotHub writes read first by
 * {@link CanonicalTimestamps}. Every other token (offsets, numbers, odd or bad text) goes to Jackson's, which
 * accepts or refuses it exactly as without this class.
 */
final class CanonicalInstantDeserializer extends StdDeserializer<Instant> {

    private final ValueDeserializer<?> jackson;

    CanonicalInstantDeserializer() {
        this(InstantDeserializer.INSTANT);
    }

    private CanonicalInstantDeserializer(ValueDeserializer<?> jackson) {
        super(Instant.class);
        this.jackson = jackson;
    }

    @Override
    public ValueDeserializer<?> createContextual(DeserializationContext context, @Nullable BeanProperty property) {
        ValueDeserializer<?> contextual = jackson.createContextual(context, property);
        return contextual == jackson ? this : new CanonicalInstantDeserializer(contextual);
    }

    @Override
    public Instant deserialize(JsonParser parser, DeserializationContext context) throws JacksonException {
        if (parser.hasToken(JsonToken.VALUE_STRING)) {
            Instant canonical = CanonicalTimestamps.parse(parser.getStringCharacters(), parser.getStringOffset(),
                    parser.getStringLength());
            if (canonical != null) {
                return canonical;
            }
        }
        return (Instant) jackson.deserialize(parser, context);
    }

    @Override
    public LogicalType logicalType() {
        return jackson.logicalType();
    }
}
