-- A stand-in for a service's own tables in service-support's tests.
create table demo_note (
    id        text    primary key,
    body      text    not null,
    applied   integer not null default 1
);
