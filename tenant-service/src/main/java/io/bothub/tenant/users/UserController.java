package io.bothub.tenant.users;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import io.bothub.support.web.Caller;
import io.bothub.support.web.ProblemException;
import io.bothub.support.web.Scopes;

/** A tenant's administrators manage its users. */
@RestController
class UserController {

    private final Users users;

    UserController(Users users) {
        this.users = users;
    }

    record NewUser(@NotBlank @Email @Size(max = 200) String email, @NotBlank @Size(max = 200) String displayName,
            @NotBlank @Size(max = 200) String password, @NotBlank String role) {
    }

    record Change(@NotBlank String role, @NotNull Boolean disabled) {
    }

    @PostMapping("/api/v1/users")
    @ResponseStatus(HttpStatus.CREATED)
    Users.User create(Caller caller, @Valid @RequestBody NewUser user) {
        caller.require(Scopes.ADMIN);
        return users.create(caller.tenantId(), user.email(), user.displayName(), user.password(), user.role());
    }

    @GetMapping("/api/v1/users")
    List<Users.User> list(Caller caller) {
        caller.require(Scopes.CONFIG_READ);
        return users.list(caller.tenantId());
    }

    @GetMapping("/api/v1/users/{id}")
    Users.User get(Caller caller, @PathVariable String id) {
        caller.require(Scopes.CONFIG_READ);
        return users.find(caller.tenantId(), id).orElseThrow(() -> ProblemException.notFound("user", id));
    }

    @PatchMapping("/api/v1/users/{id}")
    Users.User change(Caller caller, @PathVariable String id, @Valid @RequestBody Change change) {
        caller.require(Scopes.ADMIN);
        return users.change(caller.tenantId(), id, change.role(), change.disabled());
    }
}
