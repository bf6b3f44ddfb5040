-- Tracking finds a contact by external id or email following merges: the live contact, else the
-- latest merged one (see ContactStore.findByExternalId/findByEmail). The unique indexes cover live
-- contacts only, so those look-ups read the whole table on every identify, alias and group call.
-- These indexes answer them; they change no result.
create index contacts_external_id_any on contacts (workspace_id, external_id) where external_id is not null and deleted_at is null;
create index contacts_email_key_any on contacts (workspace_id, email_key) where email_key is not null and deleted_at is null;
