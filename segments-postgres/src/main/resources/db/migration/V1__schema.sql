-- Segments schema. Every table carries workspace_id; one default workspace exists for now.
-- Text that conditions compare is stored twice: as given (for display) and case-folded by the
-- application (TextFolding) in the "folded" documents, because comparisons must not depend on the
-- server's collation, which may be C.

create table workspaces (
    id          bigint primary key,
    name        text not null,
    time_zone   text not null default 'UTC',
    created_at  timestamptz not null default now()
);
insert into workspaces (id, name) values (1, 'Default workspace');

-- Typed custom properties of contacts and companies.
create table property_definitions (
    workspace_id bigint not null references workspaces (id),
    subject      text not null check (subject in ('contacts', 'companies')),
    name         text not null,
    type         text not null check (type in ('text', 'number', 'date', 'timestamp', 'boolean', 'enum')),
    options      jsonb not null default '[]',
    created_at   timestamptz not null default now(),
    primary key (workspace_id, subject, name)
);

create table companies (
    id              bigserial primary key,
    workspace_id    bigint not null references workspaces (id),
    domain          text not null,
    domain_key      text not null,
    name            text,
    industry        text,
    employee_count  numeric,
    annual_revenue  numeric,
    country         text,
    city            text,
    properties      jsonb not null default '{}',
    folded          jsonb not null default '{}',
    created_at      timestamptz not null,
    updated_at      timestamptz not null default now(),
    deleted_at      timestamptz
);
create unique index companies_domain on companies (workspace_id, domain_key) where deleted_at is null;

create table contacts (
    id               bigserial primary key,
    workspace_id     bigint not null references workspaces (id),
    email            text,
    email_key        text,
    external_id      text,
    first_name       text,
    last_name        text,
    title            text,
    phone            text,
    country          text,
    city             text,
    lifecycle_stage  text,
    company_id       bigint references companies (id),
    properties       jsonb not null default '{}',
    folded           jsonb not null default '{}',
    created_at       timestamptz not null,
    updated_at       timestamptz not null default now(),
    deleted_at       timestamptz,
    merged_into      bigint references contacts (id)
);
-- One live contact per email in a workspace; merged and deleted contacts keep theirs for history.
create unique index contacts_email on contacts (workspace_id, email_key)
    where email_key is not null and deleted_at is null and merged_into is null;
create unique index contacts_external_id on contacts (workspace_id, external_id)
    where external_id is not null and deleted_at is null and merged_into is null;
create index contacts_company on contacts (company_id) where company_id is not null;
create index contacts_universe on contacts (workspace_id, id) where deleted_at is null and merged_into is null;

-- Anonymous visitors and the contact each one was identified as.
create table visitors (
    workspace_id  bigint not null references workspaces (id),
    anonymous_id  text not null,
    contact_id    bigint references contacts (id),
    first_seen_at timestamptz not null default now(),
    primary key (workspace_id, anonymous_id)
);
create index visitors_contact on visitors (contact_id) where contact_id is not null;

create table forms (
    workspace_id bigint not null references workspaces (id),
    id           text not null,
    name         text not null,
    created_at   timestamptz not null default now(),
    primary key (workspace_id, id)
);

-- Distinct URLs, normalized and folded once, so that urlContains is decided once per URL.
create table urls (
    id            bigserial primary key,
    workspace_id  bigint not null references workspaces (id),
    url           text not null,
    url_folded    text not null,
    unique (workspace_id, url)
);

-- Tracking events. contact_id is resolved when the event is written and re-pointed when its
-- visitor is identified or its contact merged, so queries never join visitors.
create table events (
    id            bigserial primary key,
    workspace_id  bigint not null references workspaces (id),
    message_id    text not null,
    kind          smallint not null, -- 1 page view, 2 form submission, 3 other track event
    anonymous_id  text,
    contact_id    bigint references contacts (id),
    url_id        bigint references urls (id),
    form_id       text,
    event_name    text,
    properties    jsonb not null default '{}',
    occurred_at   timestamptz not null,
    received_at   timestamptz not null default now(),
    unique (workspace_id, message_id)
);
create index events_contact_kind_time on events (contact_id, kind, occurred_at) include (url_id, form_id) where contact_id is not null;
create index events_kind_time on events (workspace_id, kind, occurred_at) include (contact_id, url_id, form_id) where contact_id is not null;
create index events_visitor on events (workspace_id, anonymous_id) where anonymous_id is not null;

-- Append-only consent history.
create table consents (
    id           bigserial primary key,
    workspace_id bigint not null references workspaces (id),
    contact_id   bigint not null references contacts (id),
    channel      text not null,
    status       text not null check (status in ('granted', 'denied')),
    occurred_at  timestamptz not null,
    recorded_at  timestamptz not null default now()
);
create index consents_contact on consents (contact_id, channel, occurred_at);
create index consents_channel on consents (workspace_id, channel, occurred_at);

create table segments (
    id              bigserial primary key,
    workspace_id    bigint not null references workspaces (id),
    name            text not null,
    description     text,
    subject         text not null check (subject in ('contacts', 'companies')),
    definition      json not null, -- json, not jsonb: kept exactly as written
    created_at      timestamptz not null default now(),
    updated_at      timestamptz not null default now(),
    last_count      bigint,
    last_count_as_of timestamptz
);
create index segments_workspace on segments (workspace_id, id);
