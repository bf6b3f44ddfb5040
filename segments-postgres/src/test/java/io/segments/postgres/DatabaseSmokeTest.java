package io.segments.postgres;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;

import static org.assertj.core.api.Assertions.assertThat;

class DatabaseSmokeTest {
    @TempDir
    Path directory;

    @Test
    void embeddedDataSurvivesARestart() throws Exception {
        try (Database database = Database.embedded(directory, 2);
             Connection connection = database.dataSource().getConnection()) {
            connection.createStatement().execute("insert into forms (workspace_id, id, name) values (1, 'kept', 'Kept')");
        }
        try (Database database = Database.embedded(directory, 2);
             Connection connection = database.dataSource().getConnection();
             ResultSet rows = connection.createStatement().executeQuery("select name from forms where id = 'kept'")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getString(1)).isEqualTo("Kept");
        }
    }
}
