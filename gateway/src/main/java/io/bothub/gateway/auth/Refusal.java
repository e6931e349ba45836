package io.bothub.gateway.auth;

/** A credential that does not hold: answered 401 with this message as the problem's detail. */
class Refusal extends RuntimeException {

    Refusal(String detail) {
        super(detail, null, false, false);
    }
}
