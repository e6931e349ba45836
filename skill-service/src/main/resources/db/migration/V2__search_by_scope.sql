-- Text search over what a tenant may see: public listed skills, and its own private ones. A common word matches a
-- tenth of the marketplace, and every match is read from the table to be ranked; with one index over all skills the
-- private skills of every other tenant were read too and thrown away. Split in two, the public matches come from an
-- index over public skills alone, and the asking tenant's private ones from the private index intersected with its
-- tenant (the unique (tenant_id, name) index): no other tenant's skill is read.
drop index skill_search;
create index skill_public_search on skill using gin (search) where visibility = 'public' and latest_version is not null;
create index skill_private_search on skill using gin (search) where visibility = 'private';
