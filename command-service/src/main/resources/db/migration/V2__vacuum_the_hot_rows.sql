-- Every command updates its bot's row twice (taken, freed). Free space in each page lets those be HOT updates
-- (no index touched, no new page), and vacuuming after a fixed number of dead rows rather than a fraction of
-- the table keeps the dispatcher's scan of this small table short however many commands went through it.
alter table bot_endpoint set (fillfactor = 30, autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 1000,
                              autovacuum_vacuum_cost_delay = 0, autovacuum_analyze_scale_factor = 0.05);
-- Commands change state a few times each: vacuum them often enough that the queue index stays small.
alter table command set (fillfactor = 85, autovacuum_vacuum_scale_factor = 0.02, autovacuum_vacuum_cost_delay = 1);
