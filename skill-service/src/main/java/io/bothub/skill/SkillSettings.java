package io.bothub.skill;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code bothub.skill.*}: how the marketplace judges trust, screens manifests and keeps its leaderboards.
 *
 * @param trust       what looks like inflated downloads and ratings
 * @param review      what holds a manifest for review
 * @param leaderboard how leaderboards are precomputed
 */
@ConfigurationProperties("bothub.skill")
public record SkillSettings(@DefaultValue Trust trust, @DefaultValue Review review,
        @DefaultValue Leaderboard leaderboard) {

    /**
     * @param burstWindow  the window in which one tenant's downloads, installs or ratings of one skill are counted
     * @param burstLimit   how many of them a tenant may make in the window before further ones are flagged
     * @param minRaterAge  a rater first seen by the marketplace more recently than this is "brand new": its rating
     *                     is kept but flagged, out of the average and the leaderboards
     */
    public record Trust(@DefaultValue("1h") Duration burstWindow, @DefaultValue("20") int burstLimit,
            @DefaultValue("24h") Duration minRaterAge) {
    }

    /**
     * @param dangerousPermissions permissions that hold a version for review before anyone can install it
     */
    public record Review(@DefaultValue({"shell.exec", "process.spawn", "filesystem.write", "filesystem.delete",
            "network.unrestricted", "credentials.read", "secrets.read", "admin", "payments.send",
            "messages.broadcast"}) List<String> dangerousPermissions) {
    }

    /**
     * @param refreshInterval how often the leaderboards are recomputed from the daily rollup (their staleness)
     * @param depth           entries kept per period, metric and scope: the largest {@code top} one can ask for
     * @param minRatings      ratings a skill needs within a period to be ranked by rating
     */
    public record Leaderboard(@DefaultValue("1m") Duration refreshInterval, @DefaultValue("100") int depth,
            @DefaultValue("1") int minRatings) {
    }
}
