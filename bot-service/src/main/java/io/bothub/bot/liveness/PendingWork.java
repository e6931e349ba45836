package io.bothub.bot.liveness;

import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import io.bothub.events.BotHubEvent;
import io.bothub.events.EventEnvelope;
import io.bothub.events.Topics;
import io.bothub.events.command.CommandQueued;
import io.bothub.events.command.CommandStatusChanged;
import io.bothub.support.messaging.EventBatches;
import io.bothub.support.redis.RedisSettings;

/**
 * How many commands wait in each bot's queue, kept from command-service's events so that a heartbeat's answer can
 * tell a bot behind NAT there is work to pull (seed 000 answers a heartbeat with pending work) without asking
 * command-service. A command counts from {@code command.queued} until it leaves the queued state; a retried one
 * counts again; the heartbeat script reads the count ({@link LiveFleet#beat}). Counting is once per event: the
 * event id is remembered in Redis ({@link HeartbeatSettings#pendingWorkSeenFor()}), in the same script that counts.
 *
 * <p>A poll of events is counted by one script call (every command's events pass through here, so a round trip per
 * event was most of this service's work under command load); its topics are batch topics (application.yml).
 */
@Component
class PendingWork {

    /**
     * KEYS: per change, the event's seen-key then the tenant's hash; ARGV: per change, the bot then the delta, and
     * last the seconds a seen-key lives.
     */
    private static final String COUNT = """
            local seenFor = ARGV[#ARGV]
            for i = 1, #KEYS, 2 do
              if redis.call('SET', KEYS[i], '1', 'NX', 'EX', seenFor) then
                redis.call('HINCRBY', KEYS[i + 1], ARGV[i], ARGV[i + 1])
              end
            end
            return 0
            """;

    private final RedissonClient redis;
    private final RedisSettings settings;
    private final String seenForSeconds;

    PendingWork(RedissonClient redis, RedisSettings settings, HeartbeatSettings heartbeats) {
        this.redis = redis;
        this.settings = settings;
        this.seenForSeconds = Long.toString(Math.max(1, heartbeats.pendingWorkSeenFor().toSeconds()));
    }

    @KafkaListener(topics = {Topics.COMMAND_QUEUED, Topics.COMMAND_STATUS}, containerFactory = EventBatches.CONTAINER_FACTORY)
    void on(List<ConsumerRecord<String, EventEnvelope<BotHubEvent>>> records) {
        List<Object> keys = new ArrayList<>();
        List<Object> changes = new ArrayList<>();
        for (EventEnvelope<BotHubEvent> event : EventBatches.events(records)) {
            switch (event.data()) {
                case CommandQueued queued -> add(keys, changes, event, queued.botId(), 1);
                case CommandStatusChanged changed when changed.previousStatus().equals("queued")
                        && !changed.newStatus().equals("queued") -> add(keys, changes, event, changed.botId(), -1);
                case CommandStatusChanged changed when changed.newStatus().equals("queued") ->
                        add(keys, changes, event, changed.botId(), 1);
                default -> {
                    // Later states of a command already out of the queue.
                }
            }
        }
        if (!keys.isEmpty()) {
            changes.add(seenForSeconds);
            redis.getScript(StringCodec.INSTANCE).eval(RScript.Mode.READ_WRITE, COUNT, RScript.ReturnType.LONG, keys,
                    changes.toArray());
        }
    }

    /*
     * The count may dip below zero for a moment: a command's status change (command.status) can be read before its
     * queueing (command.queued), as the two topics are read independently. Adding and taking away in any order ends
     * at the same count, which clamping at zero here would not; the heartbeat shows max(0, count).
     */
    private void add(List<Object> keys, List<Object> changes, EventEnvelope<BotHubEvent> event, String botId, int delta) {
        keys.add(settings.key("bot:pending-work:seen:" + event.id()));
        keys.add(key(event.tenantId()));
        changes.add(botId);
        changes.add(Integer.toString(delta));
    }

    private String key(String tenantId) {
        return key(settings, tenantId);
    }

    /** The tenant's hash of commands waiting per bot. */
    static String key(RedisSettings settings, String tenantId) {
        return settings.key("bot:pending-work:" + tenantId);
    }
}
