-- Indexes for evaluation at scale (see docs/benchmarks.md). They change no result.

-- Behavior conditions probe a contact's events with a correlated EXISTS that also filters on the
-- workspace; with workspace_id included the probe is an index-only scan.
drop index events_contact_kind_time;
create index events_contact_kind_time on events (contact_id, kind, occurred_at) include (workspace_id, url_id, form_id)
    where contact_id is not null;

-- Text "equals"/"in" conditions add a containment test on the folded document (implied by the
-- comparison itself), which these indexes answer without reading every record's document.
create index contacts_folded on contacts using gin (folded jsonb_path_ops);
create index companies_folded on companies using gin (folded jsonb_path_ops);
