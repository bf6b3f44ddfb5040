package io.segments.postgres.store;

import org.jooq.DSLContext;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The statements that carry a whole request's rows, run on the transaction's connection with their
 * parameters bound through JDBC directly: a {@code String[]} or {@code Long[]} travels in
 * PostgreSQL's binary array format. jOOQ's plain-SQL binding renders every array as a text literal,
 * which PostgreSQL then reads character by character, unescaping each message's quoted JSON; that
 * reading was a tenth of the server's time per tracked message. Values are always bound, never
 * written into the SQL.
 */
public final class BulkStatements {
    /** Reads one row of a result. */
    public interface RowReader {
        void read(ResultSet row) throws SQLException;
    }

    private final DSLContext tx;

    public BulkStatements(DSLContext tx) {
        this.tx = tx;
    }

    /** Runs a data-modifying statement; returns the number of rows it changed. */
    public int execute(String sql, Object... parameters) {
        return tx.connectionResult(connection -> {
            try (PreparedStatement statement = prepare(connection, sql, parameters)) {
                return statement.executeUpdate();
            }
        });
    }

    /** Runs a query (or a statement with {@code returning}), handing each row to {@code reader}. */
    public void query(String sql, RowReader reader, Object... parameters) {
        tx.connection(connection -> {
            try (PreparedStatement statement = prepare(connection, sql, parameters); ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    reader.read(rows);
                }
            }
        });
    }

    private static PreparedStatement prepare(Connection connection, String sql, Object[] parameters) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        try {
            for (int index = 0; index < parameters.length; index++) {
                statement.setObject(index + 1, parameters[index]);
            }
            return statement;
        } catch (SQLException | RuntimeException failure) {
            statement.close();
            throw failure;
        }
    }
}
