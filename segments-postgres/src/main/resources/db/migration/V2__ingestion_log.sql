-- Ingestion: every accepted tracking message is kept raw, once per message id, before it is
-- applied; what could not be applied is recorded beside it. Both tables are append-only.
create table ingest_log (
    id           bigserial primary key,
    workspace_id bigint not null references workspaces (id),
    message_id   text not null,
    type         text not null,
    payload      jsonb not null,
    received_at  timestamptz not null default now(),
    unique (workspace_id, message_id)
);

create table ingest_problems (
    id           bigserial primary key,
    workspace_id bigint not null references workspaces (id),
    log_id       bigint references ingest_log (id),
    message_id   text,
    pointer      text not null,
    code         text not null,
    message      text not null,
    recorded_at  timestamptz not null default now()
);
create index ingest_problems_workspace on ingest_problems (workspace_id, id);

-- The user id a tracking event was sent with, so that events of a user not yet identified
-- count for the contact once an identify creates it.
alter table events add column user_id text;
create index events_user on events (workspace_id, user_id) where user_id is not null;

-- The group id a tracking client names a company by, when its group calls do not always carry
-- the domain the company is keyed by.
alter table companies add column group_id text;
create index companies_group on companies (workspace_id, group_id) where group_id is not null and deleted_at is null;

-- A group call for a sender who is no contact yet (libraries may deliver batches out of order):
-- the link waits here and is made when that user or visitor is identified.
create table pending_company_links (
    workspace_id bigint not null references workspaces (id),
    sender       text not null, -- 'u:' || user id, or 'a:' || anonymous id
    company_id   bigint not null references companies (id),
    occurred_at  timestamptz not null,
    primary key (workspace_id, sender)
);
