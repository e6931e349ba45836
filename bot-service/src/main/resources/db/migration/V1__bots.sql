-- The registry. A bot id is unique within its tenant; every query names the tenant.
create table bot (
    tenant_id               text         not null,
    bot_id                  text         not null,
    name                    text         not null,
    group_id                text,
    capabilities            text[]       not null default '{}',
    max_concurrent_sessions integer      not null,
    weight                  integer      not null,
    webhook_url             text,
    status                  text         not null,
    -- SHA-256 of the API key; the key itself is shown once and never stored.
    api_key_hash            bytea        not null unique,
    api_key_prefix          text         not null,
    -- AES-GCM ciphertext of the webhook secret (nonce prepended), and the id of the key that sealed it.
    webhook_secret_sealed   bytea        not null,
    webhook_secret_key_id   text         not null,
    registered_at           timestamptz  not null,
    primary key (tenant_id, bot_id)
);
