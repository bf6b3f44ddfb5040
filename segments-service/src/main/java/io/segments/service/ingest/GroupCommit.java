package io.segments.service.ingest;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
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
 * <p>No thread of its own: a request that arrives while fewer than {@code maxWriters} groups are
 * being written writes a group itself (it is a leader), then hands the lead to the oldest request
 * still waiting, so a thread writes at most the group its own request is in and its answer is
 * never held up by later traffic.
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
    private final Writer<R, A> writer;
    private final Function<R, Object> partition;
    private final Function<R, Integer> size;
    private final int maxGroupSize;
    private final int maxWriters;
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
        this.writer = writer;
        this.partition = partition;
        this.size = size;
        this.maxGroupSize = maxGroupSize;
        this.maxWriters = maxWriters;
    }

    private static final class Pending<R, A> {
        final R request;
        final Condition changed;
        boolean lead;
        boolean done;
        A answer;
        RuntimeException failure;

        Pending(R request, Condition changed) {
            this.request = request;
            this.changed = changed;
        }
    }

    /** Applies the request in a group with whatever else is waiting; returns when it is committed. */
    A submit(R request) {
        Pending<R, A> pending;
        lock.lock();
        try {
            pending = new Pending<>(request, lock.newCondition());
            waiting.addLast(pending);
            if (writing < maxWriters) {
                writing++;
                pending.lead = true;
            }
            // Uninterruptibly: once queued, the request may be committed by another thread at any moment,
            // and its caller must learn whether it was.
            while (!pending.done && !pending.lead) {
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
        List<Pending<R, A>> group = takeGroup(leader);
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
                Pending<R, A> next = nextLeader();
                if (next == null) {
                    writing--;
                } else {
                    next.lead = true;
                    next.changed.signal();
                }
            } finally {
                lock.unlock();
            }
        }
    }

    /**
     * The oldest waiting request that no leader named but not yet started will take: a named
     * leader takes everything of its partition that is waiting (up to the size limit), so a second
     * one for that partition would only split its group.
     */
    private Pending<R, A> nextLeader() {
        List<Object> named = new ArrayList<>();
        for (Pending<R, A> candidate : waiting) {
            if (candidate.lead) {
                named.add(partition.apply(candidate.request));
            }
        }
        for (Pending<R, A> candidate : waiting) {
            if (!candidate.lead && !named.contains(partition.apply(candidate.request))) {
                return candidate;
            }
        }
        return null;
    }

    /** The leader and, in arrival order, every waiting request of its partition that still fits. */
    private List<Pending<R, A>> takeGroup(Pending<R, A> leader) {
        lock.lock();
        try {
            List<Pending<R, A>> group = new ArrayList<>();
            waiting.remove(leader);
            group.add(leader);
            int total = size.apply(leader.request);
            Object key = partition.apply(leader.request);
            for (Iterator<Pending<R, A>> candidates = waiting.iterator(); candidates.hasNext(); ) {
                Pending<R, A> candidate = candidates.next();
                if (candidate.lead || !key.equals(partition.apply(candidate.request))) {
                    continue;
                }
                int candidateSize = size.apply(candidate.request);
                if (total + candidateSize > maxGroupSize) {
                    break; // later requests stay behind this one: arrival order is kept
                }
                total += candidateSize;
                group.add(candidate);
                candidates.remove();
            }
            return group;
        } finally {
            lock.unlock();
        }
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
