package io.bothub.bot.fleet;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import io.bothub.events.BotHubEvent;
import io.bothub.events.EventEnvelope;
import io.bothub.events.Topics;
import io.bothub.events.skill.SkillInstalled;
import io.bothub.support.inbox.IdempotentConsumer;

/**
 * A bot that installs a skill from the marketplace (skill-service's {@code SkillInstalled}) gains the skill's
 * capabilities: they are appended to its declared ones, those it has already kept where they are. A change is
 * announced like any configuration change ({@code BotUpdated}), so routing sees the new capabilities; an install that
 * adds nothing new changes and announces nothing. The bot is looked up in the event's tenant only; a bot that does
 * not exist there is ignored.
 */
@Component
class SkillCapabilities {

    static final String CONSUMER = "skill-capabilities";

    private final IdempotentConsumer idempotent;
    private final JdbcClient jdbc;
    private final ConfiguringBots configuring;

    SkillCapabilities(IdempotentConsumer idempotent, JdbcClient jdbc, ConfiguringBots configuring) {
        this.idempotent = idempotent;
        this.jdbc = jdbc;
        this.configuring = configuring;
    }

    @KafkaListener(topics = Topics.SKILL_EVENTS)
    void on(EventEnvelope<BotHubEvent> event) {
        if (event.data() instanceof SkillInstalled installed && !installed.capabilities().isEmpty()) {
            idempotent.apply(CONSUMER, event, e -> add(e.tenantId(), installed));
        }
    }

    private void add(String tenantId, SkillInstalled installed) {
        int changed = jdbc.sql("""
                update bot set capabilities = capabilities
                        || array(select c from unnest(cast(:caps as text[])) with ordinality as n(c, i)
                                 where c <> all(capabilities) order by i),
                    updated_at = now()
                where tenant_id = :t and bot_id = :b and not capabilities @> cast(:caps as text[])
                """)
                .param("caps", installed.capabilities().stream().distinct().toArray(String[]::new))
                .param("t", tenantId).param("b", installed.botId())
                .update();
        if (changed > 0) {
            configuring.announce(tenantId, installed.botId());
        }
    }
}
