-- The skill marketplace (seed 000's skills table, grown into versions, installs, ratings and leaderboards).
-- A skill belongs to the tenant that published it; a public one is visible to every tenant, a private one to its
-- own only. Rows recording what another tenant did with a skill (downloads, installs, ratings) carry THAT tenant's
-- id, and go with the skill (on delete cascade) when the skill's tenant is deleted.

create table skill (
    skill_id            text         primary key,
    tenant_id           text         not null,
    name                text         not null,
    visibility          text         not null check (visibility in ('public', 'private')),
    -- The bot that published it, if a bot did; only that bot (or a user with the skills scope) adds versions.
    author_bot_id       text,
    published_by        text         not null,
    description         text         not null,
    tags                text[]       not null default '{}',
    -- Those of the latest listed version: what installing it gives a bot.
    capabilities        text[]       not null default '{}',
    -- The highest published version that is neither held, rejected nor yanked; null while none is: not listed.
    latest_version      text,
    deprecated          boolean      not null default false,
    deprecation_message text,
    -- Exact counters over records not flagged as inflated (the flagged ones are counted apart).
    downloads           bigint       not null default 0,
    installs            bigint       not null default 0,
    flagged_downloads   bigint       not null default 0,
    rating_sum          bigint       not null default 0,
    rating_count        bigint       not null default 0,
    -- Full-text document: name and tags (weight A), description (B). Written with every change of those.
    search              tsvector     not null,
    created_at          timestamptz  not null,
    updated_at          timestamptz  not null,
    unique (tenant_id, name)
);
create index skill_search on skill using gin (search);
create index skill_tags on skill using gin (tags);
create index skill_capabilities on skill using gin (capabilities);
create index skill_author on skill (author_bot_id);
create index skill_by_downloads on skill (downloads desc, skill_id) where latest_version is not null;
create index skill_by_rating on skill ((rating_sum::float8 / nullif(rating_count, 0)) desc nulls last, skill_id)
    where latest_version is not null;
create index skill_by_recency on skill (updated_at desc, skill_id) where latest_version is not null;

create table skill_version (
    skill_id        text         not null references skill on delete cascade,
    version         text         not null,
    tenant_id       text         not null,
    major           integer      not null,
    minor           integer      not null,
    patch           integer      not null,
    -- Null for a release; a pre-release sorts below the release of the same major.minor.patch.
    prerelease      text,
    -- published: installable; held: waits for review (dangerous permissions, secrets); rejected; yanked: no new
    -- installs, existing ones stand.
    status          text         not null check (status in ('published', 'held', 'rejected', 'yanked')),
    review_reasons  text[]       not null default '{}',
    manifest        jsonb        not null,
    capabilities    text[]       not null default '{}',
    permissions     text[]       not null default '{}',
    published_by    text         not null,
    published_at    timestamptz  not null,
    primary key (skill_id, version)
);

-- Every earlier description (and tags) of a skill: editing keeps history, downloads and ratings.
create table skill_description_change (
    id                   bigserial    primary key,
    skill_id             text         not null references skill on delete cascade,
    tenant_id            text         not null,
    previous_description text         not null,
    previous_tags        text[]       not null,
    changed_by           text         not null,
    changed_at           timestamptz  not null
);
create index skill_description_change_skill on skill_description_change (skill_id, id);

-- One row per principal and version: a download is counted once per downloader and version.
create table skill_download (
    skill_id       text         not null references skill on delete cascade,
    tenant_id      text         not null,
    principal      text         not null,
    version        text         not null,
    downloaded_at  timestamptz  not null,
    -- Looked inflated (a burst from one tenant): kept, but out of counters and leaderboards.
    flagged        boolean      not null,
    primary key (skill_id, tenant_id, principal, version)
);
-- Burst detection: how many downloads of this skill came from this tenant lately.
create index skill_download_recent on skill_download (skill_id, tenant_id, downloaded_at);

-- One row per bot and version: an install is counted once per installing bot and version.
create table skill_install (
    skill_id      text         not null references skill on delete cascade,
    tenant_id     text         not null,
    bot_id        text         not null,
    version       text         not null,
    installed_by  text         not null,
    installed_at  timestamptz  not null,
    flagged       boolean      not null,
    primary key (skill_id, tenant_id, bot_id, version)
);
create index skill_install_by on skill_install (skill_id, tenant_id, installed_by);

-- When the marketplace first saw a principal (its first download or install): a rater seen only just now is
-- "brand new", and its rating is kept out of averages and leaderboards.
create table marketplace_principal (
    tenant_id   text         not null,
    principal   text         not null,
    first_seen  timestamptz  not null,
    primary key (tenant_id, principal)
);

create table skill_rating (
    skill_id     text         not null references skill on delete cascade,
    tenant_id    text         not null,
    rater        text         not null,
    stars        smallint     not null check (stars between 1 and 5),
    review       text,
    flagged      boolean      not null,
    flag_reason  text,
    rated_at     timestamptz  not null,
    primary key (skill_id, tenant_id, rater)
);
create index skill_rating_recent on skill_rating (skill_id, rated_at desc);

-- Daily rollup (UTC days) of unflagged downloads, installs and ratings per skill, written in the same transaction
-- as each record; a leaderboard of a period adds up its days instead of scanning the records. A changed rating
-- leaves the day it was first given and joins the day of the change.
create table skill_daily (
    skill_id      text    not null references skill on delete cascade,
    day           date    not null,
    -- The skill's tenant (not the downloader's), so the rows go with the skill's tenant.
    tenant_id     text    not null,
    downloads     bigint  not null default 0,
    installs      bigint  not null default 0,
    rating_sum    bigint  not null default 0,
    rating_count  bigint  not null default 0,
    primary key (skill_id, day)
);
create index skill_daily_day on skill_daily (day, skill_id);

-- Precomputed leaderboards: the top entries of each period and metric, for the public skills (scope 'public') and
-- for each tenant's private ones (scope = the tenant id), rebuilt from skill_daily every few seconds.
create table leaderboard_entry (
    period    text              not null,
    metric    text              not null,
    scope     text              not null,
    rank      integer           not null,
    skill_id  text              not null references skill on delete cascade,
    -- What the metric ranks by; and the skill's figures within the period.
    value         double precision  not null,
    downloads     bigint            not null,
    installs      bigint            not null,
    rating_sum    bigint            not null,
    rating_count  bigint            not null,
    primary key (period, metric, scope, rank)
);

create table leaderboard_refresh (
    id           integer      primary key check (id = 1),
    computed_at  timestamptz  not null
);
