-- What each tracked message costs PostgreSQL, continued (V7; docs/benchmarks.md).

-- An event's message id was kept unique twice: by the ingestion log, which decides whether a
-- message is new before anything else is written, and again by this index on events. The second
-- cost each event a b-tree insertion at a random place (message ids are random) and made its
-- insert a speculative one (on conflict): 20 of the 52 µs an event row took in batches of 200.
-- Only messages the log has just accepted as new reach events, once each; the ingestion tests
-- check that no message id is stored twice (io.segments.service.ingest.ReferentialIntegrity).
alter table events drop constraint events_workspace_id_message_id_key;

-- Every new visitor's row paid two foreign-key checks, each a per-row trigger share-locking the
-- referenced row (one workspace row for every visitor of every request). As with events (V7),
-- the ingestion writer takes both references from rows of the same transaction, and no
-- workspace or contact row is ever deleted; the ingestion tests check the references.
alter table visitors drop constraint visitors_workspace_id_fkey;
alter table visitors drop constraint visitors_contact_id_fkey;

-- The log keeps each message as text: the service wrote it (Jackson serializes the message it
-- validated), so checking it as json again on every insert (V7) is redundant, and took 9 of a log
-- row's 30 µs (payloads of 400 bytes, batches of 200). Read it with payload::json.
alter table ingest_log alter column payload type text;
