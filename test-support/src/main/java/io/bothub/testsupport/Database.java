package io.bothub.testsupport;

/** A PostgreSQL database created for one test context. */
public record Database(String name, String jdbcUrl, String username, String password) {
}
