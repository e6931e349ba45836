package io.bothub.support;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/** A minimal service made of service-support alone, plus the demo listener and controller below. */
@SpringBootApplication
public class SupportTestApplication {
}
