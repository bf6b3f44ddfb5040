package io.segments.postgres.load;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.segments.definition.Subject;
import io.segments.postgres.store.PropertyStore;
import io.segments.schema.FieldType;
import io.segments.text.ConsentChannels;
import io.segments.text.TextFolding;
import io.segments.text.UrlNormalization;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;

/**
 * Loads a generated workspace into the product's tables with PostgreSQL {@code COPY}, streaming
 * table by table, and writes every derived column exactly as the stores do: the {@code folded}
 * documents ({@link TextFolding#fold}), {@code contacts.email_key}, {@code urls.url_folded}
 * ({@link UrlNormalization#normalize}), consent channels ({@link ConsentChannels#normalize}),
 * {@code events.contact_id} already resolved through the visitor, and the visitors table. The
 * custom properties are declared through {@link PropertyStore}.
 *
 * <p>In bulk mode, secondary indexes of tables that are still empty are dropped before the load
 * and rebuilt after it (one sort per index instead of a million insertions).
 */
public final class CopyLoader implements Rows.Sink {
    private static final Logger LOG = LoggerFactory.getLogger(CopyLoader.class);
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final int FLUSH_BYTES = 1 << 20;

    private static final Map<String, String> COLUMNS = new LinkedHashMap<>();

    static {
        COLUMNS.put("forms", "workspace_id, id, name");
        COLUMNS.put("companies", "id, workspace_id, domain, domain_key, name, industry, employee_count, annual_revenue, country, city, properties, folded, created_at");
        COLUMNS.put("contacts", "id, workspace_id, email, email_key, first_name, last_name, title, phone, country, city, lifecycle_stage, company_id, properties, folded, created_at");
        COLUMNS.put("consents", "id, workspace_id, contact_id, channel, status, occurred_at");
        COLUMNS.put("urls", "id, workspace_id, url, url_folded");
        COLUMNS.put("visitors", "workspace_id, anonymous_id, contact_id, first_seen_at");
        COLUMNS.put("events", "id, workspace_id, message_id, kind, anonymous_id, contact_id, url_id, form_id, event_name, properties, occurred_at");
    }

    private final Connection connection;
    private final long workspaceId;
    private final String workspace;
    private final boolean bulk;
    private final StringBuilder buffer = new StringBuilder(FLUSH_BYTES + 4096);
    private final Map<String, Long> rows = new LinkedHashMap<>();
    private final List<String[]> suspendedIndexes = new ArrayList<>();
    private LongConsumer eventProgress = count -> { };
    private boolean replica;
    private String table;
    private CopyIn copy;
    private long tableRows;

    /**
     * Prepares a load into {@code workspaceId} over {@code connection} (auto-commit; the loader
     * uses it alone until {@link #finish}). Declares the generated custom properties.
     */
    public CopyLoader(Connection connection, long workspaceId, boolean bulk) throws SQLException {
        this.connection = connection;
        this.workspaceId = workspaceId;
        this.workspace = Long.toString(workspaceId);
        this.bulk = bulk;
        PropertyStore properties = new PropertyStore(DSL.using(connection, SQLDialect.POSTGRES));
        properties.define(workspaceId, Subject.CONTACTS, "leadScore", FieldType.NUMBER, List.of());
        properties.define(workspaceId, Subject.CONTACTS, "plan", FieldType.ENUM, WorkspaceGenerator.PLANS);
        properties.define(workspaceId, Subject.CONTACTS, "newsletter", FieldType.BOOLEAN, List.of());
        properties.define(workspaceId, Subject.CONTACTS, "trialEndsAt", FieldType.DATE, List.of());
        properties.define(workspaceId, Subject.CONTACTS, "campaign", FieldType.TEXT, List.of());
        if (bulk) {
            try (Statement statement = connection.createStatement()) {
                statement.execute("set synchronous_commit = off");
                statement.execute("set maintenance_work_mem = '512MB'");
            }
            suspendIndexes();
            skipForeignKeyTriggers();
        }
    }

    /** The largest ids stored so far, so that generated ids continue after them. */
    public static Rows.IdBases bases(Connection connection) throws SQLException {
        return new Rows.IdBases(max(connection, "companies"), max(connection, "contacts"), max(connection, "consents"),
                max(connection, "urls"), max(connection, "events"));
    }

    private static long max(Connection connection, String table) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("select coalesce(max(id), 0) from " + table)) {
            result.next();
            return result.getLong(1);
        }
    }

    /** Called with the number of events written so far, every million. */
    public CopyLoader onEvents(LongConsumer progress) {
        this.eventProgress = progress;
        return this;
    }

    @Override
    public void form(Rows.Form form) {
        row("forms", workspace, form.id(), form.name());
    }

    @Override
    public void company(Rows.Company company) {
        ObjectNode folded = JSON.objectNode();
        fold(folded, "domain", company.domain());
        fold(folded, "name", company.name());
        fold(folded, "industry", company.industry());
        fold(folded, "country", company.country());
        fold(folded, "city", company.city());
        row("companies", Long.toString(company.id()), workspace, company.domain().strip(), io.segments.postgres.store.CompanyStore.domainKey(company.domain()),
                company.name(), company.industry(), text(company.employeeCount()), text(company.annualRevenue()), company.country(), company.city(),
                "{}", folded.toString(), company.createdAt().toString());
    }

    @Override
    public void contact(Rows.Contact contact) {
        ObjectNode properties = JSON.objectNode();
        if (contact.leadScore() != null) {
            properties.set("leadScore", JSON.numberNode(BigDecimal.valueOf(contact.leadScore())));
        }
        if (contact.plan() != null) {
            properties.put("plan", contact.plan());
        }
        if (contact.newsletter() != null) {
            properties.put("newsletter", contact.newsletter());
        }
        if (contact.trialEndsAt() != null) {
            properties.put("trialEndsAt", contact.trialEndsAt().toString());
        }
        if (contact.campaign() != null) {
            properties.put("campaign", contact.campaign());
        }
        ObjectNode folded = JSON.objectNode();
        fold(folded, "email", contact.email());
        fold(folded, "firstName", contact.firstName());
        fold(folded, "lastName", contact.lastName());
        fold(folded, "title", contact.title());
        fold(folded, "phone", contact.phone());
        fold(folded, "country", contact.country());
        fold(folded, "city", contact.city());
        fold(folded, "lifecycleStage", contact.lifecycleStage());
        fold(folded, "campaign", contact.campaign());
        fold(folded, "plan", contact.plan());
        row("contacts", Long.toString(contact.id()), workspace, contact.email(), TextFolding.fold(contact.email()), contact.firstName(),
                contact.lastName(), contact.title(), contact.phone(), contact.country(), contact.city(), contact.lifecycleStage(),
                text(contact.companyId()), properties.toString(), folded.toString(), contact.createdAt().toString());
    }

    @Override
    public void consent(Rows.Consent consent) {
        row("consents", Long.toString(consent.id()), workspace, Long.toString(consent.contactId()),
                ConsentChannels.normalize(consent.channel()), consent.status(), consent.occurredAt().toString());
    }

    @Override
    public void url(Rows.Url url) {
        String normalized = UrlNormalization.normalize(url.url());
        row("urls", Long.toString(url.id()), workspace, url.url(), normalized == null ? "" : normalized);
    }

    @Override
    public void visitor(Rows.Visitor visitor) {
        row("visitors", workspace, visitor.anonymousId(), text(visitor.contactId()), visitor.firstSeenAt().toString());
    }

    @Override
    public void event(Rows.Event event) {
        boolean form = event.kind() == 2;
        row("events", Long.toString(event.id()), workspace, event.messageId(), Short.toString(event.kind()), event.anonymousId(),
                text(event.contactId()), text(event.urlId()), event.formId(), form ? "Form Submitted" : null,
                form ? "{\"formId\":\"" + event.formId() + "\"}" : "{}", event.occurredAt().toString());
        if (tableRows % 1_000_000 == 0) {
            eventProgress.accept(tableRows);
        }
    }

    /** Ends the last COPY, moves the id sequences past the loaded ids, rebuilds indexes, analyzes. */
    public Map<String, Long> finish() throws SQLException {
        endTable();
        try (Statement statement = connection.createStatement()) {
            if (replica) {
                statement.execute("set session_replication_role = origin");
                // Triggers did not fire under the replica role: log a change that only reading
                // everything again reflects.
                statement.execute("insert into data_changes (rebuild) values (true)");
            }
            for (String sequenced : List.of("companies", "contacts", "consents", "urls", "events")) {
                statement.execute("select setval(pg_get_serial_sequence('" + sequenced + "', 'id'), greatest(1, (select coalesce(max(id), 0) from " + sequenced + ")))");
            }
            for (String[] index : suspendedIndexes) {
                long started = System.nanoTime();
                statement.execute(index[1]);
                LOG.info("Rebuilt index {} in {} ms", index[0], (System.nanoTime() - started) / 1_000_000);
            }
            for (String analyzed : COLUMNS.keySet()) {
                // A bulk load runs outside a transaction: vacuum too, so that index-only scans
                // need not visit the heap (the visibility map is set).
                statement.execute((bulk ? "vacuum analyze " : "analyze ") + analyzed);
            }
        }
        return rows;
    }

    /**
     * Generated rows are consistent by construction, so a bulk load skips the per-row foreign-key
     * triggers (queued until the end of each COPY, they cost more than the COPY itself). This
     * needs a superuser (the embedded server's user is one); elsewhere the checks simply run.
     */
    private void skipForeignKeyTriggers() {
        try (Statement statement = connection.createStatement()) {
            statement.execute("set session_replication_role = replica");
            replica = true;
        } catch (SQLException notAllowed) {
            LOG.info("Foreign keys are checked during the load: {}", notAllowed.getMessage());
        }
    }

    private void suspendIndexes() throws SQLException {
        List<String[]> candidates = new ArrayList<>();
        try (Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("select i.tablename, i.indexname, i.indexdef from pg_indexes i "
                     + "where i.schemaname = current_schema() and i.tablename in ('contacts', 'consents', 'visitors', 'events') "
                     + "and not exists (select 1 from pg_constraint c where c.conname = i.indexname)")) {
            while (result.next()) {
                candidates.add(new String[]{result.getString(1), result.getString(2), result.getString(3)});
            }
        }
        try (Statement statement = connection.createStatement()) {
            for (String[] candidate : candidates) {
                boolean empty;
                try (ResultSet result = statement.executeQuery("select not exists (select 1 from " + candidate[0] + ")")) {
                    result.next();
                    empty = result.getBoolean(1);
                }
                if (empty) {
                    statement.execute("drop index " + candidate[1]);
                    suspendedIndexes.add(new String[]{candidate[1], candidate[2]});
                }
            }
        }
    }

    private void row(String name, String... values) {
        if (!name.equals(table)) {
            endTable();
            startTable(name);
        }
        for (int index = 0; index < values.length; index++) {
            if (index > 0) {
                buffer.append('\t');
            }
            escape(values[index]);
        }
        buffer.append('\n');
        tableRows++;
        if (buffer.length() >= FLUSH_BYTES) {
            flush();
        }
    }

    private void startTable(String name) {
        try {
            copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn("copy " + name + " (" + COLUMNS.get(name) + ") from stdin");
        } catch (SQLException failure) {
            throw new IllegalStateException("cannot start COPY into " + name, failure);
        }
        table = name;
        tableRows = 0;
    }

    private void endTable() {
        if (copy == null) {
            return;
        }
        flush();
        try {
            copy.endCopy();
        } catch (SQLException failure) {
            throw new IllegalStateException("COPY into " + table + " failed", failure);
        }
        rows.merge(table, tableRows, Long::sum);
        copy = null;
    }

    private void flush() {
        if (buffer.isEmpty()) {
            return;
        }
        byte[] bytes = buffer.toString().getBytes(StandardCharsets.UTF_8);
        buffer.setLength(0);
        try {
            copy.writeToCopy(bytes, 0, bytes.length);
        } catch (SQLException failure) {
            throw new IllegalStateException("COPY into " + table + " failed", failure);
        }
    }

    /** COPY text format: \N is NULL; backslash, tab, newline and carriage return are escaped. */
    private void escape(String value) {
        if (value == null) {
            buffer.append("\\N");
            return;
        }
        for (int index = 0; index < value.length(); index++) {
            char character = value.charAt(index);
            switch (character) {
                case '\\' -> buffer.append("\\\\");
                case '\t' -> buffer.append("\\t");
                case '\n' -> buffer.append("\\n");
                case '\r' -> buffer.append("\\r");
                default -> buffer.append(character);
            }
        }
    }

    private static void fold(ObjectNode folded, String name, String value) {
        String foldedValue = TextFolding.fold(value);
        if (foldedValue != null) {
            folded.put(name, foldedValue);
        }
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }

    public long workspaceId() {
        return workspaceId;
    }
}
