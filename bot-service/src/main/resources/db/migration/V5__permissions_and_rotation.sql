-- Resource permissions (seed 000): a bot's grant to an external resource, with credentials sealed at rest.
create table resource_permission (
    permission_id       uuid        primary key,
    tenant_id           text        not null,
    bot_id              text        not null,
    resource_type       text        not null,
    resource_id         text        not null,
    permission_level    text        not null check (permission_level in ('read', 'write', 'admin')),
    credentials_sealed  bytea,
    credentials_key_id  text,
    granted_by          text        not null,
    granted_at          timestamptz not null,
    expires_at          timestamptz,
    foreign key (tenant_id, bot_id) references bot (tenant_id, bot_id) on delete cascade
);
create index resource_permission_by_bot on resource_permission (tenant_id, bot_id);
create index resource_permission_by_key on resource_permission (credentials_key_id);

-- Credential rotation: the previous API key and webhook secret keep working until their grace period ends.
alter table bot add column previous_api_key_hash        bytea;
alter table bot add column previous_webhook_secret_sealed bytea;
alter table bot add column previous_webhook_secret_key_id text;
alter table bot add column previous_credentials_until     timestamptz;
create index bot_previous_key on bot (previous_api_key_hash) where previous_api_key_hash is not null;
