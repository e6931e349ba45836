-- Liveness: each status change is versioned (the version comes from Redis, where transitions are decided
-- atomically), so two replicas writing out of order cannot leave an older status on top of a newer one.
alter table bot add column heartbeat_interval_seconds integer not null default 30;
alter table bot add column status_version bigint not null default 0;
alter table bot add column status_changed_at timestamptz;

create table bot_status_history (
    id          bigserial   primary key,
    tenant_id   text        not null,
    bot_id      text        not null,
    old_status  text        not null,
    new_status  text        not null,
    reason      text        not null,
    changed_by  text        not null,
    changed_at  timestamptz not null,
    foreign key (tenant_id, bot_id) references bot (tenant_id, bot_id) on delete cascade
);
create index bot_status_history_by_bot on bot_status_history (tenant_id, bot_id, changed_at desc);
