package io.bothub.support.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CallerTest {

    @Test
    void configWriteImpliesConfigReadAndAdminImpliesTheTenantScopes() {
        Caller writer = Caller.fromHeaders("t1", "user:ann", "config_write");
        assertThat(writer.scopes()).containsExactlyInAnyOrder("config_write", "config_read");

        Caller admin = Caller.fromHeaders("t1", "user:root", "admin");
        assertThat(admin.has(Scopes.COMMANDS)).isTrue();
        assertThat(admin.has(Scopes.BOT)).as("an administrator is not a bot").isFalse();
    }

    @Test
    void aMissingScopeIsRefusedWith403() {
        Caller reader = Caller.fromHeaders("t1", "user:ann", " config_read  chat ");
        reader.require(Scopes.CHAT);
        assertThatThrownBy(() -> reader.require(Scopes.CONFIG_WRITE))
                .isInstanceOfSatisfying(ProblemException.class,
                        e -> assertThat(e.getStatusCode().value()).isEqualTo(403));
    }

    @Test
    void aBotCanOnlyActAsItself() {
        Caller bot = Caller.fromHeaders("t1", "bot:echo-1", "bot");
        assertThat(bot.botId()).contains("echo-1");
        bot.requireBot("echo-1");
        assertThatThrownBy(() -> bot.requireBot("echo-2")).isInstanceOf(ProblemException.class);
        assertThatThrownBy(() -> Caller.fromHeaders("t1", "user:ann", null).requireBot("echo-1"))
                .isInstanceOf(ProblemException.class);
        assertThat(Caller.fromHeaders("t1", null, null).principal()).isEqualTo("unknown");
    }
}
