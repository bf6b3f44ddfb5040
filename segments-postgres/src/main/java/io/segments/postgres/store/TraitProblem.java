package io.segments.postgres.store;

/** A trait that could not be applied, with the reason; the rest of the record is still written. */
public record TraitProblem(String trait, String code, String message) {
}
