package io.segments.postgres.index;

import io.segments.definition.Definition;
import io.segments.engine.Cancellation;
import io.segments.engine.CountedPage;
import io.segments.engine.Member;
import io.segments.engine.MemberPage;
import io.segments.engine.SegmentEngine;
import io.segments.index.IndexOutdatedException;
import io.segments.index.IndexSegmentEngine;
import io.segments.index.WorkspaceIndex;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Answers from an in-memory index of the workspace when the index is current, and from
 * PostgreSQL otherwise, so every answer is exact for one snapshot of the data.
 *
 * <p>The index is current when no transaction committed a change since the snapshot it was read
 * from ({@link DataChanges}: one indexed look-up per answer). When it is not, the contacts that
 * changed since are read again and merged in before answering (a catch-up); when a catch-up
 * cannot express the change (custom properties or the time zone changed, a contact was deleted
 * or merged, too many changed), this answer comes from the SQL engine and a full rebuild starts in
 * the background (one at a time per workspace). Data written by a request is therefore counted by
 * the very next preview, whichever engine answers it.
 */
public final class IndexedSegmentEngine implements SegmentEngine, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(IndexedSegmentEngine.class);

    private final SegmentEngine store;
    private final WorkspaceIndexLoader loader;
    private final DataChanges changes;
    private final ExecutorService builds = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "segments-index-build");
        thread.setDaemon(true);
        return thread;
    });
    private final Map<Long, WorkspaceIndexLoader.Loaded> current = new ConcurrentHashMap<>();
    private final Map<Long, Boolean> building = new ConcurrentHashMap<>();
    private final Map<Long, Build> lastBuilds = new ConcurrentHashMap<>();
    private final Map<Long, Object> catchUpLocks = new ConcurrentHashMap<>();
    private final Map<Long, Long> catchUps = new ConcurrentHashMap<>();

    /**
     * The index a workspace has now, for operators: its size, when its last full build finished
     * and took, how many catch-ups merged changes since, whether a rebuild is running and why the
     * last one failed. Whether it is current is asked separately ({@link #currentIndex}).
     */
    public record Status(boolean building, long contacts, long companies, long events, Instant builtAt, Duration buildTime,
                         long catchUps, String lastFailure) {
    }

    private record Build(Instant finishedAt, Duration took, String failure, Instant failedAt) {
    }

    private static final Duration RETRY_AFTER_FAILURE = Duration.ofMinutes(1);

    public IndexedSegmentEngine(SegmentEngine store, WorkspaceIndexLoader loader, DataChanges changes) {
        this.store = store;
        this.loader = loader;
        this.changes = changes;
    }

    @Override
    public long count(long workspaceId, Definition definition, Instant asOf, Cancellation cancellation) {
        return answer(workspaceId, engine -> engine.count(workspaceId, definition, asOf, cancellation),
                () -> store.count(workspaceId, definition, asOf, cancellation));
    }

    @Override
    public MemberPage members(long workspaceId, Definition definition, Instant asOf, long afterId, int limit, Cancellation cancellation) {
        return answer(workspaceId, engine -> engine.members(workspaceId, definition, asOf, afterId, limit, cancellation),
                () -> store.members(workspaceId, definition, asOf, afterId, limit, cancellation));
    }

    @Override
    public CountedPage countAndMembers(long workspaceId, Definition definition, Instant asOf, long afterId, int limit,
                                      Cancellation cancellation) {
        return answer(workspaceId, engine -> engine.countAndMembers(workspaceId, definition, asOf, afterId, limit, cancellation),
                () -> store.countAndMembers(workspaceId, definition, asOf, afterId, limit, cancellation));
    }

    @Override
    public void forEachMember(long workspaceId, Definition definition, Instant asOf, Consumer<Member> consumer) {
        Optional<WorkspaceIndex> index = currentIndex(workspaceId);
        if (index.isPresent()) {
            try {
                // Evaluated in full before the first member is handed on, so an outdated index
                // is noticed before anything was written.
                new IndexSegmentEngine(id -> index.get()).forEachMember(workspaceId, definition, asOf, consumer);
                return;
            } catch (IndexOutdatedException outdated) {
                rebuild(workspaceId);
            }
        }
        store.forEachMember(workspaceId, definition, asOf, consumer);
    }

    private <T> T answer(long workspaceId, Function<SegmentEngine, T> fromIndex, Supplier<T> fromStore) {
        Optional<WorkspaceIndex> index = currentIndex(workspaceId);
        if (index.isPresent()) {
            try {
                return fromIndex.apply(new IndexSegmentEngine(id -> index.get()));
            } catch (IndexOutdatedException outdated) {
                LOG.debug("Index of workspace {} is outdated: {}", workspaceId, outdated.getMessage());
                rebuild(workspaceId);
            }
        }
        return fromStore.get();
    }

    /**
     * The workspace's index when it is current or can be brought up to date now; otherwise empty,
     * and a full rebuild is under way. Catching up reads only the contacts changed since the
     * index's snapshot and merges them in (one copy of the arrays), in the caller's thread, once
     * for all callers waiting on the same workspace.
     */
    public Optional<WorkspaceIndex> currentIndex(long workspaceId) {
        WorkspaceIndexLoader.Loaded loaded = current.get(workspaceId);
        if (loaded == null) {
            rebuild(workspaceId);
            return Optional.empty();
        }
        if (!changes.changedSince(loaded.snapshot())) {
            return Optional.of(loaded.index());
        }
        if (building.containsKey(workspaceId)) {
            return Optional.empty();
        }
        synchronized (catchUpLock(workspaceId)) {
            WorkspaceIndexLoader.Loaded latest = current.get(workspaceId);
            if (latest != loaded && !changes.changedSince(latest.snapshot())) {
                return Optional.of(latest.index());
            }
            long started = System.nanoTime();
            Optional<WorkspaceIndexLoader.Loaded> caughtUp;
            try {
                caughtUp = loader.catchUp(workspaceId, latest, maximumChanged(latest.index()));
            } catch (RuntimeException failure) {
                // Whatever the store could not read (a value it cannot cast, a lost connection),
                // this answer comes from SQL, which reads only what the definition names.
                LOG.warn("Catching up the index of workspace {} failed; answering from PostgreSQL", workspaceId, failure);
                caughtUp = Optional.empty();
            }
            if (caughtUp.isEmpty()) {
                rebuild(workspaceId);
                return Optional.empty();
            }
            WorkspaceIndex index = publish(workspaceId, caughtUp.get()).index();
            catchUps.merge(workspaceId, 1L, Long::sum);
            LOG.debug("Caught up the index of workspace {} in {} ms", workspaceId, (System.nanoTime() - started) / 1_000_000);
            if (index.wantsCompaction()) {
                rebuild(workspaceId);
            }
            return Optional.of(index);
        }
    }

    /** More changed contacts than this are read faster by reading everything again. */
    private static int maximumChanged(WorkspaceIndex index) {
        return Math.max(10_000, index.contacts().rows() / 20);
    }

    private Object catchUpLock(long workspaceId) {
        return catchUpLocks.computeIfAbsent(workspaceId, id -> new Object());
    }

    /** How many times the workspace's index was brought up to date by merging changes. */
    public long catchUps(long workspaceId) {
        return catchUps.getOrDefault(workspaceId, 0L);
    }

    /**
     * Builds the workspace's index now, in the caller's thread, unless it is current; returns the
     * current index. For benchmarks and tests, which must measure or check the index itself.
     */
    public WorkspaceIndex awaitCurrent(long workspaceId) {
        WorkspaceIndexLoader.Loaded loaded = current.get(workspaceId);
        if (loaded != null && !changes.changedSince(loaded.snapshot())) {
            return loaded.index();
        }
        return build(workspaceId).index();
    }

    public Optional<Status> status(long workspaceId) {
        WorkspaceIndexLoader.Loaded loaded = current.get(workspaceId);
        Build build = lastBuilds.get(workspaceId);
        if (loaded == null && build == null) {
            return Optional.empty();
        }
        WorkspaceIndex index = loaded == null ? null : loaded.index();
        return Optional.of(new Status(building.containsKey(workspaceId), index == null ? 0 : index.contacts().rows(),
                index == null ? 0 : index.companies().rows(), index == null ? 0 : index.events(),
                build == null ? null : build.finishedAt(), build == null ? null : build.took(), catchUps(workspaceId),
                build == null ? null : build.failure()));
    }

    private void rebuild(long workspaceId) {
        Build last = lastBuilds.get(workspaceId);
        if (last != null && last.failedAt() != null && last.failedAt().isAfter(Instant.now().minus(RETRY_AFTER_FAILURE))) {
            return; // a build failed moments ago: SQL answers until the next attempt
        }
        if (building.putIfAbsent(workspaceId, Boolean.TRUE) != null) {
            return;
        }
        try {
            builds.execute(() -> {
                try {
                    build(workspaceId);
                } catch (RuntimeException | OutOfMemoryError failure) {
                    LOG.warn("Building the index of workspace {} failed; answering from PostgreSQL", workspaceId, failure);
                    Build previous = lastBuilds.get(workspaceId);
                    lastBuilds.put(workspaceId, new Build(previous == null ? null : previous.finishedAt(),
                            previous == null ? null : previous.took(), String.valueOf(failure), Instant.now()));
                } finally {
                    building.remove(workspaceId);
                }
            });
        } catch (RuntimeException rejected) {
            building.remove(workspaceId);
        }
    }

    private WorkspaceIndexLoader.Loaded build(long workspaceId) {
        long started = System.nanoTime();
        WorkspaceIndexLoader.Loaded loaded = loader.load(workspaceId);
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        WorkspaceIndex index = loaded.index();
        lastBuilds.put(workspaceId, new Build(Instant.now(), took, null, null));
        LOG.info("Indexed workspace {}: {} contacts, {} companies, {} events in {} ms", workspaceId, index.contacts().rows(),
                index.companies().rows(), index.events(), took.toMillis());
        return publish(workspaceId, loaded);
    }

    /**
     * Puts {@code loaded} in place unless the index in place was read from a newer snapshot (a
     * catch-up that finished while a full build was reading): never step back in time, or a
     * change the newer snapshot saw, and the change log has since forgotten, could go missing.
     * Returns the index in place.
     */
    private WorkspaceIndexLoader.Loaded publish(long workspaceId, WorkspaceIndexLoader.Loaded loaded) {
        return current.merge(workspaceId, loaded, (old, candidate) -> horizonEnd(candidate.snapshot()) >= horizonEnd(old.snapshot())
                ? candidate : old);
    }

    /** The xmax of a pg_snapshot in text form: every transaction from it on was not yet committed. */
    static long horizonEnd(String snapshot) {
        int first = snapshot.indexOf(':');
        return Long.parseLong(snapshot.substring(first + 1, snapshot.indexOf(':', first + 1)));
    }

    /**
     * Forgets logged changes that every index this engine holds has seen (and that are an hour
     * old); the service calls this periodically. Returns the number of transactions forgotten.
     */
    public int pruneChangeLog() {
        return changes.prune(current.values().stream().map(WorkspaceIndexLoader.Loaded::snapshot)
                .min(java.util.Comparator.comparingLong(IndexedSegmentEngine::horizon)).orElse(null));
    }

    /** The xmin of a pg_snapshot in text form ({@code xmin:xmax:xip,...}). */
    static long horizon(String snapshot) {
        return Long.parseLong(snapshot.substring(0, snapshot.indexOf(':')));
    }

    @Override
    public void close() {
        builds.shutdownNow();
    }
}
