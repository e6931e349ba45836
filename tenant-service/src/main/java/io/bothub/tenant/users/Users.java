package io.bothub.tenant.users;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.bothub.support.web.FieldProblem;
import io.bothub.support.web.ProblemException;
import io.bothub.tenant.Ids;

/** A tenant's users: created by its administrators, stored with BCrypt password hashes. */
@Service
public class Users {

    /** A user as the API shows it: never the password hash. */
    public record User(String id, String tenantId, String email, String displayName, String role, boolean disabled,
            Instant createdAt) {
    }

    private final JdbcClient jdbc;
    private final PasswordEncoder passwords;
    private final Clock clock;

    Users(JdbcClient jdbc, PasswordEncoder passwords, Clock clock) {
        this.jdbc = jdbc;
        this.passwords = passwords;
        this.clock = clock;
    }

    /** Requires a transaction; refuses a duplicate e-mail within the tenant. */
    @Transactional
    public User create(String tenantId, String email, String displayName, String password, String role) {
        if (Role.of(role).isEmpty()) {
            throw ProblemException.invalid(List.of(new FieldProblem("role",
                    "must be one of administrator, bot_owner, employee, observer")));
        }
        if (password.length() < 10) {
            throw ProblemException.invalid(List.of(new FieldProblem("password", "must be at least 10 characters")));
        }
        String id = Ids.next("us");
        String normalised = email.trim().toLowerCase(Locale.ROOT);
        try {
            jdbc.sql("""
                    insert into app_user (id, tenant_id, email, display_name, password_hash, role, created_at)
                    values (:id, :tenant, :email, :name, :hash, :role, :now)
                    """)
                    .param("id", id).param("tenant", tenantId).param("email", normalised).param("name", displayName)
                    .param("hash", passwords.encode(password)).param("role", role)
                    .param("now", Timestamp.from(clock.instant())).update();
        } catch (DuplicateKeyException e) {
            throw ProblemException.conflict("email-taken", "a user with e-mail '" + normalised + "' already exists");
        }
        return find(tenantId, id).orElseThrow();
    }

    public List<User> list(String tenantId) {
        return jdbc.sql("select id, tenant_id, email, display_name, role, disabled, created_at from app_user "
                        + "where tenant_id = :tenant order by created_at")
                .param("tenant", tenantId).query(Users::user).list();
    }

    public Optional<User> find(String tenantId, String userId) {
        return jdbc.sql("select id, tenant_id, email, display_name, role, disabled, created_at from app_user "
                        + "where tenant_id = :tenant and id = :id")
                .param("tenant", tenantId).param("id", userId).query(Users::user).optional();
    }

    @Transactional
    public User change(String tenantId, String userId, String role, boolean disabled) {
        if (Role.of(role).isEmpty()) {
            throw ProblemException.invalid(List.of(new FieldProblem("role",
                    "must be one of administrator, bot_owner, employee, observer")));
        }
        int changed = jdbc.sql("update app_user set role = :role, disabled = :disabled where tenant_id = :tenant and id = :id")
                .param("role", role).param("disabled", disabled).param("tenant", tenantId).param("id", userId).update();
        if (changed == 0) {
            throw ProblemException.notFound("user", userId);
        }
        if (disabled) {
            // A disabled user's sessions end: no refresh token of theirs works any more.
            jdbc.sql("update refresh_token set revoked_at = now() where user_id = :id and revoked_at is null")
                    .param("id", userId).update();
        }
        return find(tenantId, userId).orElseThrow();
    }

    private static User user(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        return new User(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getBoolean(6), rs.getTimestamp(7).toInstant());
    }
}
