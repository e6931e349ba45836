-- Text search over what a tenant may see: public listed skills, and its own private ones. A common word matches a
-- tenth of the marketplace, and every match is read from the table to be ranked; with one index over all skills the
-- private skills of every other tenant were read too and thrown away. These two indexes let a search read only the
-- public matches (one GIN index over them alone) and the asking tenant's private skills (few, found by tenant).
create index skill_public_search on skill using gin (search) where visibility = 'public' and latest_version is not null;
create index skill_private_by_tenant on skill (tenant_id) where visibility = 'private';
