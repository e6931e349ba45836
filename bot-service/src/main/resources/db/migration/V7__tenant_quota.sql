-- Each tenant's standing and bot quota as tenant-service last announced them (tenant.lifecycle). A tenant with no
-- row yet is not limited: its announcement is on its way.
create table tenant_quota (
    tenant_id  text        primary key,
    status     text        not null,
    max_bots   integer     not null,
    changed_at timestamptz not null
);
