-- Which transactions changed what segment evaluation reads, so that an in-memory index built from
-- one snapshot can tell whether it is still current: it is exactly when no change is invisible
-- to its snapshot. One row per writing transaction (statement triggers, so bulk writes cost one
-- insert per statement, and the key is the transaction's own id, so writers never contend).
create table data_changes (
    transaction_id xid8 primary key default pg_current_xact_id(),
    changed_at     timestamptz not null default now()
);

create function record_data_change() returns trigger language plpgsql as $$
begin
    insert into data_changes default values on conflict (transaction_id) do nothing;
    return null;
end
$$;

create trigger contacts_changed after insert or update or delete or truncate on contacts
    for each statement execute function record_data_change();
create trigger companies_changed after insert or update or delete or truncate on companies
    for each statement execute function record_data_change();
create trigger events_changed after insert or update or delete or truncate on events
    for each statement execute function record_data_change();
create trigger consents_changed after insert or update or delete or truncate on consents
    for each statement execute function record_data_change();
create trigger urls_changed after insert or update or delete or truncate on urls
    for each statement execute function record_data_change();
create trigger property_definitions_changed after insert or update or delete or truncate on property_definitions
    for each statement execute function record_data_change();
create trigger workspaces_changed after insert or update or delete or truncate on workspaces
    for each statement execute function record_data_change();
