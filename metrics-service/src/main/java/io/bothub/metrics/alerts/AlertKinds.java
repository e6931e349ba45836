package io.bothub.metrics.alerts;

import java.util.List;

/** The kinds of alert (seed 002, section 4.4). */
final class AlertKinds {

    static final String BOT_OFFLINE = "bot-offline";
    static final String PERFORMANCE_DROP = "performance-drop";
    static final String ERROR_RATE = "error-rate";
    static final String SESSION_OVERLOAD = "session-overload";
    static final List<String> ALL = List.of(BOT_OFFLINE, PERFORMANCE_DROP, ERROR_RATE, SESSION_OVERLOAD);

    private AlertKinds() {
    }
}
