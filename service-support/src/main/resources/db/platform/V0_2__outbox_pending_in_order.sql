-- The relay reads pending events in seq order, a batch at a time. On the old index (next_attempt_at, seq) that meant
-- a bitmap scan of every entry due, then a sort: each published event leaves a dead entry behind until the next
-- vacuum, and one relay pass was seen reading 92,000 of them across 10,000 heap pages (90 ms) to find none pending.
-- Walked in seq order, the scan stops after a batch, and entries found dead are marked so no later scan visits
-- their rows again.
drop index outbox_event_pending;
create index outbox_event_unpublished on outbox_event (seq) where published_at is null;
-- Published rows are deleted after a while (OutboxRelay.deleteOldPublished); vacuum them before dead rows pile up.
alter table outbox_event set (autovacuum_vacuum_scale_factor = 0.02, autovacuum_vacuum_insert_scale_factor = 0.02);
