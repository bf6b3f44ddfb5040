package io.segments.postgres.index;

import io.segments.definition.Subject;
import io.segments.index.IndexMerge;
import io.segments.index.IndexOutdatedException;
import io.segments.index.WorkspaceIndex;
import io.segments.index.WorkspaceIndexBuilder;
import io.segments.index.WorkspaceIndexBuilder.EventKind;
import io.segments.postgres.sql.SubjectRelation;
import io.segments.postgres.store.PropertyStore;
import io.segments.postgres.store.WorkspaceStore;
import io.segments.schema.FieldDefinition;
import io.segments.schema.FieldType;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads one workspace from PostgreSQL into a {@link WorkspaceIndex}, all of it from one
 * REPEATABLE READ snapshot, whose identity comes back with the index so that
 * {@link DataChanges} can later tell whether anything committed since. Typed values are converted
 * by the database with the very casts the SQL engine applies, so both engines compare the same
 * values.
 */
public final class WorkspaceIndexLoader {
    private static final int FETCH_SIZE = 20_000;

    private final DSLContext dsl;

    public WorkspaceIndexLoader(DSLContext dsl) {
        this.dsl = dsl;
    }

    /** An index and the snapshot (a pg_snapshot in text form) it was read from. */
    public record Loaded(WorkspaceIndex index, String snapshot) {
    }

    public Loaded load(long workspaceId) {
        return dsl.connectionResult(connection -> inTransaction(connection, () -> load(connection, workspaceId)));
    }

    /**
     * Brings {@code base} up to date from a new snapshot by reading again only the contacts that
     * changed since its snapshot (and the companies, when one changed). Empty when only reading
     * everything again can: the catalog or time zone changed, more than {@code maxChanged}
     * contacts changed, or a contact left the universe.
     */
    public Optional<Loaded> catchUp(long workspaceId, Loaded base, int maxChanged) {
        return dsl.connectionResult(connection -> inTransaction(connection, () -> catchUp(connection, workspaceId, base, maxChanged)));
    }

    private interface Work<T> {
        T run() throws SQLException;
    }

    private static <T> T inTransaction(Connection connection, Work<T> work) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try {
            T result = work.run();
            connection.commit();
            return result;
        } catch (SQLException | RuntimeException failure) {
            connection.rollback();
            throw failure;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }

    private Optional<Loaded> catchUp(Connection connection, long workspaceId, Loaded base, int maxChanged) throws SQLException {
        String snapshot = beginSnapshot(connection);
        String unseen = "transaction_id >= pg_snapshot_xmin(cast(? as pg_snapshot)) "
                + "and not pg_visible_in_snapshot(transaction_id, cast(? as pg_snapshot))";
        boolean[] flags = new boolean[2];
        query(connection, "select coalesce(bool_or(rebuild), false), coalesce(bool_or(companies), false) from data_changes where " + unseen,
                List.of(base.snapshot(), base.snapshot()), row -> {
                    flags[0] = row.getBoolean(1);
                    flags[1] = row.getBoolean(2);
                });
        if (flags[0]) {
            return Optional.empty();
        }
        List<Long> changed = new ArrayList<>();
        query(connection, "select distinct contact_id from data_change_contacts where " + unseen + " order by 1",
                List.of(base.snapshot(), base.snapshot()), row -> changed.add(row.getLong(1)));
        if (changed.size() > maxChanged) {
            return Optional.empty();
        }
        WorkspaceIndex old = base.index();
        WorkspaceIndexBuilder delta = new WorkspaceIndexBuilder(old.zone(), old.catalog());
        delta.codesOf(old);
        Long[] ids = changed.toArray(Long[]::new);
        java.sql.Array idArray = connection.createArrayOf("bigint", ids);
        records(connection, workspaceId, Subject.CONTACTS, delta, "and id = any(?)", idArray);
        if (flags[1]) {
            records(connection, workspaceId, Subject.COMPANIES, delta, "", null);
        }
        events(connection, workspaceId, delta, "and e.contact_id = any(?)", idArray, true);
        consents(connection, workspaceId, delta, "and contact_id = any(?)", idArray);
        WorkspaceIndex changes = delta.build();
        try {
            WorkspaceIndex merged = IndexMerge.merge(old, changes, changed.stream().mapToLong(Long::longValue).toArray(),
                    flags[1] ? changes.companies() : null);
            return Optional.of(new Loaded(merged, snapshot));
        } catch (IndexOutdatedException notMergeable) {
            return Optional.empty();
        }
    }

    private static String beginSnapshot(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("set transaction isolation level repeatable read, read only")) {
            statement.execute();
        }
        try (PreparedStatement statement = connection.prepareStatement("select pg_current_snapshot()::text");
             ResultSet row = statement.executeQuery()) {
            row.next();
            return row.getString(1);
        }
    }

    private Loaded load(Connection connection, long workspaceId) throws SQLException {
        String snapshot = beginSnapshot(connection);
        DSLContext inSnapshot = DSL.using(connection, SQLDialect.POSTGRES);
        WorkspaceIndexBuilder builder = new WorkspaceIndexBuilder(new WorkspaceStore(inSnapshot).zone(workspaceId),
                new PropertyStore(inSnapshot).catalog(workspaceId));
        records(connection, workspaceId, Subject.CONTACTS, builder, "", null);
        records(connection, workspaceId, Subject.COMPANIES, builder, "", null);
        query(connection, "select id, url_folded from urls where workspace_id = ?", List.of(workspaceId),
                row -> builder.url(row.getLong(1), row.getString(2)));
        events(connection, workspaceId, builder, "", null, false);
        consents(connection, workspaceId, builder, "", null);
        return new Loaded(builder.build(), snapshot);
    }

    /**
     * Events, with their URLs when {@code withUrls} (a catch-up, whose new URLs join the base's
     * dictionary; a full load reads the URL table once instead of joining it to every event).
     */
    private static void events(Connection connection, long workspaceId, WorkspaceIndexBuilder builder, String filter, Object parameter,
                               boolean withUrls) throws SQLException {
        query(connection, """
                select e.contact_id, e.kind, %s, coalesce(e.url_id, 0), e.form_id, %s
                from events e %s
                where e.workspace_id = ? and e.contact_id is not null %s""".formatted(micros("e.occurred_at"),
                        withUrls ? "u.url_folded" : "null", withUrls ? "left join urls u on u.id = e.url_id" : "", filter),
                parameters(workspaceId, parameter), row -> {
                    long urlId = row.getLong(4);
                    if (withUrls && urlId != 0) {
                        builder.url(urlId, row.getString(6));
                    }
                    builder.event(row.getLong(1), kind(row.getShort(2)), row.getLong(3), urlId, row.getString(5));
                });
    }

    private static void consents(Connection connection, long workspaceId, WorkspaceIndexBuilder builder, String filter, Object parameter)
            throws SQLException {
        query(connection, "select contact_id, channel, status = 'denied', %s from consents where workspace_id = ? %s"
                        .formatted(micros("occurred_at"), filter), parameters(workspaceId, parameter),
                row -> builder.consent(row.getLong(1), row.getString(2), row.getBoolean(3), row.getLong(4)));
    }

    private static List<Object> parameters(long workspaceId, Object parameter) {
        List<Object> parameters = new ArrayList<>();
        parameters.add(workspaceId);
        if (parameter != null) {
            parameters.add(parameter);
        }
        return parameters;
    }

    /** The live records of a subject in id order, each catalog field read with the SQL engine's cast. */
    private static void records(Connection connection, long workspaceId, Subject subject, WorkspaceIndexBuilder builder,
                                String filter, Object parameter) throws SQLException {
        List<FieldDefinition> fields = builder.fields(subject);
        SubjectRelation relation = new SubjectRelation(subject, "r");
        List<Object> parameters = new ArrayList<>();
        StringBuilder columns = new StringBuilder();
        for (FieldDefinition field : fields) {
            columns.append(", ").append(expression(field, relation, parameters));
        }
        parameters.add(workspaceId);
        if (parameter != null) {
            parameters.add(parameter);
        }
        String sql = subject == Subject.CONTACTS
                ? """
                  select id, email, nullif(concat_ws(' ', first_name, last_name), ''), %s, coalesce(company_id, 0)%s
                  from contacts where workspace_id = ? and deleted_at is null and merged_into is null %s order by id"""
                  .formatted(micros("created_at"), columns, filter)
                : """
                  select id, domain, name, %s, 0%s
                  from companies where workspace_id = ? and deleted_at is null %s order by id"""
                  .formatted(micros("created_at"), columns, filter);
        WorkspaceIndexBuilder.Records records = subject == Subject.CONTACTS ? builder.contacts() : builder.companies();
        query(connection, sql, parameters, row -> {
            Object[] values = new Object[fields.size()];
            for (int field = 0; field < values.length; field++) {
                values[field] = value(row, 6 + field, fields.get(field).type());
            }
            records.add(row.getLong(1), row.getString(2), row.getString(3), row.getLong(4), row.getLong(5), values);
        });
    }

    /**
     * The SQL engine's reading of a field: text and enum values from the application-folded
     * document, built-in columns as they are, custom properties cast from the typed document.
     */
    private static String expression(FieldDefinition field, SubjectRelation relation, List<Object> parameters) {
        String column = field.builtIn() && field.type() != FieldType.TEXT && field.type() != FieldType.ENUM
                ? relation.builtInColumn(field.name()) : null;
        if (column != null) {
            return field.type() == FieldType.TIMESTAMP ? micros(column) : column;
        }
        parameters.add(field.name());
        return switch (field.type()) {
            case TEXT, ENUM -> "(folded ->> ?)";
            case NUMBER -> "cast(properties ->> ? as numeric)";
            case BOOLEAN -> "cast(properties ->> ? as boolean)";
            case TIMESTAMP -> micros("cast(properties ->> ? as timestamptz)");
            case DATE -> "cast(properties ->> ? as date)";
        };
    }

    private static Object value(ResultSet row, int column, FieldType type) throws SQLException {
        Object value = switch (type) {
            case TEXT, ENUM -> row.getString(column);
            case NUMBER -> row.getBigDecimal(column);
            case BOOLEAN -> row.getBoolean(column);
            case TIMESTAMP -> row.getLong(column);
            case DATE -> row.getObject(column, LocalDate.class);
        };
        return row.wasNull() ? null : value;
    }

    /** A timestamp as exact microseconds since the epoch (extract returns numeric: no rounding). */
    private static String micros(String timestamp) {
        return "cast(extract(epoch from " + timestamp + ") * 1000000 as bigint)";
    }

    private static EventKind kind(short code) {
        return switch (code) {
            case 1 -> EventKind.PAGE_VIEW;
            case 2 -> EventKind.FORM_SUBMISSION;
            default -> EventKind.OTHER;
        };
    }

    private interface RowHandler {
        void accept(ResultSet row) throws SQLException;
    }

    private static void query(Connection connection, String sql, List<Object> parameters, RowHandler handler) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setFetchSize(FETCH_SIZE);
            for (int i = 0; i < parameters.size(); i++) {
                statement.setObject(i + 1, parameters.get(i));
            }
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    handler.accept(rows);
                }
            }
        }
    }
}
