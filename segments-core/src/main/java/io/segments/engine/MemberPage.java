package io.segments.engine;

import java.util.List;

/** One page of members; {@code next} is the id to pass as {@code afterId} for the next page, or null. */
public record MemberPage(List<Member> members, Long next) {
    public MemberPage {
        members = List.copyOf(members);
    }
}
