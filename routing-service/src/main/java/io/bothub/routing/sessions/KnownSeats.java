package io.bothub.routing.sessions;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

import io.bothub.routing.fleet.Fleet;
import io.bothub.routing.fleet.FleetBot;

/**
 * What this replica knows of a tenant's seats between its batches of openings: every bot's seat count as of one value
 * of the tenant's change counter in Redis ({@link SessionCapacity#countsSince}), and the candidate pools ranked from
 * those counts. While the counter moves only by this replica's own batches, the counts known plus the seats each batch
 * took are the counts in Redis, exactly, so a batch neither reads the fleet's counts again nor builds its candidate
 * lists again: it reads the counter and changes the few bots its sessions took. Anything else (a seat given back,
 * another replica's seats, a session seated outside a batch, a failed batch) moves the counter, and the next batch
 * reads the counts whole.
 *
 * <p>Only the ranking comes from here. The seats are taken by the seat script, atomically, so even counts known wrong
 * (which the counter rules out) could make a ranking worse, never put a bot over its maximum.
 *
 * <p>Not thread-safe: a tenant's batches are decided one at a time, each holding its tenant's instance.
 */
final class KnownSeats {

    /** The bots a group's sessions may go to, with the seats each holds, counting those the batch expects to take. */
    static final class Pool {
        final List<FleetBot> bots;
        private final Map<String, Integer> positions;

        Pool(Fleet.Candidates candidates) {
            this.bots = new ArrayList<>(candidates.bots());
            this.positions = candidates.positions();
        }

        @Nullable FleetBot find(String botId) {
            Integer at = positions.get(botId);
            return at == null ? null : bots.get(at);
        }

        void seated(String botId) {
            Integer at = positions.get(botId);
            if (at != null) {
                FleetBot b = bots.get(at);
                bots.set(at, new FleetBot(b.botId(), b.maxSessions(), b.weight(), b.held() + 1, b.healthScore(),
                        b.avgResponseMs()));
            }
        }
    }

    private record PoolKey(@Nullable String group, List<String> capabilities) {
    }

    /** The counter the counts are as of; null when not known (the next batch reads them whole). */
    private @Nullable String version;
    private Map<String, Integer> held = new HashMap<>();
    private Fleet.@Nullable View view;
    private final Map<PoolKey, Pool> pools = new HashMap<>();

    @Nullable String version() {
        return version;
    }

    /**
     * A batch starts from the counts as just read (whole, or only the counter when they had not changed) and the
     * fleet as held now: pools built from other counts or another view of the fleet are built again.
     */
    void refresh(SessionCapacity.Counts counts, Fleet.View fleet) {
        if (counts.held() != null) {
            held = counts.held();
            pools.clear();
        }
        if (fleet != view) {
            view = fleet;
            pools.clear();
        }
        version = counts.version();
    }

    /** The candidates for a group and capabilities, with their seats. */
    Pool pool(Fleet fleet, @Nullable String group, List<String> capabilities) {
        Fleet.View current = Objects.requireNonNull(view, "refresh first");
        return pools.computeIfAbsent(new PoolKey(group, capabilities),
                k -> new Pool(fleet.candidates(current, k.group(), k.capabilities(), held)));
    }

    /** A session of the batch is expected to take a seat at the bot: the sessions after it rank with it counted. */
    void expect(String botId) {
        held.merge(botId, 1, Integer::sum);
        pools.values().forEach(p -> p.seated(botId));
    }

    /**
     * The seat script's outcome: when it ran on the counts known and took exactly the seats expected, the counts known
     * are those after it; otherwise they are no longer known.
     */
    void taken(SessionCapacity.Seated seated, List<@Nullable String> expected) {
        boolean onKnownCounts = version != null && !version.isEmpty() && version.equals(seated.before());
        boolean asExpected = seated.bots().size() == expected.size();
        for (int i = 0; asExpected && i < expected.size(); i++) {
            asExpected = Objects.equals(seated.bots().get(i).orElse(null), expected.get(i));
        }
        if (onKnownCounts && asExpected) {
            version = seated.after();
        } else {
            forget();
        }
    }

    /** Seats changed in a way not followed here: the next batch reads the counts whole. */
    void forget() {
        version = null;
        pools.clear();
    }
}
