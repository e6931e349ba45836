-- command-service's own view of the bots it delivers to, built from bot-service's events on bot.lifecycle.
create table bot_endpoint (
    tenant_id         text        not null,
    bot_id            text        not null,
    group_id          text,
    status            text        not null default 'offline',
    webhook_url       text,
    -- The endpoint answered 410 Gone: nothing more is pushed to it until the bot announces an endpoint again.
    endpoint_gone     boolean     not null default false,
    -- Signing secrets as bot-service sealed them with the transit key: [{keyId, ciphertext, validUntil}].
    signing_secrets   jsonb       not null default '[]',
    -- The one command being pushed to this bot now, so each bot gets its commands one at a time, in order,
    -- whichever replica dispatches.
    in_flight_command uuid,
    in_flight_until   timestamptz,
    -- Nothing is pushed before this time: retry backoff, a Retry-After, an open circuit.
    ready_at          timestamptz not null default '-infinity',
    lifecycle_at      timestamptz not null default '-infinity',
    status_at         timestamptz not null default '-infinity',
    endpoint_at       timestamptz not null default '-infinity',
    primary key (tenant_id, bot_id)
);
create index bot_endpoint_by_group on bot_endpoint (tenant_id, group_id);

create table command_batch (
    id              uuid        primary key,
    tenant_id       text        not null,
    command_type    text        not null,
    target          jsonb       not null,
    total           int         not null,
    idempotency_key text,
    request_hash    text        not null,
    created_by      text        not null,
    created_at      timestamptz not null
);
create unique index command_batch_idempotency on command_batch (tenant_id, idempotency_key) where idempotency_key is not null;
create index command_batch_listing on command_batch (tenant_id, created_at desc);

create table command (
    id              uuid        primary key,
    -- Creation order, the tie-breaker after priority (timestamps can collide).
    seq             bigint      generated always as identity,
    tenant_id       text        not null,
    bot_id          text        not null,
    batch_id        uuid        references command_batch (id),
    command_type    text        not null,
    payload         jsonb       not null,
    priority        int         not null,
    status          text        not null,
    not_before      timestamptz,
    expires_at      timestamptz,
    idempotency_key text,
    request_hash    text,
    max_attempts    int         not null,
    attempts        int         not null default 0,
    created_by      text        not null,
    created_at      timestamptz not null,
    updated_at      timestamptz not null,
    sent_at         timestamptz,
    finished_at     timestamptz,
    delivered_via   text,
    result          jsonb,
    last_error      text,
    lease_owner     text,
    lease_until     timestamptz
);
create unique index command_idempotency on command (tenant_id, idempotency_key) where idempotency_key is not null;
-- The queue: each bot's next command is the first row of this index for its (tenant, bot).
create index command_queue on command (tenant_id, bot_id, priority desc, seq) where status = 'queued';
create index command_leases on command (lease_until) where status = 'sending';
create index command_expiry on command (expires_at) where status = 'queued' and expires_at is not null;
create index command_listing on command (tenant_id, created_at desc);
create index command_by_bot on command (tenant_id, bot_id, created_at desc);
create index command_by_batch on command (batch_id) where batch_id is not null;

create table delivery_attempt (
    id           bigint      generated always as identity primary key,
    command_id   uuid        not null references command (id),
    tenant_id    text        not null,
    attempt      int         not null,
    attempted_at timestamptz not null,
    status_code  int,
    latency_ms   int,
    outcome      text        not null,
    error        text
);
create index delivery_attempt_by_command on delivery_attempt (command_id, id);
