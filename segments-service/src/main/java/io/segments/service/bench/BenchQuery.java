package io.segments.service.bench;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

/**
 * One benchmark query: the product's definition, and the straightforward SQL a user would write
 * for it over plain tables ({@code contacts}, {@code companies}, {@code consents} and an
 * {@code events} table with the URL on each row). The SQL is the same text for DuckDB and plain
 * PostgreSQL except for the placeholders: timestamps, custom properties (typed columns in DuckDB,
 * a {@code properties} jsonb document in the application's PostgreSQL tables), and the latest
 * consent status of a channel ({@code arg_max} in DuckDB, {@code order by ... limit 1} in
 * PostgreSQL).
 */
public record BenchQuery(String name, String definition, String sql) {
    public enum Dialect { DUCKDB, POSTGRES }

    private static final DateTimeFormatter LITERAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    /** The SQL with placeholders resolved for {@code dialect} at {@code asOf}. */
    public String sql(Dialect dialect, Instant asOf) {
        String sql = sql();
        for (Map.Entry<String, Integer> window : Map.of("{d7}", 7, "{d30}", 30, "{d90}", 90, "{d180}", 180).entrySet()) {
            sql = sql.replace(window.getKey(), timestamp(dialect, asOf.minusSeconds(window.getValue() * 86_400L)));
        }
        for (String channel : List.of("email", "sms")) {
            sql = sql.replace("{latest:" + channel + "}", dialect == Dialect.DUCKDB
                    ? "(select arg_max(s.status, s.occurred_at) from consents s where s.contact_id = c.id and s.channel = '" + channel
                    + "' and s.occurred_at <= {asOf})"
                    : "(select s.status from consents s where s.contact_id = c.id and s.channel = '" + channel
                    + "' and s.occurred_at <= {asOf} order by s.occurred_at desc limit 1)");
        }
        sql = sql.replace("{asOf}", timestamp(dialect, asOf));
        if (dialect == Dialect.DUCKDB) {
            return sql.replace("{leadScore}", "c.lead_score").replace("{campaign}", "c.campaign").replace("{plan}", "c.plan")
                    .replace("{newsletter}", "c.newsletter");
        }
        return sql.replace("{leadScore}", "(c.properties ->> 'leadScore')::numeric").replace("{campaign}", "(c.properties ->> 'campaign')")
                .replace("{plan}", "(c.properties ->> 'plan')").replace("{newsletter}", "(c.properties ->> 'newsletter')::boolean");
    }

    private static String timestamp(Dialect dialect, Instant instant) {
        return dialect == Dialect.DUCKDB ? "timestamp '" + LITERAL.format(instant) + "'" : "timestamptz '" + LITERAL.format(instant) + "+00'";
    }

    /** The standard mix. */
    public static final List<BenchQuery> STANDARD = List.of(
            new BenchQuery("attribute: country = DE",
                    """
                    {"subject":"contacts","where":{"type":"attribute","field":"country","operator":"equals","value":"DE"}}""",
                    "select count(*) from contacts c where c.country = 'DE'"),
            new BenchQuery("attribute AND email consent",
                    """
                    {"subject":"contacts","where":{"type":"and","conditions":[
                      {"type":"attribute","field":"lifecycleStage","operator":"in","values":["mql","sql"]},
                      {"type":"consent","channel":"email","status":"granted"}]}}""",
                    "select count(*) from contacts c where c.lifecycle_stage in ('mql', 'sql') and {latest:email} = 'granted'"),
            new BenchQuery("pageView /pricing 30d >= 3",
                    """
                    {"subject":"contacts","where":{"type":"pageView","urlContains":"/pricing","withinDays":30,"atLeast":3}}""",
                    "select count(*) from contacts c where (select count(*) from events e where e.contact_id = c.id and e.type = 'page' "
                            + "and e.url ilike '%/pricing%' and e.occurred_at between {d30} and {asOf}) >= 3"),
            new BenchQuery("formSubmit demo-request 90d",
                    """
                    {"subject":"contacts","where":{"type":"formSubmit","form":"demo-request","withinDays":90}}""",
                    "select count(*) from contacts c where exists (select 1 from events e where e.contact_id = c.id and e.type = 'form_submit' "
                            + "and e.form_id = 'demo-request' and e.occurred_at between {d90} and {asOf})"),
            new BenchQuery("OR: /blog/ 7d or leadScore >= 90",
                    """
                    {"subject":"contacts","where":{"type":"or","conditions":[
                      {"type":"pageView","urlContains":"/blog/","withinDays":7},
                      {"type":"attribute","field":"leadScore","operator":"gte","value":90}]}}""",
                    "select count(*) from contacts c where exists (select 1 from events e where e.contact_id = c.id and e.type = 'page' "
                            + "and e.url ilike '%/blog/%' and e.occurred_at between {d7} and {asOf}) or {leadScore} >= 90"),
            new BenchQuery("NOT pageView 90d",
                    """
                    {"subject":"contacts","where":{"type":"not","condition":{"type":"pageView","withinDays":90}}}""",
                    "select count(*) from contacts c where not exists (select 1 from events e where e.contact_id = c.id and e.type = 'page' "
                            + "and e.occurred_at between {d90} and {asOf})"),
            new BenchQuery("recency: active > 30d ago",
                    """
                    {"subject":"contacts","where":{"type":"recency","of":"activity","operator":"moreThanDaysAgo","days":30}}""",
                    "select count(*) from contacts c where (select max(e.occurred_at) from events e where e.contact_id = c.id "
                            + "and e.occurred_at <= {asOf}) < {d30}"),
            new BenchQuery("nested 3 levels",
                    """
                    {"subject":"contacts","where":{"type":"and","conditions":[
                      {"type":"attribute","field":"country","operator":"in","values":["DE","AT","CH","NL"]},
                      {"type":"attribute","field":"lifecycleStage","operator":"notIn","values":["customer"]},
                      {"type":"or","conditions":[
                        {"type":"formSubmit","withinDays":180},
                        {"type":"and","conditions":[
                          {"type":"pageView","urlContains":"/docs/","atLeast":5},
                          {"type":"not","condition":{"type":"consent","channel":"email","status":"denied"}}]}]}]}}""",
                    "select count(*) from contacts c where c.country in ('DE', 'AT', 'CH', 'NL') "
                            + "and (c.lifecycle_stage is null or c.lifecycle_stage <> 'customer') "
                            + "and (exists (select 1 from events e where e.contact_id = c.id and e.type = 'form_submit' "
                            + "and e.occurred_at between {d180} and {asOf}) "
                            + "or ((select count(*) from events e where e.contact_id = c.id and e.type = 'page' and e.url ilike '%/docs/%' "
                            + "and e.occurred_at <= {asOf}) >= 5 and coalesce({latest:email}, 'unknown') <> 'denied'))"),
            new BenchQuery("companies: 3+ people on /pricing 90d",
                    """
                    {"subject":"companies","where":{"type":"people","atLeast":3,"where":
                      {"type":"pageView","urlContains":"/pricing","withinDays":90}}}""",
                    "select count(*) from companies co where (select count(*) from contacts c where c.company_id = co.id and exists "
                            + "(select 1 from events e where e.contact_id = c.id and e.type = 'page' and e.url ilike '%/pricing%' "
                            + "and e.occurred_at between {d90} and {asOf})) >= 3"),
            new BenchQuery("text contains: campaign ~ webinar",
                    """
                    {"subject":"contacts","where":{"type":"attribute","field":"campaign","operator":"contains","value":"webinar"}}""",
                    "select count(*) from contacts c where {campaign} ilike '%webinar%'"),
            new BenchQuery("plan, newsletter AND sms consent",
                    """
                    {"subject":"contacts","where":{"type":"and","conditions":[
                      {"type":"attribute","field":"plan","operator":"in","values":["pro","enterprise"]},
                      {"type":"attribute","field":"newsletter","operator":"equals","value":true},
                      {"type":"consent","channel":"sms","status":"granted"}]}}""",
                    "select count(*) from contacts c where {plan} in ('pro', 'enterprise') and {newsletter} = true "
                            + "and {latest:sms} = 'granted'"),
            new BenchQuery("recency: created within 30d",
                    """
                    {"subject":"contacts","where":{"type":"recency","of":"created","operator":"withinLastDays","days":30}}""",
                    "select count(*) from contacts c where c.created_at between {d30} and {asOf}"));
}
