package io.segments.engine;

/** A count and one page of members, read from the same snapshot so they always agree. */
public record CountedPage(long count, MemberPage page) {
}
