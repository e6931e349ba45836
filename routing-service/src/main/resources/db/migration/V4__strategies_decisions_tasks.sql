-- Health and speed of each bot, from metrics-service's bot.health snapshots (null until the first one arrives).
alter table fleet_bot add column health_score double precision,
                      add column avg_response_ms double precision,
                      add column success_rate double precision,
                      add column health_at timestamptz;

-- How each group of a tenant picks among its candidates; '*' is the tenant's default for groups without a row.
create table routing_strategy (
    tenant_id  text        not null,
    group_id   text        not null,
    strategy   text        not null,   -- least-sessions, fastest-response, highest-health, weighted-round-robin
    updated_at timestamptz not null,
    primary key (tenant_id, group_id)
);

-- Why each bot got each session: the strategy and every candidate with its figures, best first.
create table assignment_decision (
    id          bigint      generated always as identity primary key,
    tenant_id   text        not null,
    session_id  uuid        not null references session (id),
    bot_id      text        not null,
    kind        text        not null,   -- assigned, transferred, reassigned
    strategy    text        not null,
    candidates  jsonb       not null,
    decided_at  timestamptz not null
);
create index assignment_decision_by_session on assignment_decision (session_id, id);

-- The bot a session lost when its bot went offline, until it is seated again (the event then says transferred).
alter table session add column previous_bot_id text;
create index session_waiting_since on session (coalesce(mode_changed_at, created_at)) where status = 'waiting';

-- Tasks that did not name a bot: routing-service chooses one (task.created in, task.routing out).
create table task_request (
    tenant_id    text        not null,
    task_id      text        not null,
    capabilities text[]      not null default '{}',
    priority     text        not null,
    status       text        not null,   -- waiting, routed, done
    bot_id       text,
    created_at   timestamptz not null,
    routed_at    timestamptz,
    primary key (tenant_id, task_id)
);
create index task_request_waiting on task_request (tenant_id, created_at) where status = 'waiting';
create index task_request_by_bot on task_request (tenant_id, bot_id) where status = 'routed';
