create table tenant (
    id                    text        primary key,
    slug                  text        not null unique,
    name                  text        not null,
    status                text        not null,          -- active, suspended, deleted
    settings              jsonb       not null default '{}',
    max_bots              int         not null,
    requests_per_minute   int         not null,
    commands_per_day      int         not null,
    created_at            timestamptz not null,
    updated_at            timestamptz not null
);

create table app_user (
    id            text        primary key,
    tenant_id     text        not null references tenant (id),
    email         text        not null,
    display_name  text        not null,
    password_hash text        not null,
    role          text        not null,                  -- administrator, bot_owner, employee, observer
    disabled      boolean     not null default false,
    created_at    timestamptz not null,
    unique (tenant_id, email)
);

-- Opaque refresh tokens, stored hashed; rotated on every use.
create table refresh_token (
    token_hash  bytea       primary key,
    user_id     text        not null references app_user (id),
    tenant_id   text        not null,
    expires_at  timestamptz not null,
    revoked_at  timestamptz,
    replaced_by bytea,
    created_at  timestamptz not null
);
create index refresh_token_by_user on refresh_token (user_id);

-- The keys access tokens are signed with. The newest signs; older ones stay in the JWKS until every token they
-- signed has expired. Private keys are sealed with the service's at-rest key.
create table signing_key (
    kid                 text        primary key,
    public_jwk          text        not null,
    private_key_sealed  bytea       not null,
    sealing_key_id      text        not null,
    created_at          timestamptz not null,
    published_until     timestamptz
);

create table agent (
    id          text        primary key,
    tenant_id   text        not null references tenant (id),
    name        text        not null,
    description text        not null default '',
    template    text,
    config      jsonb       not null default '{}',
    status      text        not null default 'active',
    created_at  timestamptz not null,
    unique (tenant_id, name)
);

create table agent_api_key (
    id             uuid        primary key,
    tenant_id      text        not null,
    agent_id       text        not null references agent (id),
    key_hash       bytea       not null unique,
    display_prefix text        not null,
    scopes         text[]      not null,
    expires_at     timestamptz,
    revoked_at     timestamptz,
    last_used_at   timestamptz,
    created_by     text        not null,
    created_at     timestamptz not null
);
create index agent_api_key_by_agent on agent_api_key (tenant_id, agent_id);

-- Counted usage per tenant and day, for quotas and billing.
create table tenant_usage (
    tenant_id text   not null,
    day       date   not null,
    metric    text   not null,
    count     bigint not null,
    primary key (tenant_id, day, metric)
);
