package io.bothub.routing.sessions;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import io.bothub.routing.fleet.BotAvailabilityChanged;

/** Sessions follow the fleet: an offline bot's sessions are reassigned; a bot coming online takes waiting ones. */
@Component
class FollowingTheFleet {

    private final Assignments assignments;

    FollowingTheFleet(Assignments assignments) {
        this.assignments = assignments;
    }

    @EventListener
    void on(BotAvailabilityChanged change) {
        if (change.online()) {
            assignments.assignWaiting(change.tenantId());
        } else {
            assignments.reassignFrom(change.tenantId(), change.botId());
        }
    }
}
