package io.bothub.bot;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** bot-service: The fleet registry: registration, credentials, heartbeats, status, groups, roles, capabilities, callbacks. */
@SpringBootApplication
public class BotServiceApplication {

    public static void main(String[] args) {
        SpringApplication.run(BotServiceApplication.class, args);
    }
}
