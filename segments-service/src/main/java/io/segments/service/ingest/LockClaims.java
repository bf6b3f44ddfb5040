package io.segments.service.ingest;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The advisory locks a transaction will take: identity keys, each shared or exclusive, or, when
 * there are more keys than one transaction may lock one by one, the whole workspace exclusively
 * ({@link #everything()}). Two claims conflict exactly when PostgreSQL would make one transaction
 * wait for the other: a key both name that at least one takes exclusively, or either claiming
 * everything. Immutable.
 */
final class LockClaims {
    static final LockClaims NONE = new LockClaims(Map.of(), false);
    static final LockClaims EVERYTHING = new LockClaims(Map.of(), true);

    private final Map<Long, Boolean> keys; // key -> exclusive
    private final boolean everything;

    private LockClaims(Map<Long, Boolean> keys, boolean everything) {
        this.keys = keys;
        this.everything = everything;
    }

    /**
     * @param keys each key and whether it is taken exclusively, kept as it is (the caller no longer
     *             changes it); beyond {@code limit} keys, everything is claimed
     */
    static LockClaims of(Map<Long, Boolean> keys, int limit) {
        return keys.size() > limit ? EVERYTHING : new LockClaims(keys, false);
    }

    boolean everything() {
        return everything;
    }

    /** The keys and whether each is exclusive (none when {@link #everything()}). */
    Map<Long, Boolean> keys() {
        return keys;
    }

    /**
     * Whether one transaction would wait for the other. Claiming everything is taking the
     * workspace's ingestion lock exclusively, which every transaction of the workspace takes at
     * least shared, even one naming no identity: it conflicts with every claim.
     */
    boolean conflictsWith(LockClaims other) {
        if (everything || other.everything) {
            return true;
        }
        return keys.size() <= other.keys.size() ? keysConflict(keys, other.keys) : keysConflict(other.keys, keys);
    }

    /** Whether a key of {@code few} is in {@code many} and either takes it exclusively. */
    private static boolean keysConflict(Map<Long, Boolean> few, Map<Long, Boolean> many) {
        for (Map.Entry<Long, Boolean> key : few.entrySet()) {
            Boolean exclusive = many.get(key.getKey());
            if (exclusive != null && (exclusive || key.getValue())) {
                return true;
            }
        }
        return false;
    }

    /** What one transaction taking them all takes: every key, exclusive where any is; in one pass. */
    static LockClaims union(List<LockClaims> all, int limit) {
        Gathered gathered = new Gathered();
        all.forEach(gathered::add);
        return gathered.claims(limit);
    }

    /**
     * Claims gathered one by one, with no limit until {@link #claims} makes them one transaction's:
     * a group's as it is formed, or what the requests passed over so far hold back. Mutable.
     */
    static final class Gathered {
        private final Map<Long, Boolean> keys = new HashMap<>();
        private boolean everything;
        private boolean any;

        void add(LockClaims claims) {
            any = true;
            if (claims.everything) {
                everything = true;
            } else if (!everything) {
                claims.keys.forEach((key, exclusive) -> keys.merge(key, exclusive, Boolean::logicalOr));
            }
        }

        /** Whether one transaction taking these and {@code claims} would lock more keys than {@code limit} (shared keys count once). */
        boolean wouldClaimEverything(LockClaims claims, int limit) {
            if (everything) {
                return false;
            }
            if (claims.everything) {
                return true;
            }
            int size = keys.size();
            for (Long key : claims.keys.keySet()) {
                if (!keys.containsKey(key) && ++size > limit) {
                    return true;
                }
            }
            return size > limit;
        }

        boolean conflictsWith(LockClaims claims) {
            if (everything) {
                return true;
            }
            return claims.everything ? any : keysConflict(claims.keys, keys);
        }

        /** The claims of one transaction taking everything gathered; hands over the gathered keys. */
        LockClaims claims(int limit) {
            return everything ? EVERYTHING : of(keys, limit);
        }
    }
}
