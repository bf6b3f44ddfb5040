package io.segments.postgres.store;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.segments.schema.FieldDefinition;
import io.segments.schema.FieldType;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Dates and timestamps outside years 1–9999 are refused: the database could not read them back. */
class TraitValuesTest {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    @Test
    void yearsTheDatabaseCannotReadAreRefused() {
        FieldDefinition date = FieldDefinition.custom("trialEndsAt", FieldType.DATE, List.of());
        FieldDefinition timestamp = FieldDefinition.custom("lastLoginAt", FieldType.TIMESTAMP, List.of());
        assertThat(TraitValues.convert(date, JSON.textNode("2024-05-31"))).contains(JSON.textNode("2024-05-31"));
        assertThat(TraitValues.convert(date, JSON.textNode("0000-01-01"))).isEmpty();
        assertThat(TraitValues.convert(date, JSON.textNode("+10000-01-01"))).isEmpty();
        assertThat(TraitValues.convert(timestamp, JSON.textNode("2024-05-31T08:00:00+02:00")))
                .contains(JSON.textNode("2024-05-31T06:00:00Z"));
        assertThat(TraitValues.convert(timestamp, JSON.textNode("0000-01-01T00:00:00Z"))).isEmpty();
        assertThat(TraitValues.convert(timestamp, JSON.textNode("0000-01-01"))).isEmpty();
        assertThat(TraitValues.infer(JSON.textNode("0000-01-01"))).contains(FieldType.TEXT);
    }
}
