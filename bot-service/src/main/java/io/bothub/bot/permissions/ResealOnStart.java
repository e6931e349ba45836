package io.bothub.bot.permissions;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Rotating the sealing key: add the new key, make it current, restart. Each replica then re-seals credentials
 * still sealed with an older key (a no-op once done); after that the old key can be removed.
 */
@Component
class ResealOnStart {

    private static final Logger log = LoggerFactory.getLogger(ResealOnStart.class);
    private final ResourcePermissions permissions;

    ResealOnStart(ResourcePermissions permissions) {
        this.permissions = permissions;
    }

    @EventListener(ApplicationReadyEvent.class)
    void reseal() {
        int resealed = permissions.resealWithCurrentKey();
        if (resealed > 0) {
            log.info("Re-sealed {} resource credentials with the current key", resealed);
        }
    }
}
