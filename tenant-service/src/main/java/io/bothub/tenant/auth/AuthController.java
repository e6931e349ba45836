package io.bothub.tenant.auth;

import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;

import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Login, refresh, logout and the JWKS: the only tenant-service endpoints that need no credential. */
@RestController
class AuthController {

    private final Sessions sessions;
    private final SigningKeys keys;

    AuthController(Sessions sessions, SigningKeys keys) {
        this.sessions = sessions;
        this.keys = keys;
    }

    record Login(@NotBlank String tenant, @NotBlank String email, @NotBlank String password) {

        @Override
        public String toString() {
            return "Login[tenant=" + tenant + ", email=" + email + "]";
        }
    }

    record Refresh(@NotBlank String refreshToken) {

        @Override
        public String toString() {
            return "Refresh[]";
        }
    }

    @PostMapping("/api/v1/auth/login")
    Sessions.Tokens login(@Valid @RequestBody Login login) {
        return sessions.login(login.tenant(), login.email(), login.password());
    }

    @PostMapping("/api/v1/auth/refresh")
    Sessions.Tokens refresh(@Valid @RequestBody Refresh refresh) {
        return sessions.refresh(refresh.refreshToken());
    }

    @PostMapping("/api/v1/auth/logout")
    ResponseEntity<Void> logout(@Valid @RequestBody Refresh refresh) {
        sessions.logout(refresh.refreshToken());
        return ResponseEntity.noContent().build();
    }

    @GetMapping({"/api/v1/auth/jwks", "/.well-known/jwks.json"})
    ResponseEntity<Map<String, Object>> jwks() {
        keys.current();
        return ResponseEntity.ok().cacheControl(CacheControl.maxAge(java.time.Duration.ofMinutes(5))).body(keys.jwks());
    }
}
