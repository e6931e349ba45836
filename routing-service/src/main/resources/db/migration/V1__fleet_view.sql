-- routing-service's own view of the fleet, built from bot.lifecycle events (never read from bot-service's
-- database). Live load comes later from bot.heartbeat and metrics snapshots.
create table fleet_bot (
    tenant_id               text        not null,
    bot_id                  text        not null,
    name                    text        not null,
    group_id                text,
    capabilities            text[]      not null default '{}',
    max_concurrent_sessions integer     not null,
    weight                  integer     not null,
    status                  text        not null,
    updated_at              timestamptz not null,
    primary key (tenant_id, bot_id)
);
