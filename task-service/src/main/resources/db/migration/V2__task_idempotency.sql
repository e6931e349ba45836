-- A client that retries a task request (a timeout, a lost answer) sends the same Idempotency-Key: the key names
-- the one task the request creates, and the request's hash tells a true retry from a key used again for another
-- request.
alter table task add column idempotency_key text;
alter table task add column request_hash text;
create unique index task_idempotency on task (tenant_id, idempotency_key) where idempotency_key is not null;
