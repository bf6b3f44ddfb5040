package io.segments.service.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.segments.definition.Definition;
import io.segments.definition.json.DefinitionJson;
import io.segments.definition.validation.CheckedDefinition;
import io.segments.postgres.Database;
import io.segments.postgres.PostgresSegmentEngine;
import io.segments.postgres.load.CopyLoader;
import io.segments.postgres.load.WorkspaceGenerator;
import io.segments.postgres.store.PropertyStore;
import io.segments.postgres.store.SegmentStore;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

/**
 * {@code serve --demo}: fills an empty workspace (no contacts yet) with the generated demo
 * workspace and a handful of example segments, in one transaction, once. A workspace that has
 * contacts is left alone, so restarting with {@code --demo} is harmless. The example segments are
 * saved right after the data is committed (when the workspace has none).
 */
@Component
public class DemoSeeder implements ApplicationRunner {
    private static final Logger LOG = LoggerFactory.getLogger(DemoSeeder.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    public static final long WORKSPACE = 1;

    /** Example segments: name, description, definition. */
    public static final List<String[]> EXAMPLES = List.of(
            new String[]{"DACH leads researching pricing", "Contacts in Germany, Austria or Switzerland who viewed pricing at least twice in 30 days and can be emailed.", """
                    {"subject":"contacts","where":{"type":"and","conditions":[
                      {"type":"attribute","field":"country","operator":"in","values":["DE","AT","CH"]},
                      {"type":"pageView","urlContains":"/pricing","withinDays":30,"atLeast":2},
                      {"type":"consent","channel":"email","status":"granted"}]}}"""},
            new String[]{"Hot leads with email consent", "Lead score 80 or more, not yet customers, email consent granted.", """
                    {"subject":"contacts","where":{"type":"and","conditions":[
                      {"type":"attribute","field":"leadScore","operator":"gte","value":80},
                      {"type":"attribute","field":"lifecycleStage","operator":"notIn","values":["customer","evangelist"]},
                      {"type":"consent","channel":"email","status":"granted"}]}}"""},
            new String[]{"Requested a demo (90 days)", "Submitted the demo request form in the last 90 days.", """
                    {"subject":"contacts","where":{"type":"formSubmit","form":"demo-request","withinDays":90}}"""},
            new String[]{"Dormant for 60+ days", "Were active on the site, but not in the last 60 days.", """
                    {"subject":"contacts","where":{"type":"recency","of":"activity","operator":"moreThanDaysAgo","days":60}}"""},
            new String[]{"Webinar sign-ups who never filled a form", "Came from a webinar campaign and never submitted any form.", """
                    {"subject":"contacts","where":{"type":"and","conditions":[
                      {"type":"attribute","field":"campaign","operator":"contains","value":"webinar"},
                      {"type":"recency","of":"formSubmit","operator":"never"}]}}"""},
            new String[]{"SMS-reachable customers on Pro or Enterprise", "Customers on the pro or enterprise plan with SMS consent.", """
                    {"subject":"contacts","where":{"type":"and","conditions":[
                      {"type":"attribute","field":"plan","operator":"in","values":["pro","enterprise"]},
                      {"type":"consent","channel":"sms","status":"granted"}]}}"""},
            new String[]{"Accounts with 3+ people on pricing", "Companies where at least three people viewed pricing in the last 90 days.", """
                    {"subject":"companies","where":{"type":"people","atLeast":3,"where":
                      {"type":"pageView","urlContains":"/pricing","withinDays":90}}}"""},
            new String[]{"Large software companies", "Software companies with 200 or more employees.", """
                    {"subject":"companies","where":{"type":"and","conditions":[
                      {"type":"attribute","field":"industry","operator":"equals","value":"Software"},
                      {"type":"attribute","field":"employeeCount","operator":"gte","value":200}]}}"""});

    private final Database database;
    private final boolean enabled;

    public DemoSeeder(Database database, @Value("${segments.demo:false}") boolean enabled) {
        this.database = database;
        this.enabled = enabled;
    }

    @Override
    public void run(ApplicationArguments arguments) throws Exception {
        if (enabled) {
            seed(Instant.now().truncatedTo(ChronoUnit.SECONDS));
        }
    }

    /** Seeds the demo workspace as of {@code now}; returns false (and does nothing) when it has contacts. */
    public boolean seed(Instant now) throws SQLException {
        long started = System.nanoTime();
        try (Connection connection = database.dataSource().getConnection()) {
            connection.setAutoCommit(false);
            try {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("select pg_advisory_xact_lock(5150)");
                    try (ResultSet result = statement.executeQuery("select exists (select 1 from contacts where workspace_id = " + WORKSPACE + ")")) {
                        result.next();
                        if (result.getBoolean(1)) {
                            LOG.info("Demo data not seeded: the workspace already has contacts");
                            connection.rollback();
                            return false;
                        }
                    }
                }
                System.out.println("Seeding the demo workspace (20,000 contacts, 300,000 events)...");
                WorkspaceGenerator.Spec spec = WorkspaceGenerator.Spec.demo(now);
                CopyLoader loader = new CopyLoader(connection, WORKSPACE, false);
                new WorkspaceGenerator(spec, CopyLoader.bases(connection)).generate(loader);
                Map<String, Long> rows = loader.finish();
                connection.commit();
                // The engine evaluates in a snapshot transaction of its own, so the examples are
                // counted once the data is committed.
                saveExamples(DSL.using(database.dataSource(), SQLDialect.POSTGRES), now);
                System.out.printf("Seeded the demo workspace in %.1f s: %s%n", (System.nanoTime() - started) / 1e9, rows);
                return true;
            } catch (SQLException | RuntimeException failure) {
                connection.rollback();
                throw failure;
            }
        }
    }

    private static void saveExamples(DSLContext dsl, Instant asOf) {
        PostgresSegmentEngine engine = new PostgresSegmentEngine(dsl, Duration.ofMinutes(1));
        SegmentStore segments = new SegmentStore(dsl);
        PropertyStore properties = new PropertyStore(dsl);
        if (!segments.list(WORKSPACE).isEmpty()) {
            return;
        }
        for (String[] example : EXAMPLES) {
            Definition definition = definition(example[2], properties);
            long count = engine.count(WORKSPACE, definition, asOf);
            segments.create(WORKSPACE, example[0], example[1], definition.subject(), DefinitionJson.write(definition).toString(), count, asOf);
        }
    }

    static Definition definition(String json, PropertyStore properties) {
        try {
            JsonNode tree = JSON.readTree(json);
            CheckedDefinition checked = CheckedDefinition.check(tree, properties.catalog(WORKSPACE));
            if (!checked.saveErrors().isEmpty()) {
                throw new IllegalStateException("example segment is invalid: " + checked.saveErrors());
            }
            return checked.definition().orElseThrow();
        } catch (java.io.IOException failure) {
            throw new IllegalStateException(failure);
        }
    }
}
