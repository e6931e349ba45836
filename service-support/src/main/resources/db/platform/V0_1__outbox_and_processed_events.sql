-- Shared by every BotHub service (service-support). Services number their own migrations from V1.

-- Events written in the same transaction as the change they describe; the relay publishes them to Kafka and
-- marks them published only after the broker acknowledged them.
create table outbox_event (
    seq             bigserial    primary key,
    event_id        text         not null unique,
    event_type      text         not null,
    topic           text         not null,
    record_key      text         not null,
    headers         jsonb        not null,
    payload         bytea        not null,
    created_at      timestamptz  not null default now(),
    published_at    timestamptz,
    attempts        integer      not null default 0,
    last_error      text,
    next_attempt_at timestamptz  not null default now()
);
create index outbox_event_pending on outbox_event (next_attempt_at, seq) where published_at is null;
create index outbox_event_published on outbox_event (published_at) where published_at is not null;

-- Event ids a consumer has applied, written in the same transaction as the effect, so a redelivery changes
-- nothing twice.
create table processed_event (
    consumer     text        not null,
    event_id     text        not null,
    processed_at timestamptz not null default now(),
    primary key (consumer, event_id)
);
create index processed_event_age on processed_event (processed_at);
