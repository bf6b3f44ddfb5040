package io.segments.definition;

/** Invariants shared by the records that carry day counts and occurrence counts. */
final class Counts {
    private Counts() {
    }

    static void requirePositive(String name, Integer value) {
        if (value != null && value <= 0) {
            throw new IllegalArgumentException(name + " must be positive: " + value);
        }
    }
}
