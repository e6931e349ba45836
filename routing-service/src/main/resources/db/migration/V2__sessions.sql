alter table fleet_bot add column role_id text,
                      add column priority integer not null default 0,
                      add column enabled boolean not null default true;

-- A conversation with an end user and the bot it is assigned to. Waiting sessions are queued by priority, then age.
create table session (
    id           uuid        primary key,
    seq          bigint      generated always as identity,
    tenant_id    text        not null,
    user_id      text        not null,
    group_id     text,
    capabilities text[]      not null default '{}',
    priority     integer     not null,
    status       text        not null,      -- waiting, assigned, closed
    bot_id       text,
    created_at   timestamptz not null,
    assigned_at  timestamptz,
    closed_at    timestamptz
);
create index session_waiting on session (tenant_id, priority desc, seq) where status = 'waiting';
create index session_by_user on session (tenant_id, user_id, created_at desc);
create index session_by_bot on session (tenant_id, bot_id) where status = 'assigned';

-- Transfers keep a count and the time of the last one (seed 002's session switch tracking).
alter table session add column switch_count integer not null default 0,
                    add column switched_at timestamptz;

-- Every message of a session, in order (seed 002's session_messages_v2): seq counts from 1 within its session.
alter table session add column conversation_id text,
                    add column message_count integer not null default 0;
create unique index session_by_conversation on session (tenant_id, conversation_id) where conversation_id is not null;

create table session_message (
    session_id  uuid        not null references session (id),
    seq         integer     not null,
    tenant_id   text        not null,
    bot_id      text,
    direction   text        not null,      -- inbound (from the user) or outbound (from the bot)
    message_id  text        not null,
    content     jsonb       not null,
    sent_at     timestamptz not null,
    primary key (session_id, seq),
    unique (tenant_id, message_id)
);
create index session_message_by_bot on session_message (tenant_id, bot_id, sent_at);
