package io.bothub.skill;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** skill-service: The skill marketplace: publish, search, install, rate, leaderboards. */
@SpringBootApplication
public class SkillServiceApplication {

    public static void main(String[] args) {
        SpringApplication.run(SkillServiceApplication.class, args);
    }
}
