package io.segments.service.ingest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GroupCommitTest {
    /** A request: its partition, its size, a value the writer answers doubled, and the locks it takes (key -> exclusive). */
    record Request(String partition, int size, int value, boolean poison, Map<Long, Boolean> keys) {
        Request(String partition, int size, int value, boolean poison) {
            this(partition, size, value, poison, Map.of());
        }

        static Request locking(int value, Map<Long, Boolean> keys) {
            return new Request("w1", 1, value, false, keys);
        }
    }

    /** Writes each group when the gate of its first request's value opens; records the groups in the order they started. */
    static final class GatedWriter implements GroupCommit.Writer<Request, Integer> {
        final List<List<Integer>> started = Collections.synchronizedList(new ArrayList<>());
        final Map<Integer, CountDownLatch> gates = new ConcurrentHashMap<>();
        final AtomicInteger concurrent = new AtomicInteger();
        final AtomicInteger mostConcurrent = new AtomicInteger();

        CountDownLatch gate(int value) {
            return gates.computeIfAbsent(value, key -> new CountDownLatch(1));
        }

        @Override
        public List<Integer> write(List<Request> group) {
            mostConcurrent.accumulateAndGet(concurrent.incrementAndGet(), Math::max);
            started.add(group.stream().map(Request::value).toList());
            await(gate(group.get(0).value()));
            concurrent.decrementAndGet();
            return group.stream().map(request -> request.value() * 2).toList();
        }

        void awaitStarted(int groups) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (started.size() < groups) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("only " + started + " started");
                }
                Thread.sleep(1);
            }
        }
    }

    private static GroupCommit<Request, Integer> locking(GatedWriter writer, int maxKeys) {
        return new GroupCommit<>(writer, Request::partition, Request::size, request -> LockClaims.of(request.keys(), maxKeys), maxKeys, 1_000, 2);
    }

    /** Two writers over gated groups: requests sent one at a time, each answer kept by its value. */
    private static final class Scenario implements AutoCloseable {
        final GatedWriter writer = new GatedWriter();
        final GroupCommit<Request, Integer> commits;
        private final ExecutorService threads = Executors.newFixedThreadPool(8);
        private final Map<Integer, Future<Integer>> answers = new ConcurrentHashMap<>();

        Scenario(int maxKeys) {
            commits = locking(writer, maxKeys);
        }

        /** Sends the request; returns once {@code groups} groups have started being written. */
        void sendStarting(Request request, int groups) throws InterruptedException {
            answers.put(request.value(), threads.submit(() -> commits.submit(request)));
            writer.awaitStarted(groups);
        }

        /** Sends the request; returns once {@code waiting} requests wait for a group. */
        void sendWaiting(Request request, int waiting) throws InterruptedException {
            answers.put(request.value(), threads.submit(() -> commits.submit(request)));
            waitUntilQueued(commits, waiting);
        }

        /** Lets the group led by the request of this value commit. */
        void release(int value) {
            writer.gate(value).countDown();
        }

        int answer(int value) throws Exception {
            return answers.get(value).get(10, TimeUnit.SECONDS);
        }

        void assertEachAnswered() throws Exception {
            for (int value : answers.keySet()) {
                assertThat(answer(value)).isEqualTo(value * 2);
            }
        }

        @Override
        public void close() {
            threads.shutdownNow();
        }
    }

    /**
     * With two writers, a request whose locks conflict with the group being written waits for a
     * later group rather than being written beside it (where it would wait in the database), and so
     * does every later request conflicting with one that waits; a request conflicting with nothing
     * is written at once by the second writer.
     */
    @Test
    void aRequestConflictingWithTheGroupBeingWrittenWaitsAndKeepsLaterConflictingOnesBehindIt() throws Exception {
        try (Scenario scenario = new Scenario(100)) {
            scenario.sendStarting(Request.locking(0, Map.of(1L, true, 3L, false)), 1);
            scenario.sendWaiting(Request.locking(1, Map.of(1L, false)), 1); // shared against exclusive
            scenario.sendWaiting(Request.locking(2, Map.of(3L, true)), 2); // exclusive against shared
            scenario.sendWaiting(Request.locking(3, Map.of(3L, false)), 3); // free, but behind 2
            // 4 conflicts with the group being written (key 1) too; nothing may be written beside it.
            scenario.sendWaiting(Request.locking(4, Map.of(4L, true, 1L, false, 5L, false)), 4);
            // Each is queued and none leads: a request is named a leader (and leaves the queue) as it arrives, or never.
            assertThat(scenario.commits.waitingCount()).isEqualTo(4);
            assertThat(scenario.writer.started).containsExactly(List.of(0));
            scenario.release(0);
            scenario.writer.awaitStarted(2);
            // The oldest request leads and takes every one that conflicts with no group being written.
            assertThat(scenario.writer.started).containsExactly(List.of(0), List.of(1, 2, 3, 4));
            scenario.release(1);
            scenario.assertEachAnswered();
            assertThat(scenario.writer.mostConcurrent.get()).isEqualTo(1);
        }
    }

    @Test
    void requestsConflictingWithNothingBeingWrittenAreWrittenBesideIt() throws Exception {
        try (Scenario scenario = new Scenario(100)) {
            scenario.sendStarting(Request.locking(0, Map.of(1L, true, 3L, false)), 1);
            scenario.sendWaiting(Request.locking(1, Map.of(1L, false, 6L, true)), 1);
            scenario.sendWaiting(Request.locking(2, Map.of(6L, false, 7L, true)), 2); // behind 1
            scenario.sendStarting(Request.locking(3, Map.of(3L, false, 8L, true)), 2); // shares 3 with 0: free
            assertThat(scenario.writer.started).containsExactly(List.of(0), List.of(3));
            assertThat(scenario.commits.waitingCount()).isEqualTo(2);
            scenario.release(3);
            assertThat(scenario.answer(3)).isEqualTo(6);
            // 3's leader named the next leaders before its answer came back: none.
            assertThat(scenario.commits.waitingCount()).as("1 and 2 still wait for 0").isEqualTo(2);
            assertThat(scenario.writer.started).hasSize(2);
            scenario.release(0);
            scenario.release(1);
            scenario.assertEachAnswered();
            assertThat(scenario.writer.started).containsExactly(List.of(0), List.of(3), List.of(1, 2));
            assertThat(scenario.writer.mostConcurrent.get()).isEqualTo(2);
        }
    }

    /**
     * A transaction naming more keys than it may lock one by one locks its whole workspace: it
     * waits until no group is written and nothing is written beside it; and a group does not grow
     * into one while another group is being written.
     */
    @Test
    void aRequestClaimingEverythingIsWrittenAlone() throws Exception {
        try (Scenario scenario = new Scenario(2)) {
            scenario.sendStarting(Request.locking(0, Map.of(1L, false)), 1);
            scenario.sendStarting(Request.locking(5, Map.of(9L, false)), 2);
            scenario.sendWaiting(Request.locking(3, Map.of(6L, false, 7L, false)), 1);
            scenario.sendWaiting(Request.locking(4, Map.of(8L, false)), 2);
            scenario.sendWaiting(Request.locking(1, Map.of(2L, false, 3L, false, 4L, false)), 3);
            scenario.release(5);
            // 3 and 4 together would claim everything while 0 is being written: 4 waits.
            scenario.writer.awaitStarted(3);
            assertThat(scenario.writer.started).containsExactly(List.of(0), List.of(5), List.of(3));
            scenario.release(3);
            scenario.writer.awaitStarted(4);
            assertThat(scenario.writer.started.get(3)).containsExactly(4);
            scenario.release(4);
            assertThat(scenario.answer(4)).isEqualTo(8);
            assertThat(scenario.commits.waitingCount()).as("1 waits until nothing is written").isEqualTo(1);
            assertThat(scenario.writer.started).hasSize(4);
            scenario.release(0);
            scenario.release(1);
            scenario.assertEachAnswered();
            assertThat(scenario.writer.started).containsExactly(List.of(0), List.of(5), List.of(3), List.of(4), List.of(1));
        }
    }

    /**
     * Groups of different partitions (workspaces) never wait for each other's locks: a request
     * claiming everything in one is written beside a group of another, and the other's requests
     * are written beside it.
     */
    @Test
    void partitionsDoNotHoldEachOtherBack() throws Exception {
        try (Scenario scenario = new Scenario(2)) {
            scenario.sendStarting(new Request("w2", 1, 0, false, Map.of(1L, true)), 1);
            scenario.sendStarting(new Request("w1", 1, 1, false, Map.of(1L, true, 2L, true, 3L, true)), 2);
            assertThat(scenario.writer.started).containsExactly(List.of(0), List.of(1));
            scenario.release(0);
            scenario.answer(0);
            scenario.sendStarting(new Request("w2", 1, 2, false, Map.of(1L, true, 2L, true, 3L, true)), 3);
            assertThat(scenario.writer.started.get(2)).containsExactly(2);
            scenario.release(1);
            scenario.release(2);
            scenario.assertEachAnswered();
        }
    }

    /**
     * Random traffic (fixed seeds) from twelve threads over two partitions, with shared and
     * exclusive keys, requests over the key limit and failing groups: every request is answered
     * once, no two groups of a partition whose claims conflict are ever written at once, and no
     * more groups are written at once than there are writers.
     */
    @Test
    void randomTrafficNeverWritesConflictingGroupsAtOnce() throws Exception {
        int maxKeys = 4;
        List<String> violations = Collections.synchronizedList(new ArrayList<>());
        List<Request[]> writing = new ArrayList<>(); // the groups being written, under its own monitor
        AtomicInteger concurrent = new AtomicInteger();
        AtomicInteger mostConcurrent = new AtomicInteger();
        Map<Integer, Integer> written = new ConcurrentHashMap<>();
        GroupCommit<Request, Integer> commits = new GroupCommit<>(group -> {
            Request[] mine = group.toArray(Request[]::new);
            LockClaims claims = LockClaims.union(group.stream().map(request -> LockClaims.of(request.keys(), maxKeys)).toList(), maxKeys);
            synchronized (writing) {
                for (Request[] other : writing) {
                    LockClaims otherClaims = LockClaims.union(java.util.Arrays.stream(other).map(request -> LockClaims.of(request.keys(), maxKeys)).toList(), maxKeys);
                    if (other[0].partition().equals(mine[0].partition()) && otherClaims.conflictsWith(claims)) {
                        violations.add(java.util.Arrays.toString(other) + " beside " + group);
                    }
                }
                writing.add(mine);
            }
            mostConcurrent.accumulateAndGet(concurrent.incrementAndGet(), Math::max);
            Thread.yield();
            concurrent.decrementAndGet();
            synchronized (writing) {
                writing.remove(mine);
            }
            if (group.stream().anyMatch(Request::poison)) {
                throw new IllegalArgumentException("poison");
            }
            group.forEach(request -> written.merge(request.value(), 1, Integer::sum));
            return group.stream().map(request -> request.value() * 2).toList();
        }, Request::partition, Request::size, request -> LockClaims.of(request.keys(), maxKeys), maxKeys, 10, 2);
        ExecutorService threads = Executors.newFixedThreadPool(12);
        try {
            List<Future<List<Integer>>> senders = new ArrayList<>();
            for (int thread = 0; thread < 12; thread++) {
                int seed = thread;
                senders.add(threads.submit(() -> {
                    java.util.Random random = new java.util.Random(seed);
                    List<Integer> failed = new ArrayList<>();
                    for (int index = 0; index < 400; index++) {
                        int value = seed * 1_000 + index;
                        String partition = random.nextBoolean() ? "w1" : "w2";
                        Map<Long, Boolean> keys = new java.util.HashMap<>();
                        int count = random.nextInt(10) == 0 ? 5 : 1 + random.nextInt(2);
                        for (int key = 0; key < count; key++) {
                            keys.merge((long) random.nextInt(12), random.nextInt(3) == 0, Boolean::logicalOr);
                        }
                        Request request = new Request(partition, 1 + random.nextInt(4), value, random.nextInt(50) == 0, keys);
                        try {
                            assertThat(commits.submit(request)).isEqualTo(value * 2);
                        } catch (IllegalArgumentException poisoned) {
                            failed.add(value);
                        }
                    }
                    return failed;
                }));
            }
            int failures = 0;
            for (Future<List<Integer>> sender : senders) {
                List<Integer> failed = sender.get(60, TimeUnit.SECONDS);
                failures += failed.size();
                failed.forEach(value -> assertThat(written).doesNotContainKey(value));
            }
            assertThat(violations).isEmpty();
            assertThat(written).hasSize(12 * 400 - failures).allSatisfy((value, times) -> assertThat(times).isEqualTo(1));
            assertThat(mostConcurrent.get()).isBetween(1, 2);
            assertThat(commits.waitingCount()).isZero();
        } finally {
            threads.shutdownNow();
        }
    }

    /** Records every group written; the first write waits until {@code release} so that others queue up behind it. */
    static final class RecordingWriter implements GroupCommit.Writer<Request, Integer> {
        final List<List<Request>> groups = Collections.synchronizedList(new ArrayList<>());
        final CountDownLatch firstStarted = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        @Override
        public List<Integer> write(List<Request> group) {
            groups.add(List.copyOf(group));
            if (firstStarted.getCount() > 0) {
                firstStarted.countDown();
                await(release);
            }
            if (group.stream().anyMatch(Request::poison)) {
                throw new IllegalArgumentException("poison in " + group.size());
            }
            return group.stream().map(request -> request.value() * 2).toList();
        }
    }

    @Test
    void requestsWaitingBehindATransactionAreWrittenTogetherAndEachGetsItsOwnAnswer() throws Exception {
        RecordingWriter writer = new RecordingWriter();
        GroupCommit<Request, Integer> commits = new GroupCommit<>(writer, Request::partition, Request::size, 1_000);
        ExecutorService threads = Executors.newFixedThreadPool(9);
        try {
            Future<Integer> first = threads.submit(() -> commits.submit(new Request("w1", 1, 0, false)));
            writer.firstStarted.await(10, TimeUnit.SECONDS);
            List<Future<Integer>> queued = new ArrayList<>();
            for (int value = 1; value <= 8; value++) {
                int request = value;
                queued.add(threads.submit(() -> commits.submit(new Request("w1", 1, request, false))));
            }
            waitUntilQueued(commits, 8);
            writer.release.countDown();
            assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo(0);
            for (int index = 0; index < queued.size(); index++) {
                assertThat(queued.get(index).get(10, TimeUnit.SECONDS)).isEqualTo((index + 1) * 2);
            }
            // The first transaction held only the first request; everything that queued behind it went in one.
            assertThat(writer.groups).hasSize(2);
            assertThat(writer.groups.get(0)).extracting(Request::value).containsExactly(0);
            assertThat(writer.groups.get(1)).extracting(Request::value).containsExactlyInAnyOrder(1, 2, 3, 4, 5, 6, 7, 8);
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void aGroupKeepsArrivalOrderAndItsSizeLimitAndNeverMixesPartitions() throws Exception {
        RecordingWriter writer = new RecordingWriter();
        GroupCommit<Request, Integer> commits = new GroupCommit<>(writer, Request::partition, Request::size, 10);
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            threads.submit(() -> commits.submit(new Request("w1", 1, 0, false)));
            writer.firstStarted.await(10, TimeUnit.SECONDS);
            // Queued one at a time so their arrival order is known: 4 + 4 fit in 10, the next 4 of w1 wait.
            List<Request> later = List.of(new Request("w1", 4, 1, false), new Request("w2", 1, 2, false), new Request("w1", 4, 3, false),
                    new Request("w1", 4, 4, false), new Request("w1", 1, 5, false), new Request("w2", 1, 6, false));
            List<Future<Integer>> answers = new ArrayList<>();
            for (int index = 0; index < later.size(); index++) {
                Request request = later.get(index);
                answers.add(threads.submit(() -> commits.submit(request)));
                waitUntilQueued(commits, index + 1);
            }
            writer.release.countDown();
            for (int index = 0; index < later.size(); index++) {
                assertThat(answers.get(index).get(10, TimeUnit.SECONDS)).isEqualTo(later.get(index).value() * 2);
            }
            List<List<Integer>> values = writer.groups.stream().map(group -> group.stream().map(Request::value).toList()).toList();
            // The oldest waiting request leads the next group and takes what fits of its partition, in order;
            // a request that does not fit keeps every later one of its partition behind it.
            assertThat(values).containsExactly(List.of(0), List.of(1, 3), List.of(2, 6), List.of(4, 5));
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void whenAGroupFailsEachRequestIsWrittenAloneSoOnlyTheBadOneFails() throws Exception {
        RecordingWriter writer = new RecordingWriter();
        GroupCommit<Request, Integer> commits = new GroupCommit<>(writer, Request::partition, Request::size, 1_000);
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            Future<Integer> first = threads.submit(() -> commits.submit(new Request("w1", 1, 0, false)));
            writer.firstStarted.await(10, TimeUnit.SECONDS);
            Future<Integer> good = threads.submit(() -> commits.submit(new Request("w1", 1, 1, false)));
            waitUntilQueued(commits, 1);
            Future<Integer> bad = threads.submit(() -> commits.submit(new Request("w1", 1, 2, true)));
            waitUntilQueued(commits, 2);
            Future<Integer> alsoGood = threads.submit(() -> commits.submit(new Request("w1", 1, 3, false)));
            waitUntilQueued(commits, 3);
            writer.release.countDown();
            assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo(0);
            assertThat(good.get(10, TimeUnit.SECONDS)).isEqualTo(2);
            assertThat(alsoGood.get(10, TimeUnit.SECONDS)).isEqualTo(6);
            assertThatThrownBy(() -> bad.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(IllegalArgumentException.class)
                    .hasRootCauseMessage("poison in 1");
            List<List<Integer>> values = writer.groups.stream().map(group -> group.stream().map(Request::value).toList()).toList();
            assertThat(values).containsExactly(List.of(0), List.of(1, 2, 3), List.of(1), List.of(2), List.of(3));
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void withTwoWritersASecondGroupIsWrittenWhileTheFirstIsAndLaterRequestsWaitForEither() throws Exception {
        AtomicInteger concurrent = new AtomicInteger();
        AtomicInteger mostConcurrent = new AtomicInteger();
        CountDownLatch twoWriting = new CountDownLatch(2);
        CountDownLatch release = new CountDownLatch(1);
        List<List<Integer>> groups = Collections.synchronizedList(new ArrayList<>());
        GroupCommit<Request, Integer> commits = new GroupCommit<>(group -> {
            mostConcurrent.accumulateAndGet(concurrent.incrementAndGet(), Math::max);
            groups.add(group.stream().map(Request::value).toList());
            twoWriting.countDown();
            await(release);
            concurrent.decrementAndGet();
            return group.stream().map(request -> request.value() * 2).toList();
        }, Request::partition, Request::size, 1_000, 2);
        ExecutorService threads = Executors.newFixedThreadPool(5);
        try {
            List<Future<Integer>> answers = new ArrayList<>();
            answers.add(threads.submit(() -> commits.submit(new Request("w1", 1, 0, false))));
            answers.add(threads.submit(() -> commits.submit(new Request("w1", 1, 1, false))));
            assertThat(twoWriting.await(10, TimeUnit.SECONDS)).as("two groups written at once").isTrue();
            for (int value = 2; value <= 4; value++) {
                int request = value;
                answers.add(threads.submit(() -> commits.submit(new Request("w1", 1, request, false))));
                waitUntilQueued(commits, value - 1);
            }
            release.countDown();
            for (int value = 0; value <= 4; value++) {
                assertThat(answers.get(value).get(10, TimeUnit.SECONDS)).isEqualTo(value * 2);
            }
            assertThat(mostConcurrent.get()).isEqualTo(2);
            assertThat(groups).containsExactlyInAnyOrder(List.of(0), List.of(1), List.of(2, 3, 4));
        } finally {
            threads.shutdownNow();
        }
    }

    @ParameterizedTest(name = "{0} writer(s)")
    @ValueSource(ints = {1, 2})
    void manyConcurrentRequestsAreEachAnsweredOnceWithTheirOwnAnswerAndNeverMoreGroupsAtOnceThanWriters(int writers) throws Exception {
        Map<Integer, Integer> writes = new ConcurrentHashMap<>();
        AtomicInteger concurrent = new AtomicInteger();
        AtomicInteger mostConcurrent = new AtomicInteger();
        GroupCommit<Request, Integer> commits = new GroupCommit<>(group -> {
            mostConcurrent.accumulateAndGet(concurrent.incrementAndGet(), Math::max);
            group.forEach(request -> writes.merge(request.value(), 1, Integer::sum));
            Thread.yield();
            concurrent.decrementAndGet();
            return group.stream().map(request -> request.value() * 2).toList();
        }, Request::partition, Request::size, 50, writers);
        ExecutorService threads = Executors.newFixedThreadPool(16);
        try {
            List<Future<Integer>> answers = new ArrayList<>();
            for (int value = 0; value < 5_000; value++) {
                int request = value;
                answers.add(threads.submit(() -> commits.submit(new Request("w" + request % 3, 1 + request % 7, request, false))));
            }
            for (int value = 0; value < answers.size(); value++) {
                assertThat(answers.get(value).get(30, TimeUnit.SECONDS)).isEqualTo(value * 2);
            }
            assertThat(writes).hasSize(5_000).allSatisfy((value, count) -> assertThat(count).isEqualTo(1));
            assertThat(mostConcurrent.get()).isBetween(1, writers);
            assertThat(commits.waitingCount()).isZero();
        } finally {
            threads.shutdownNow();
        }
    }

    private static void waitUntilQueued(GroupCommit<?, ?> commits, int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (commits.waitingCount() < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("only " + commits.waitingCount() + " of " + count + " requests queued");
            }
            Thread.sleep(1);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
