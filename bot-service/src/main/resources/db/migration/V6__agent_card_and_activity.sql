-- An A2A Agent Card, when the bot registered with one; served back for discovery.
alter table bot add column agent_card jsonb;

-- Activity log (seed 000 bot_activities), fed from events.
create table bot_activity (
    id            bigserial   primary key,
    tenant_id     text        not null,
    bot_id        text        not null,
    activity_type text        not null,
    description   text        not null,
    metadata      jsonb       not null default '{}',
    tokens_used   integer     not null default 0,
    occurred_at   timestamptz not null
);
create index bot_activity_by_bot on bot_activity (tenant_id, bot_id, occurred_at desc);
