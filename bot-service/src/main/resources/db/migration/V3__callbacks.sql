-- Accepted callbacks. The unique callback id per bot is what refuses replays and publishes each callback once.
create table callback_log (
    id              bigserial   primary key,
    tenant_id       text        not null,
    bot_id          text        not null,
    callback_id     text        not null,
    callback_type   text        not null,
    event_type      text,
    source_ip       text,
    request_id      text,
    processing_ms   integer     not null,
    outcome         text        not null,
    received_at     timestamptz not null,
    unique (tenant_id, bot_id, callback_id),
    foreign key (tenant_id, bot_id) references bot (tenant_id, bot_id) on delete cascade
);
create index callback_log_by_bot on callback_log (tenant_id, bot_id, received_at desc);
