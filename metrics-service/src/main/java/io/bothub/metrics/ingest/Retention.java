package io.bothub.metrics.ingest;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Keeps history bounded: minute buckets serve windows up to an hour and charts up to a day, hour buckets the 1d
 * window and long charts. Commands never answered leave command_in_flight after a day.
 */
@Component
@EnableConfigurationProperties(Retention.Settings.class)
class Retention {

    /** {@code bothub.metrics.retention.*}. */
    @ConfigurationProperties("bothub.metrics.retention")
    record Settings(@DefaultValue("2d") Duration minutes, @DefaultValue("400d") Duration hours,
            @DefaultValue("90d") Duration errors, @DefaultValue("1d") Duration unansweredCommands) {
    }

    private static final Logger log = LoggerFactory.getLogger(Retention.class);

    private final JdbcClient jdbc;
    private final Settings settings;
    private final Clock clock;

    Retention(JdbcClient jdbc, Settings settings, Clock clock) {
        this.jdbc = jdbc;
        this.settings = settings;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${bothub.metrics.retention.interval:1h}", initialDelayString = "1m")
    void prune() {
        Instant now = clock.instant();
        int minutes = jdbc.sql("delete from bot_minute where minute < :m")
                .param("m", now.minus(settings.minutes()).getEpochSecond() / 60).update();
        int hours = jdbc.sql("delete from bot_hour where hour < :h")
                .param("h", now.minus(settings.hours()).getEpochSecond() / 3600).update();
        jdbc.sql("delete from rating_hour where hour < :h")
                .param("h", now.minus(settings.hours()).getEpochSecond() / 3600).update();
        int errors = jdbc.sql("delete from bot_error where occurred_at < :t")
                .param("t", Timestamp.from(now.minus(settings.errors()))).update();
        jdbc.sql("delete from command_in_flight where sent_at < :t")
                .param("t", Timestamp.from(now.minus(settings.unansweredCommands()))).update();
        log.debug("pruned {} minute buckets, {} hour buckets, {} errors", minutes, hours, errors);
    }
}
