-- Each tenant's command quota as tenant-service last announced it (tenant.lifecycle). A tenant with no row yet is
-- not limited: its announcement is on its way. The day's count itself lives in Redis.
create table tenant_quota (
    tenant_id        text        primary key,
    status           text        not null,
    commands_per_day integer     not null,
    changed_at       timestamptz not null
);
