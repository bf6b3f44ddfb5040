package io.segments.corpus;

import com.fasterxml.jackson.databind.JsonNode;
import io.segments.definition.Definition;
import io.segments.definition.Not;
import io.segments.definition.validation.CheckedDefinition;
import io.segments.schema.FieldCatalog;
import io.segments.schema.FieldDefinition;
import io.segments.schema.FieldType;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The semantic corpus as JUnit tests: an engine's test class extends this and names its engine.
 * For every case it checks the exact member set, the count, and that the case's negation counts
 * the rest of the universe.
 */
public abstract class SemanticCorpusContract {
    protected abstract CorpusEngine engine();

    @TestFactory
    Stream<DynamicNode> corpus() {
        return CorpusFile.all().stream().map(file -> DynamicContainer.dynamicContainer(
                file.fileName() + " — " + file.rule(), Stream.of(DynamicTest.dynamicTest("all cases", () -> run(file)))));
    }

    private void run(CorpusFile file) {
        try (CorpusWorld world = engine().newWorld(file.timeZone())) {
            file.data().forEach(world::apply);
            FieldCatalog catalog = catalogOf(file);
            List<String> failures = new ArrayList<>();
            for (CorpusFile.CorpusCase corpusCase : file.cases()) {
                CheckedDefinition checked = CheckedDefinition.check(corpusCase.definition(), catalog);
                assertThat(checked.saveErrors()).as("%s / %s is a valid definition", file.fileName(), corpusCase.name()).isEmpty();
                Definition definition = checked.definition().orElseThrow();
                Instant asOf = Instant.parse(corpusCase.asOf());
                List<String> members = world.memberKeys(definition, asOf);
                if (!sorted(members).equals(sorted(corpusCase.expected()))) {
                    failures.add(corpusCase.name() + ": expected " + sorted(corpusCase.expected()) + " but was " + sorted(members));
                    continue;
                }
                long count = world.count(definition, asOf);
                long universe = world.count(new Definition(definition.subject(), null), asOf);
                long complement = world.count(new Definition(definition.subject(), new Not(definition.where())), asOf);
                if (count != members.size() || count + complement != universe) {
                    failures.add(corpusCase.name() + ": count " + count + ", members " + members.size()
                            + ", complement " + complement + ", universe " + universe);
                }
            }
            assertThat(failures).as(file.fileName()).isEmpty();
        }
    }

    /** Custom properties declared by the file's {@code property} operations. */
    static FieldCatalog catalogOf(CorpusFile file) {
        List<FieldDefinition> contacts = new ArrayList<>();
        List<FieldDefinition> companies = new ArrayList<>();
        for (JsonNode operation : file.data()) {
            if ("property".equals(operation.path("op").asText())) {
                List<String> options = new ArrayList<>();
                operation.path("options").forEach(option -> options.add(option.asText()));
                FieldDefinition field = FieldDefinition.custom(operation.path("name").asText(),
                        FieldType.fromJsonName(operation.path("type").asText()).orElseThrow(), options);
                ("companies".equals(operation.path("subject").asText()) ? companies : contacts).add(field);
            }
        }
        return FieldCatalog.of(contacts, companies);
    }

    private static List<String> sorted(List<String> keys) {
        return keys.stream().sorted().toList();
    }
}
