package io.segments.service.ingest;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Claims conflict exactly as PostgreSQL's advisory locks make transactions wait for each other. */
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
    }

    @Test
    void moreKeysThanTheLimitClaimEverythingWhichConflictsWithAnyClaimButNone() {
        LockClaims everything = claims(Map.of(1L, false, 2L, false, 3L, false, 4L, false));
        assertThat(everything.everything()).isTrue();
        assertThat(everything.keys()).isEmpty();
        assertThat(everything.conflictsWith(claims(Map.of(9L, false)))).isTrue();
        assertThat(claims(Map.of(9L, false)).conflictsWith(everything)).isTrue();
        assertThat(everything.conflictsWith(LockClaims.NONE)).isFalse();
        assertThat(claims(Map.of(1L, false, 2L, false, 3L, false)).everything()).isFalse();
    }

    @Test
    void aTransactionTakingBothHoldsEveryKeyExclusiveWhereEitherIsAndClaimsEverythingPastTheLimit() {
        LockClaims both = claims(Map.of(1L, false, 2L, true)).plus(claims(Map.of(1L, true)), 3);
        assertThat(both.keys()).containsExactlyInAnyOrderEntriesOf(Map.of(1L, true, 2L, true));
        assertThat(both.plus(claims(Map.of(3L, false)), 3).keys()).hasSize(3);
        assertThat(both.plus(claims(Map.of(3L, false, 4L, false)), 3).everything()).isTrue();
        assertThat(LockClaims.NONE.plus(both, 3)).isSameAs(both);
    }

    @Test
    void theUnionOfManyIsTheirPlusInOnePassAndCountsSharedKeysOnce() {
        LockClaims one = claims(Map.of(1L, false, 2L, true));
        LockClaims other = claims(Map.of(1L, true, 3L, false));
        assertThat(LockClaims.union(java.util.List.of(one, other, LockClaims.NONE), 3).keys())
                .containsExactlyInAnyOrderEntriesOf(one.plus(other, 3).keys()).containsExactlyInAnyOrderEntriesOf(Map.of(1L, true, 2L, true, 3L, false));
        assertThat(LockClaims.union(java.util.List.of(one, other), 2)).isSameAs(LockClaims.EVERYTHING);
        assertThat(LockClaims.union(java.util.List.of(one, LockClaims.EVERYTHING), 9)).isSameAs(LockClaims.EVERYTHING);
        assertThat(other.unionSize(one.keys())).isEqualTo(3);
        assertThat(one.unionSize(one.keys())).isEqualTo(2);
    }
}
