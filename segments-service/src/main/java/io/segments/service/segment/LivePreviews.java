package io.segments.service.segment;

import io.segments.engine.Cancellation;
import org.springframework.stereotype.Component;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The previews in flight per builder. A builder names itself in the {@code X-Segments-Preview}
 * header; its newer preview cancels the older one on the server, so a marketer typing quickly
 * never queues up stale queries.
 */
@Component
public class LivePreviews {
    public static final String HEADER = "X-Segments-Preview";

    private final ConcurrentMap<String, Cancellation> running = new ConcurrentHashMap<>();

    /** Starts a preview for {@code builder} (may be null: not cancellable), cancelling its previous one. */
    public Cancellation start(String builder) {
        Cancellation cancellation = Cancellation.none();
        if (builder != null && !builder.isBlank()) {
            Cancellation previous = running.put(builder, cancellation);
            if (previous != null) {
                previous.cancel();
            }
        }
        return cancellation;
    }

    public void finish(String builder, Cancellation cancellation) {
        if (builder != null) {
            running.remove(builder, cancellation);
        }
    }

    /** Cancels the builder's preview in flight, if any; returns whether there was one. */
    public boolean cancel(String builder) {
        Cancellation previous = running.remove(builder);
        if (previous != null) {
            previous.cancel();
            return true;
        }
        return false;
    }
}
