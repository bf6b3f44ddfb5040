package io.segments.service.ingest;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * Group commit: requests that arrive while a transaction is being written wait, and the next
 * transaction applies all of them at once; every request is answered only after the transaction
 * holding its messages committed.
 *
 * <p>Why: each transaction pays fixed costs (its commit's WAL flush, the change-log triggers of each
 * statement, the statements' round trips and planning) and concurrent transactions on the same
 * visitors wait for each other's locks. One transaction for what several requests brought pays
 * those costs once. A few groups (at most {@code maxWriters}) may be written at once, so that one
 * is prepared while another waits for its commit.
 *
 * <p>Groups written at once do not wait for each other's locks: each request says which locks its
 * transaction will take ({@link LockClaims}), and a request whose locks conflict with a group being
 * written waits for a later group instead of joining (or leading) one that would wait in the
 * database, holding its own locks and a connection, until the other commits. A request passed
 * over keeps every later request of its partition that conflicts with it behind it, so requests
 * naming the same identities are still applied in arrival order.
 *
 * <p>No thread of its own: when a writer is free, the oldest request that may be written is named
 * the leader of a group formed at once, and its thread writes that group and then hands the
 * lead on, so a thread writes at most the group its own request is in and its answer is never held
 * up by later traffic.
 *
 * @param <R> a request
 * @param <A> its answer
 */
final class GroupCommit<R, A> {
    /** How a group is applied: the answers in the order of the requests, or a failure for them all. */
    interface Writer<R, A> {
        List<A> write(List<R> group);
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final ArrayDeque<Pending<R, A>> waiting = new ArrayDeque<>();
    /** The groups being written: each one's partition and merged claims. */
    private final List<Flight> inFlight = new ArrayList<>();
    private final Writer<R, A> writer;
    private final Function<R, Object> partition;
    private final Function<R, Integer> size;
    private final Function<R, LockClaims> claims;
    private final int maxGroupSize;
    private final int maxWriters;
    private final int maxKeys;
    private int writing;

    /**
     * @param partition requests of one group share this key (a workspace); others wait for a group of their own
     * @param size      a request's size (its messages); a group holds at most {@code maxGroupSize} but always its first request
     */
    GroupCommit(Writer<R, A> writer, Function<R, Object> partition, Function<R, Integer> size, int maxGroupSize) {
        this(writer, partition, size, maxGroupSize, 1);
    }

    /** @param maxWriters how many groups may be written at once (each by its own leader) */
    GroupCommit(Writer<R, A> writer, Function<R, Object> partition, Function<R, Integer> size, int maxGroupSize, int maxWriters) {
        this(writer, partition, size, request -> LockClaims.NONE, Integer.MAX_VALUE, maxGroupSize, maxWriters);
    }

    /**
     * @param claims  the locks a request's transaction takes
     * @param maxKeys the most keys one transaction locks one by one (beyond, it claims everything)
     */
    GroupCommit(Writer<R, A> writer, Function<R, Object> partition, Function<R, Integer> size, Function<R, LockClaims> claims, int maxKeys,
                int maxGroupSize, int maxWriters) {
        this.writer = writer;
        this.partition = partition;
        this.size = size;
        this.claims = claims;
        this.maxKeys = maxKeys;
        this.maxGroupSize = maxGroupSize;
        this.maxWriters = maxWriters;
    }

    private static final class Pending<R, A> {
        final R request;
        final LockClaims claims;
        final Condition changed;
        /** The group this request leads, once named its leader. */
        List<Pending<R, A>> group;
        Flight flight;
        boolean done;
        A answer;
        RuntimeException failure;

        Pending(R request, LockClaims claims, Condition changed) {
            this.request = request;
            this.claims = claims;
            this.changed = changed;
        }
    }

    /** Applies the request in a group with whatever else is waiting; returns when it is committed. */
    A submit(R request) {
        LockClaims requestClaims = claims.apply(request); // outside the lock: it reads every message
        Pending<R, A> pending;
        lock.lock();
        try {
            pending = new Pending<>(request, requestClaims, lock.newCondition());
            waiting.addLast(pending);
            nameLeaders();
            // Uninterruptibly: once queued, the request may be committed by another thread at any moment,
            // and its caller must learn whether it was.
            while (!pending.done && pending.group == null) {
                pending.changed.awaitUninterruptibly();
            }
        } finally {
            lock.unlock();
        }
        if (!pending.done) {
            lead(pending);
        }
        if (pending.failure != null) {
            throw pending.failure;
        }
        return pending.answer;
    }

    /** How many requests wait for a group (not counting those being written). */
    int waitingCount() {
        lock.lock();
        try {
            return waiting.size();
        } finally {
            lock.unlock();
        }
    }

    private void lead(Pending<R, A> leader) {
        List<Pending<R, A>> group = leader.group;
        try {
            write(group);
        } finally {
            lock.lock();
            try {
                for (Pending<R, A> member : group) {
                    if (!member.done) {
                        member.failure = new IllegalStateException("The group holding this request failed before it was answered.");
                        member.done = true;
                    }
                    member.changed.signal();
                }
                inFlight.remove(leader.flight);
                writing--;
                nameLeaders();
            } finally {
                lock.unlock();
            }
        }
    }

    /** While a writer is free and a request may be written, forms its group and wakes its leader. Under the lock. */
    private void nameLeaders() {
        while (writing < maxWriters) {
            Group<R, A> group = nextGroup();
            if (group == null) {
                return;
            }
            Pending<R, A> leader = group.members().get(0);
            leader.group = group.members();
            leader.flight = new Flight(partition.apply(leader.request), group.claims());
            inFlight.add(leader.flight);
            writing++;
            leader.changed.signal();
        }
    }

    private record Group<R, A>(List<Pending<R, A>> members, LockClaims claims) {
    }

    /** A group being written. Only groups of one partition (workspace) can wait for each other's locks. */
    private record Flight(Object partition, LockClaims claims) {
    }

    /**
     * The oldest waiting request whose locks conflict neither with a group being written nor with an
     * older waiting request of its partition, with what may join it; none if every one must wait.
     */
    private Group<R, A> nextGroup() {
        Map<Object, LockClaims.Gathered> passedOver = new HashMap<>();
        for (Pending<R, A> candidate : waiting) {
            Object key = partition.apply(candidate.request);
            LockClaims.Gathered older = passedOver.get(key);
            if (conflictsInFlight(key, candidate.claims) || older != null && older.conflictsWith(candidate.claims)) {
                passedOver.computeIfAbsent(key, any -> new LockClaims.Gathered()).add(candidate.claims);
                continue;
            }
            return takeGroup(candidate, older != null ? older : new LockClaims.Gathered());
        }
        return null;
    }

    /**
     * The leader and, in arrival order, every waiting request of its partition that still fits and
     * whose locks conflict neither with a group being written nor with a request passed over before
     * it (those wait for a later group, and so does every later one conflicting with them).
     */
    private Group<R, A> takeGroup(Pending<R, A> leader, LockClaims.Gathered passedOver) {
        List<Pending<R, A>> group = new ArrayList<>();
        waiting.remove(leader);
        group.add(leader);
        int total = size.apply(leader.request);
        // The group's claims as they grow, to tell when one more request would make it claim everything.
        LockClaims.Gathered claimed = new LockClaims.Gathered();
        claimed.add(leader.claims);
        Object key = partition.apply(leader.request);
        boolean othersOfPartitionInFlight = inFlight.stream().anyMatch(flight -> flight.partition().equals(key));
        for (Iterator<Pending<R, A>> candidates = waiting.iterator(); candidates.hasNext(); ) {
            Pending<R, A> candidate = candidates.next();
            if (!key.equals(partition.apply(candidate.request))) {
                continue;
            }
            boolean wouldClaimEverything = claimed.wouldClaimEverything(candidate.claims, maxKeys);
            // Checked before the size: a request that waits anyway must not end the group.
            if (passedOver.conflictsWith(candidate.claims) || conflictsInFlight(key, candidate.claims)
                    || wouldClaimEverything && othersOfPartitionInFlight) {
                passedOver.add(candidate.claims);
                continue;
            }
            int candidateSize = size.apply(candidate.request);
            if (total + candidateSize > maxGroupSize) {
                break; // later requests stay behind this one: arrival order is kept
            }
            claimed.add(wouldClaimEverything ? LockClaims.EVERYTHING : candidate.claims);
            total += candidateSize;
            group.add(candidate);
            candidates.remove();
        }
        return new Group<>(group, claimed.claims(maxKeys));
    }

    private boolean conflictsInFlight(Object partitionKey, LockClaims candidate) {
        for (Flight flight : inFlight) {
            if (flight.partition().equals(partitionKey) && flight.claims().conflictsWith(candidate)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Writes the group in one transaction. When that fails, each request is written alone, so a
     * request that cannot be written fails by itself and the others are still committed.
     */
    private void write(List<Pending<R, A>> group) {
        List<R> requests = group.stream().map(member -> member.request).toList();
        try {
            List<A> answers = writer.write(requests);
            for (int index = 0; index < group.size(); index++) {
                group.get(index).answer = answers.get(index);
            }
            markDone(group);
            return;
        } catch (RuntimeException failure) {
            if (group.size() == 1) {
                group.get(0).failure = failure;
                markDone(group);
                return;
            }
        }
        for (Pending<R, A> member : group) {
            try {
                member.answer = writer.write(List.of(member.request)).get(0);
            } catch (RuntimeException failure) {
                member.failure = failure;
            }
            markDone(List.of(member));
        }
    }

    private void markDone(List<Pending<R, A>> members) {
        lock.lock();
        try {
            for (Pending<R, A> member : members) {
                member.done = true;
                member.changed.signal();
            }
        } finally {
            lock.unlock();
        }
    }
}
