-- Browser sessions of the UI. Only a hash of each session token is stored; logging out deletes it.
create table ui_sessions (
    token_hash   text primary key,
    workspace_id bigint not null references workspaces (id),
    created_at   timestamptz not null default now(),
    expires_at   timestamptz not null
);
create index ui_sessions_expiry on ui_sessions (expires_at);
