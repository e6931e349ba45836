-- Seed 004's modes: a bot answers (ai), a human was asked for (waiting_human), a human answers (human). A request for
-- a human that nobody takes in time falls back to the bot.
alter table session add column mode text not null default 'ai',
                    add column human_agent text,
                    add column mode_changed_at timestamptz;
create index session_waiting_for_human on session (mode_changed_at) where mode = 'waiting_human';
