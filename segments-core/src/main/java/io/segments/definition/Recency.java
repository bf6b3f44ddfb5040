package io.segments.definition;

import java.util.Optional;

/**
 * How recently the latest thing of a kind happened. {@code withinLastDays N}: the latest is inside
 * {@code [asOf - N days, asOf]}; {@code moreThanDaysAgo N}: it happened and the latest is older than
 * {@code asOf - N days}; {@code never}: it never happened up to {@code asOf} ({@code days} absent).
 */
public record Recency(Of of, Operator operator, Integer days) implements Node {
    public Recency {
        if (days != null && days <= 0) {
            throw new IllegalArgumentException("days must be positive: " + days);
        }
    }

    public enum Of implements JsonNamed {
        ACTIVITY("activity"), PAGE_VIEW("pageView"), FORM_SUBMIT("formSubmit"), CREATED("created");

        private final String jsonName;

        Of(String jsonName) {
            this.jsonName = jsonName;
        }

        @Override
        public String jsonName() {
            return jsonName;
        }

        public static Optional<Of> fromJsonName(String name) {
            return JsonNamed.lookup(values(), name);
        }
    }

    public enum Operator implements JsonNamed {
        WITHIN_LAST_DAYS("withinLastDays"), MORE_THAN_DAYS_AGO("moreThanDaysAgo"), NEVER("never");

        private final String jsonName;

        Operator(String jsonName) {
            this.jsonName = jsonName;
        }

        @Override
        public String jsonName() {
            return jsonName;
        }

        public static Optional<Operator> fromJsonName(String name) {
            return JsonNamed.lookup(values(), name);
        }
    }

    @Override
    public String type() {
        return "recency";
    }

    @Override
    public <R> R accept(NodeVisitor<R> visitor) {
        return visitor.visitRecency(this);
    }
}
