-- Groups and roles (seed 002 §2.1) and the configuration an operator manages per bot.
create table bot_group (
    tenant_id   text    not null,
    group_id    text    not null,
    name        text    not null,
    description text,
    color       text,
    icon        text,
    priority    integer not null default 0,
    enabled     boolean not null default true,
    primary key (tenant_id, group_id)
);

-- System roles have no tenant and are shared; a tenant may add its own.
create table bot_role (
    role_id     text    primary key,
    tenant_id   text,
    name        text    not null,
    description text,
    permissions text[]  not null,
    is_system   boolean not null default false
);
insert into bot_role (role_id, tenant_id, name, description, permissions, is_system) values
    ('admin',            null, '管理员', 'Every permission',              '{*}',                       true),
    ('customer-service', null, '客服',   'Reply, view and chat',          '{reply,view,chat}',         true),
    ('marketing',        null, '营销',   'Marketing, view and broadcast', '{marketing,view,broadcast}', true),
    ('observer',         null, '观察员', 'Read only',                     '{view}',                    true),
    ('tester',           null, '测试员', 'Test, view and debug',          '{test,view,debug}',         true);

alter table bot add column role_id         text references bot_role (role_id);
alter table bot add column priority        integer not null default 0;
alter table bot add column tags            text[]  not null default '{}';
alter table bot add column enabled_intents text[]  not null default '{}';
alter table bot add column model_config    jsonb   not null default '{}';
alter table bot add column response_config jsonb   not null default '{}';
alter table bot add column metadata        jsonb   not null default '{}';
alter table bot add column enabled         boolean not null default true;
alter table bot add column updated_at      timestamptz;

create index bot_by_status on bot (tenant_id, status);
create index bot_by_group on bot (tenant_id, group_id);
create index bot_capabilities on bot using gin (capabilities);
create index bot_tags on bot using gin (tags);
