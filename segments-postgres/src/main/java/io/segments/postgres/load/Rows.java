package io.segments.postgres.load;

import java.time.Instant;
import java.time.LocalDate;

/** The rows a generated workspace consists of, before they are written anywhere. */
public final class Rows {
    private Rows() {
    }

    public record Company(long id, String domain, String name, String industry, Integer employeeCount, Long annualRevenue,
                          String country, String city, Instant createdAt) {
    }

    /** A contact; the last five fields are the custom properties (null when not set). */
    public record Contact(long id, String email, String firstName, String lastName, String title, String phone,
                          String country, String city, String lifecycleStage, Long companyId, Instant createdAt,
                          Integer leadScore, String plan, Boolean newsletter, LocalDate trialEndsAt, String campaign) {
    }

    public record Consent(long id, long contactId, String channel, String status, Instant occurredAt) {
    }

    public record Form(String id, String name) {
    }

    public record Url(long id, String url) {
    }

    public record Visitor(String anonymousId, Long contactId, Instant firstSeenAt) {
    }

    /** kind 1 is a page view (with a URL), 2 a form submission (with a form id). */
    public record Event(long id, String messageId, short kind, String anonymousId, Long contactId, Long urlId, String formId,
                        Instant occurredAt) {
    }

    /**
     * Receives a generated workspace table by table, always in this order: forms, companies,
     * contacts, consents, urls, visitors, events (so a sink may stream each table in turn).
     */
    public interface Sink {
        default void form(Form form) {
        }

        default void company(Company company) {
        }

        default void contact(Contact contact) {
        }

        default void consent(Consent consent) {
        }

        default void url(Url url) {
        }

        default void visitor(Visitor visitor) {
        }

        default void event(Event event) {
        }
    }

    /** Where each table's generated ids start (the largest id already stored), so loads never collide. */
    public record IdBases(long company, long contact, long consent, long url, long event) {
        public static final IdBases ZERO = new IdBases(0, 0, 0, 0, 0);
    }
}
