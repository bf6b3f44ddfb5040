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
        if (keys.isEmpty() || other.keys.isEmpty()) {
            return false;
        }
        Map<Long, Boolean> small = keys.size() <= other.keys.size() ? keys : other.keys;
        Map<Long, Boolean> large = small == keys ? other.keys : keys;
        for (Map.Entry<Long, Boolean> key : small.entrySet()) {
            Boolean exclusive = large.get(key.getKey());
            if (exclusive != null && (exclusive || key.getValue())) {
                return true;
            }
        }
        return false;
    }

    /** What one transaction taking them all takes: every key, exclusive where any is; in one pass. */
    static LockClaims union(List<LockClaims> all, int limit) {
        Map<Long, Boolean> merged = new HashMap<>();
        for (LockClaims claims : all) {
            if (claims.everything) {
                return EVERYTHING;
            }
            claims.keys.forEach((key, exclusive) -> merged.merge(key, exclusive, Boolean::logicalOr));
        }
        return of(merged, limit);
    }

    /** How many keys one transaction taking both locks one by one (more than either alone, less than their sum when they share keys). */
    int unionSize(Map<Long, Boolean> others) {
        int size = others.size();
        for (Long key : keys.keySet()) {
            if (!others.containsKey(key)) {
                size++;
            }
        }
        return size;
    }

    /**
     * Claims gathered one by one with no limit (they are no transaction's): what the requests
     * passed over so far hold back. Mutable.
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

        boolean conflictsWith(LockClaims claims) {
            if (everything) {
                return true;
            }
            if (claims.everything) {
                return any;
            }
            for (Map.Entry<Long, Boolean> key : claims.keys.entrySet()) {
                Boolean exclusive = keys.get(key.getKey());
                if (exclusive != null && (exclusive || key.getValue())) {
                    return true;
                }
            }
            return false;
        }
    }
}
