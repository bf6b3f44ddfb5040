package io.segments.service.demo;

import com.fasterxml.jackson.databind.JsonNode;
import io.segments.postgres.load.Rows;
import io.segments.postgres.load.WorkspaceGenerator;
import io.segments.service.ServiceTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo workspace is seeded once, and what the product counts over it equals what the
 * generator produced, counted here in plain Java from the generator's own rows.
 */
class DemoSeedTest extends ServiceTest {
    private static final Instant NOW = Instant.parse("2026-06-15T12:00:00Z");
    private static final long DAY = 86_400;

    @Autowired
    DemoSeeder seeder;

    /** Counts over the generated rows, independent of the database. */
    static final class Expected implements Rows.Sink {
        int contacts;
        int companies;
        int germans;
        final Map<Long, Integer> leadScore = new HashMap<>();
        final Map<Long, String[]> latestEmailConsent = new HashMap<>();
        final Map<Long, String> urls = new HashMap<>();
        final Map<Long, Integer> pricingViews30 = new HashMap<>();
        final Set<Long> demoRequests90 = new HashSet<>();
        final Set<Long> active = new HashSet<>();

        @Override
        public void company(Rows.Company company) {
            companies++;
        }

        @Override
        public void contact(Rows.Contact contact) {
            contacts++;
            if ("DE".equals(contact.country())) {
                germans++;
            }
            if (contact.leadScore() != null) {
                leadScore.put(contact.id(), contact.leadScore());
            }
        }

        @Override
        public void consent(Rows.Consent consent) {
            if (consent.channel().equals("email")) {
                String[] latest = latestEmailConsent.get(consent.contactId());
                if (latest == null || Instant.parse(latest[0]).isBefore(consent.occurredAt())) {
                    latestEmailConsent.put(consent.contactId(), new String[]{consent.occurredAt().toString(), consent.status()});
                }
            }
        }

        @Override
        public void url(Rows.Url url) {
            urls.put(url.id(), url.url());
        }

        @Override
        public void event(Rows.Event event) {
            if (event.contactId() == null) {
                return;
            }
            long age = NOW.getEpochSecond() - event.occurredAt().getEpochSecond();
            active.add(event.contactId());
            if (event.kind() == 1 && age <= 30 * DAY && urls.get(event.urlId()).toLowerCase().contains("/pricing")) {
                pricingViews30.merge(event.contactId(), 1, Integer::sum);
            }
            if (event.kind() == 2 && age <= 90 * DAY && event.formId().equals("demo-request")) {
                demoRequests90.add(event.contactId());
            }
        }
    }

    @Test
    void seedsOnceAndCountsMatchTheGeneratedRows() throws Exception {
        assertThat(seeder.seed(NOW)).isTrue();
        assertThat(seeder.seed(NOW)).isFalse();

        Expected expected = new Expected();
        new WorkspaceGenerator(WorkspaceGenerator.Spec.demo(NOW), Rows.IdBases.ZERO).generate(expected);
        assertThat(expected.contacts).isEqualTo(20_000);

        assertThat(count("{\"subject\":\"contacts\"}")).isEqualTo(expected.contacts);
        assertThat(count("{\"subject\":\"companies\"}")).isEqualTo(expected.companies);
        assertThat(count("""
                {"subject":"contacts","where":{"type":"attribute","field":"country","operator":"equals","value":"de"}}"""))
                .isEqualTo(expected.germans);
        long hotWithConsent = expected.leadScore.entrySet().stream().filter(entry -> entry.getValue() >= 80)
                .filter(entry -> {
                    String[] latest = expected.latestEmailConsent.get(entry.getKey());
                    return latest != null && latest[1].equals("granted");
                }).count();
        assertThat(count("""
                {"subject":"contacts","where":{"type":"and","conditions":[
                  {"type":"attribute","field":"leadScore","operator":"gte","value":80},
                  {"type":"consent","channel":"email","status":"granted"}]}}""")).isEqualTo(hotWithConsent);
        assertThat(count("""
                {"subject":"contacts","where":{"type":"pageView","urlContains":"/PRICING","withinDays":30,"atLeast":3}}"""))
                .isEqualTo(expected.pricingViews30.values().stream().filter(views -> views >= 3).count());
        assertThat(count("""
                {"subject":"contacts","where":{"type":"formSubmit","form":"demo-request","withinDays":90}}"""))
                .isEqualTo(expected.demoRequests90.size());
        assertThat(count("""
                {"subject":"contacts","where":{"type":"recency","of":"activity","operator":"never"}}"""))
                .isEqualTo(expected.contacts - expected.active.size());
        assertThat(expected.pricingViews30).isNotEmpty();
        assertThat(expected.demoRequests90).isNotEmpty();

        JsonNode segments = api.get("/api/segments").json();
        assertThat(segments).hasSize(DemoSeeder.EXAMPLES.size());
        segments.forEach(segment -> assertThat(segment.get("lastCount").asLong()).isPositive());
    }

    private long count(String definition) {
        var response = api.post("/api/segments/preview", "{\"definition\":" + definition + ",\"asOf\":\"" + NOW + "\",\"limit\":0}");
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json().get("count").asLong();
    }
}
