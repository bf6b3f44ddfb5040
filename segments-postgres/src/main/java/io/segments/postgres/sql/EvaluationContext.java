package io.segments.postgres.sql;

import io.segments.schema.FieldCatalog;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What a compilation needs besides the definition: the workspace, its catalog and time zone, the
 * evaluation instant, and a source of unique table aliases for nested sub-queries.
 */
public final class EvaluationContext {
    private final long workspaceId;
    private final FieldCatalog catalog;
    private final ZoneId zone;
    private final Instant asOf;
    private final AtomicInteger aliases = new AtomicInteger();

    public EvaluationContext(long workspaceId, FieldCatalog catalog, ZoneId zone, Instant asOf) {
        this.workspaceId = workspaceId;
        this.catalog = catalog;
        this.zone = zone;
        this.asOf = asOf;
    }

    public long workspaceId() {
        return workspaceId;
    }

    public FieldCatalog catalog() {
        return catalog;
    }

    public ZoneId zone() {
        return zone;
    }

    public Instant asOf() {
        return asOf;
    }

    public OffsetDateTime asOfTimestamp() {
        return asOf.atOffset(ZoneOffset.UTC);
    }

    /** {@code asOf - days × 24 h}: the oldest instant inside a window of {@code days} days. */
    public OffsetDateTime daysBeforeAsOf(int days) {
        return asOf.minusSeconds(days * 86_400L).atOffset(ZoneOffset.UTC);
    }

    /** The calendar day of {@code asOf} in the workspace time zone. */
    public LocalDate asOfDay() {
        return asOf.atZone(zone).toLocalDate();
    }

    /** The first instant of a calendar day in the workspace time zone. */
    public OffsetDateTime startOf(LocalDate day) {
        return day.atStartOfDay(zone).toOffsetDateTime().withOffsetSameInstant(ZoneOffset.UTC);
    }

    public String nextAlias(String prefix) {
        return prefix + aliases.incrementAndGet();
    }
}
