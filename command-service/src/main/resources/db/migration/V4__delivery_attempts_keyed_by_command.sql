-- A delivery attempt is only ever read with its command's, in the order written: key it by (command, id) and drop
-- the separate key on the identity column, one index entry fewer written on the path of every command.
alter table delivery_attempt drop constraint delivery_attempt_pkey;
drop index delivery_attempt_by_command;
alter table delivery_attempt add primary key (command_id, id);
