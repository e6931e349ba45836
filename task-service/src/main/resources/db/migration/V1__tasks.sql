-- task-service's own view of the bots a task may name, built from bot-service's events on bot.lifecycle.
create table task_bot (
    tenant_id    text        not null,
    bot_id       text        not null,
    status       text        not null default 'offline',
    enabled      boolean     not null default true,
    capabilities text[]      not null default '{}',
    lifecycle_at timestamptz not null default '-infinity',
    status_at    timestamptz not null default '-infinity',
    primary key (tenant_id, bot_id)
);

-- A tenant's approval rule: tasks of this priority or higher wait for a person's approval (low = every task);
-- no row, or a null, means no task needs approval.
create table task_policy (
    tenant_id     text        primary key,
    approval_from text,
    updated_by    text        not null,
    updated_at    timestamptz not null
);

create table task (
    id                    uuid        primary key,
    -- Creation order, the tie-breaker after priority when a bot pulls (timestamps can collide).
    seq                   bigint      generated always as identity,
    tenant_id             text        not null,
    title                 text        not null,
    description           text,
    params                jsonb       not null default '{}',
    priority              text        not null,
    priority_rank         int         not null,
    required_capabilities text[]      not null default '{}',
    -- The bot the requester chose, if any; bot_id is the bot it is assigned to now.
    chosen_bot_id         text,
    bot_id                text,
    status                text        not null,
    requested_by          text        not null,
    deadline              timestamptz,
    progress              int,
    progress_message      text,
    result                jsonb,
    failure_reason        text,
    -- How often the task went back to pending because its bot went offline; the policy allows it once.
    offline_requeues      int         not null default 0,
    decided_by            text,
    deliveries            int         not null default 0,
    created_at            timestamptz not null,
    updated_at            timestamptz not null,
    assigned_at           timestamptz,
    delivered_at          timestamptz,
    started_at            timestamptz,
    finished_at           timestamptz
);
-- A pulling bot's next task is the first row of this index for its (tenant, bot).
create index task_pull on task (tenant_id, bot_id, priority_rank desc, seq) where status = 'assigned';
create index task_by_bot on task (tenant_id, bot_id, status) where status in ('assigned', 'running');
create index task_deadline on task (deadline) where deadline is not null
    and status in ('pending_approval', 'pending', 'assigned', 'running');
create index task_listing on task (tenant_id, created_at desc, seq desc);
create index task_by_requester on task (tenant_id, requested_by, created_at desc);
create index task_by_status on task (tenant_id, status, created_at desc);

-- Every state change, progress report and delivery of a task, in order: the task's full history.
create table task_history (
    id              bigint      generated always as identity primary key,
    task_id         uuid        not null references task (id),
    tenant_id       text        not null,
    previous_status text        not null,
    new_status      text        not null,
    reason          text        not null,
    bot_id          text,
    progress        int,
    message         text,
    by_principal    text        not null,
    at              timestamptz not null
);
create index task_history_by_task on task_history (task_id, id);

alter table task set (fillfactor = 85, autovacuum_vacuum_scale_factor = 0.02);
