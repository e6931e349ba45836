-- metrics-service: bots as bot.lifecycle and bot.heartbeat describe them, per-minute and per-hour buckets of what
-- they did, their error log, and alerts with their rules and delivery endpoints.

-- How far each consumer has applied each partition, written in the same transaction as the buckets the records
-- went into: a redelivered batch (after a rebalance or a crash before Kafka's own offset commit) is filtered out
-- against this, so nothing is counted twice. Not tenant data.
create table consumed_offset (
    consumer    text    not null,
    topic       text    not null,
    partition   integer not null,
    next_offset bigint  not null,
    primary key (consumer, topic, partition)
);

-- A bot's metadata (from bot.lifecycle) and its latest reported load (from bot.heartbeat).
create table bot (
    tenant_id         text        not null,
    bot_id            text        not null,
    name              text        not null,
    group_id          text,
    role_id           text,
    max_sessions      integer     not null default 0,
    enabled           boolean     not null default true,
    -- from BotStatusChanged; 'registered' until the first change, so a bot that never came online is not "offline"
    status            text        not null default 'registered',
    status_changed_at timestamptz,
    updated_at        timestamptz not null,
    last_heartbeat_at timestamptz,
    heartbeat_status  text,
    cpu_percent       double precision,
    memory_percent    double precision,
    current_load      double precision,
    active_sessions   integer     not null default 0,
    active_tasks      integer     not null default 0,
    version           text,
    primary key (tenant_id, bot_id)
);
create index bot_group on bot (tenant_id, group_id);
alter table bot set (fillfactor = 70);

-- What a bot did in one minute (minute = epoch minute, UTC). Windows of 1m to 1h are sums over these; the hour
-- table below is the same per hour, for the 1d window and longer history.
create table bot_minute (
    tenant_id        text    not null,
    bot_id           text    not null,
    minute           bigint  not null,
    heartbeats       integer not null default 0,
    callbacks        integer not null default 0,
    successes        integer not null default 0,
    failures         integer not null default 0,
    errors           integer not null default 0,
    responses        integer not null default 0,
    response_ms_sum  bigint  not null default 0,
    commands_done    integer not null default 0,
    commands_failed  integer not null default 0,
    tasks_done       integer not null default 0,
    tasks_failed     integer not null default 0,
    sessions_opened  integer not null default 0,
    sessions_ended   integer not null default 0,
    primary key (tenant_id, bot_id, minute)
);
create index bot_minute_age on bot_minute (minute);
-- Buckets are updated many times while their minute is current: room on each page lets PostgreSQL update them in
-- place (HOT, no new index entries).
alter table bot_minute set (fillfactor = 70);

create table bot_hour (
    tenant_id        text    not null,
    bot_id           text    not null,
    hour             bigint  not null,
    heartbeats       integer not null default 0,
    callbacks        integer not null default 0,
    successes        integer not null default 0,
    failures         integer not null default 0,
    errors           integer not null default 0,
    responses        integer not null default 0,
    response_ms_sum  bigint  not null default 0,
    commands_done    integer not null default 0,
    commands_failed  integer not null default 0,
    tasks_done       integer not null default 0,
    tasks_failed     integer not null default 0,
    sessions_opened  integer not null default 0,
    sessions_ended   integer not null default 0,
    primary key (tenant_id, bot_id, hour)
);
create index bot_hour_age on bot_hour (hour);
alter table bot_hour set (fillfactor = 70);

-- Skill ratings per hour, for the tenant's KPIs.
create table rating_hour (
    tenant_id text    not null,
    hour      bigint  not null,
    ratings   integer not null default 0,
    stars_sum bigint  not null default 0,
    primary key (tenant_id, hour)
);

-- Commands a bot received and has not yet answered: the time from 'sent' to its answer is its response time.
create table command_in_flight (
    tenant_id  text        not null,
    command_id text        not null,
    bot_id     text        not null,
    sent_at    timestamptz not null,
    primary key (tenant_id, command_id)
);
create index command_in_flight_age on command_in_flight (sent_at);

-- Seed 002's robot_error_logs.
create table bot_error (
    id            uuid        primary key,
    tenant_id     text        not null,
    bot_id        text        not null,
    error_type    text        not null,
    error_code    text,
    message       text        not null,
    request_id    text,
    command_id    text,
    session_id    text,
    occurred_at   timestamptz not null,
    resolved_at   timestamptz,
    resolved_by   text
);
create index bot_error_by_bot on bot_error (tenant_id, bot_id, occurred_at desc);
create index bot_error_open on bot_error (tenant_id, occurred_at desc) where resolved_at is null;

-- A tenant's alert rules; group_id null is the tenant-wide rule of its kind, a group's own rule wins over it.
create table alert_rule (
    id          uuid             primary key,
    tenant_id   text             not null,
    kind        text             not null,
    group_id    text,
    threshold   double precision not null,
    min_samples integer          not null default 0,
    severity    text             not null,
    enabled     boolean          not null default true,
    updated_at  timestamptz      not null
);
create unique index alert_rule_one_per_scope on alert_rule (tenant_id, kind, coalesce(group_id, ''));

-- Incidents. At most one open per rule and bot: that index is the deduplication, across replicas too.
create table alert (
    id             uuid             primary key,
    tenant_id      text             not null,
    rule_id        text             not null,
    kind           text             not null,
    severity       text             not null,
    bot_id         text             not null,
    group_id       text,
    message        text             not null,
    value          double precision not null,
    threshold      double precision not null,
    raised_at      timestamptz      not null,
    resolved_at    timestamptz,
    resolve_reason text
);
create unique index alert_one_open on alert (tenant_id, kind, bot_id) where resolved_at is null;
create index alert_recent on alert (tenant_id, raised_at desc);

-- Where a tenant wants its alerts pushed, and the secret they are signed with (sealed).
create table alert_endpoint (
    tenant_id     text        primary key,
    url           text        not null,
    secret_key_id text        not null,
    secret_sealed text        not null,
    updated_at    timestamptz not null
);
