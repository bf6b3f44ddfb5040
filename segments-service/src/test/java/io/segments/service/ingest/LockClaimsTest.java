package io.segments.service.ingest;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Claims conflict exactly as PostgreSQL's advisory locks make transactions of one workspace wait for each other. */
class LockClaimsTest {
    private static LockClaims claims(Map<Long, Boolean> keys) {
        return LockClaims.of(keys, 3);
    }

    @Test
    void sharedKeysNeverConflictAndAnExclusiveOneConflictsWithAnyHolder() {
        assertThat(claims(Map.of(1L, false)).conflictsWith(claims(Map.of(1L, false)))).isFalse();
        assertThat(claims(Map.of(1L, false)).conflictsWith(claims(Map.of(1L, true)))).isTrue();
        assertThat(claims(Map.of(1L, true)).conflictsWith(claims(Map.of(1L, false)))).isTrue();
        assertThat(claims(Map.of(1L, true)).conflictsWith(claims(Map.of(1L, true)))).isTrue();
        assertThat(claims(Map.of(1L, true, 2L, false)).conflictsWith(claims(Map.of(3L, true, 4L, false)))).isFalse();
        assertThat(claims(Map.of(1L, true)).conflictsWith(LockClaims.NONE)).isFalse();
    }

    @Test
    void moreKeysThanTheLimitClaimEverythingWhichConflictsWithEveryClaimEvenNone() {
        LockClaims everything = claims(Map.of(1L, false, 2L, false, 3L, false, 4L, false));
        assertThat(everything).isSameAs(LockClaims.EVERYTHING);
        assertThat(everything.keys()).isEmpty();
        assertThat(everything.conflictsWith(claims(Map.of(9L, false)))).isTrue();
        assertThat(claims(Map.of(9L, false)).conflictsWith(everything)).isTrue();
        // Every transaction takes the workspace's ingestion lock shared, even one naming no identity.
        assertThat(everything.conflictsWith(LockClaims.NONE)).isTrue();
        assertThat(LockClaims.NONE.conflictsWith(everything)).isTrue();
        assertThat(claims(Map.of(1L, false, 2L, false, 3L, false)).everything()).isFalse();
    }

    @Test
    void theUnionHoldsEveryKeyExclusiveWhereAnyIsAndClaimsEverythingPastTheLimit() {
        LockClaims one = claims(Map.of(1L, false, 2L, true));
        LockClaims other = claims(Map.of(1L, true, 3L, false));
        assertThat(LockClaims.union(List.of(one, other, LockClaims.NONE), 3).keys())
                .containsExactlyInAnyOrderEntriesOf(Map.of(1L, true, 2L, true, 3L, false));
        assertThat(LockClaims.union(List.of(one, other), 2)).isSameAs(LockClaims.EVERYTHING);
        assertThat(LockClaims.union(List.of(one, LockClaims.EVERYTHING), 9)).isSameAs(LockClaims.EVERYTHING);
    }

    @Test
    void aGroupWouldClaimEverythingOnceItsKeysCountedOnceExceedTheLimit() {
        LockClaims.Gathered group = new LockClaims.Gathered();
        group.add(claims(Map.of(1L, false, 2L, true)));
        // {1, 2} and {1, 3} lock three keys, not four.
        assertThat(group.wouldClaimEverything(claims(Map.of(1L, true, 3L, false)), 3)).isFalse();
        assertThat(group.wouldClaimEverything(claims(Map.of(1L, true, 3L, false)), 2)).isTrue();
        assertThat(group.wouldClaimEverything(claims(Map.of(1L, false, 2L, false)), 2)).isFalse();
        assertThat(group.wouldClaimEverything(LockClaims.EVERYTHING, 9)).isTrue();
        group.add(LockClaims.EVERYTHING);
        assertThat(group.wouldClaimEverything(claims(Map.of(7L, true)), 0)).as("it does already").isFalse();
        assertThat(group.claims(9)).isSameAs(LockClaims.EVERYTHING);
    }

    @Test
    void gatheredClaimsHaveNoLimitAndHoldBackWhatConflictsWithAnyOfThem() {
        LockClaims.Gathered gathered = new LockClaims.Gathered();
        assertThat(gathered.conflictsWith(LockClaims.EVERYTHING)).as("nothing gathered holds nothing back").isFalse();
        gathered.add(claims(Map.of(1L, false, 2L, false, 3L, false)));
        gathered.add(claims(Map.of(4L, true)));
        // Four keys, past the limit of 3, yet only what conflicts with one of them is held back.
        assertThat(gathered.conflictsWith(claims(Map.of(9L, true)))).isFalse();
        assertThat(gathered.conflictsWith(claims(Map.of(1L, false)))).isFalse();
        assertThat(gathered.conflictsWith(claims(Map.of(1L, true)))).isTrue();
        assertThat(gathered.conflictsWith(claims(Map.of(4L, false)))).isTrue();
        assertThat(gathered.conflictsWith(LockClaims.EVERYTHING)).isTrue();
        gathered.add(LockClaims.EVERYTHING);
        assertThat(gathered.conflictsWith(LockClaims.NONE)).isTrue();
    }
}
