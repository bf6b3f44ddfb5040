-- What each tracked message costs PostgreSQL, continued (V7, V8; docs/benchmarks.md): planning.
--
-- Ingestion plans each of its statements for the values it carries (plan_cache_mode =
-- force_custom_plan in its transactions, Ingestor), and that setting reaches every statement run
-- on its behalf: the foreign-key checks and the change-log triggers were planned again on every
-- run too. Planning was a sixth of the time PostgreSQL spent in ingestion statements.

-- A new contact's workspace reference was checked by a per-row trigger that share-locked the one
-- workspace row (so every concurrent transaction creating contacts turned its lock into a shared
-- multixact) after planning its look-up afresh: 32 µs of planning and 7 of execution per contact.
-- As for events and visitors (V7, V8): contacts are created by the service only, with the
-- workspace of the request, and no workspace is ever deleted; the ingestion tests check the
-- reference after every test (io.segments.service.ingest.ReferentialIntegrity).
alter table contacts drop constraint contacts_workspace_id_fkey;

-- The change-log triggers run static SQL, planned once per session for each trigger, rather
-- than a statement built with format() and EXECUTE, which PostgreSQL plans on every run whatever
-- the setting (80 µs for each contact, event and consent statement). These statements take no
-- parameters, so their one plan is reused under any plan_cache_mode.
create or replace function record_changed_contacts() returns trigger language plpgsql as $$
begin
    -- TG_ARGV[0] names the column holding the contact: id (contacts) or contact_id. Each branch's
    -- statement is planned when first run, so a branch naming a transition table or a column this
    -- trigger's table lacks is never planned.
    if TG_ARGV[0] = 'id' then
        if TG_OP = 'INSERT' then
            insert into data_change_contacts (contact_id) select distinct id from new_rows;
        elsif TG_OP = 'DELETE' then
            insert into data_change_contacts (contact_id) select distinct id from old_rows;
        else
            insert into data_change_contacts (contact_id) select id from new_rows union select id from old_rows;
        end if;
    else
        if TG_OP = 'INSERT' then
            insert into data_change_contacts (contact_id) select distinct contact_id from new_rows where contact_id is not null;
        elsif TG_OP = 'DELETE' then
            insert into data_change_contacts (contact_id) select distinct contact_id from old_rows where contact_id is not null;
        else
            insert into data_change_contacts (contact_id)
            select contact_id from new_rows where contact_id is not null
            union select contact_id from old_rows where contact_id is not null;
        end if;
    end if;
    return null;
end
$$;

-- The other trigger's insert takes its variables as parameters: under force_custom_plan it was
-- planned on every run. The setting is set back for the duration of the function.
alter function record_data_change() set plan_cache_mode = auto;
