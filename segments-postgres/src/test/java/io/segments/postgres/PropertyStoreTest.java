package io.segments.postgres;

import io.segments.definition.Subject;
import io.segments.postgres.store.PropertyStore;
import io.segments.postgres.store.PropertyTypeConflictException;
import io.segments.postgres.store.WorkspaceStore;
import io.segments.schema.FieldType;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;

import java.time.ZoneId;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PropertyStoreTest {
    private final DSLContext dsl = TestDatabase.dsl();
    private final long workspace = new WorkspaceStore(dsl).create("properties", ZoneId.of("UTC"));
    private final PropertyStore properties = new PropertyStore(dsl);

    @Test
    void theFirstTypeWinsAndOptionsFollowTheLatestDeclarationOfThatType() {
        properties.define(workspace, Subject.CONTACTS, "plan", FieldType.ENUM, List.of("free", "pro"));
        properties.define(workspace, Subject.CONTACTS, "plan", FieldType.ENUM, List.of("free", "pro", "enterprise"));
        assertThatThrownBy(() -> properties.define(workspace, Subject.CONTACTS, "plan", FieldType.NUMBER, List.of()))
                .isInstanceOf(PropertyTypeConflictException.class)
                .hasMessage("Property \"plan\" is already declared as enum, not number.");
        assertThat(properties.find(workspace, Subject.CONTACTS, "plan").orElseThrow().options()).containsExactly("free", "pro", "enterprise");
        assertThat(properties.find(workspace, Subject.COMPANIES, "plan")).isEmpty();
    }

    @Test
    void builtInFieldsAndInvalidNamesCannotBeDeclared() {
        assertThatThrownBy(() -> properties.define(workspace, Subject.CONTACTS, "country", FieldType.TEXT, List.of()))
                .hasMessage("\"country\" is a built-in field");
        assertThatThrownBy(() -> properties.define(workspace, Subject.CONTACTS, "9lives", FieldType.TEXT, List.of()))
                .hasMessageStartingWith("a property name starts with a letter");
    }
}
