-- What each writing transaction changed of what segment evaluation reads, so that an in-memory
-- index read from one snapshot can tell whether it is still current (it is exactly when every
-- logged transaction is visible to that snapshot), and catch up by reading again only the
-- contacts that changed. Statement triggers: bulk writes cost one insert per statement, and rows
-- are keyed by the writer's own transaction id, so writers never wait for each other.
create table data_changes (
    transaction_id xid8 primary key default pg_current_xact_id(),
    changed_at     timestamptz not null default now(),
    -- Only reading everything again reflects this change (custom properties, time zone, truncation).
    rebuild        boolean not null default false,
    -- Some company changed: the companies are read again whole.
    companies      boolean not null default false
);

-- The contacts whose fields, links, events or consent a transaction changed.
create table data_change_contacts (
    transaction_id xid8 not null default pg_current_xact_id(),
    contact_id     bigint not null
);
create index data_change_contacts_transaction on data_change_contacts (transaction_id);

create function record_data_change() returns trigger language plpgsql as $$
declare
    rebuild boolean := TG_OP = 'TRUNCATE' or TG_TABLE_NAME in ('property_definitions', 'workspaces');
    companies boolean := TG_TABLE_NAME = 'companies';
begin
    insert into data_changes (rebuild, companies) values (rebuild, companies)
    on conflict (transaction_id) do update
        set rebuild = data_changes.rebuild or excluded.rebuild,
            companies = data_changes.companies or excluded.companies
        where not (data_changes.rebuild >= excluded.rebuild and data_changes.companies >= excluded.companies);
    return null;
end
$$;

-- TG_ARGV[0]: the column holding the contact id. The statement's transition tables are new_rows
-- (inserts and updates) and old_rows (updates and deletes); a trigger declares only those its
-- operation has, so each branch reads only those.
create function record_changed_contacts() returns trigger language plpgsql as $$
declare
    changed_rows text := case TG_OP when 'INSERT' then 'select %1$I from new_rows'
                            when 'DELETE' then 'select %1$I from old_rows'
                            else 'select %1$I from new_rows union select %1$I from old_rows' end;
begin
    execute format('insert into data_change_contacts (contact_id) select distinct contact_id from ('
                   || changed_rows || ') changed (contact_id) where contact_id is not null', TG_ARGV[0]);
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
create trigger property_definitions_changed after insert or update or delete or truncate on property_definitions
    for each statement execute function record_data_change();
create trigger workspaces_changed after insert or update or delete or truncate on workspaces
    for each statement execute function record_data_change();

create trigger contacts_inserted after insert on contacts referencing new table as new_rows
    for each statement execute function record_changed_contacts('id');
create trigger contacts_updated after update on contacts referencing old table as old_rows new table as new_rows
    for each statement execute function record_changed_contacts('id');
create trigger contacts_deleted after delete on contacts referencing old table as old_rows
    for each statement execute function record_changed_contacts('id');
create trigger events_inserted after insert on events referencing new table as new_rows
    for each statement execute function record_changed_contacts('contact_id');
create trigger events_updated after update on events referencing old table as old_rows new table as new_rows
    for each statement execute function record_changed_contacts('contact_id');
create trigger events_deleted after delete on events referencing old table as old_rows
    for each statement execute function record_changed_contacts('contact_id');
create trigger consents_inserted after insert on consents referencing new table as new_rows
    for each statement execute function record_changed_contacts('contact_id');
create trigger consents_updated after update on consents referencing old table as old_rows new table as new_rows
    for each statement execute function record_changed_contacts('contact_id');
create trigger consents_deleted after delete on consents referencing old table as old_rows
    for each statement execute function record_changed_contacts('contact_id');
