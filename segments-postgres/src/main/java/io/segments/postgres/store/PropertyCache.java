package io.segments.postgres.store;

import io.segments.definition.Subject;
import io.segments.schema.FieldDefinition;
import io.segments.schema.FieldType;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The custom property catalog as one transaction sees it, read once instead of once per record
 * written. Use one per transaction (never across a rollback): a definition this transaction adds
 * is remembered. Definitions are never removed and never change type, so a cached one stays true;
 * a name not in the cache is looked up again before it is declared, so one declared meanwhile by
 * another transaction is found exactly as without the cache.
 */
public final class PropertyCache {
    private record Key(long workspaceId, Subject subject) {
    }

    private final PropertyStore store;
    private final Map<Key, TreeMap<String, FieldDefinition>> loaded = new HashMap<>();

    public PropertyCache(PropertyStore store) {
        this.store = store;
    }

    private TreeMap<String, FieldDefinition> of(long workspaceId, Subject subject) {
        return loaded.computeIfAbsent(new Key(workspaceId, subject), key -> {
            TreeMap<String, FieldDefinition> byName = new TreeMap<>();
            store.list(workspaceId, subject).forEach(field -> byName.put(field.name(), field));
            return byName;
        });
    }

    public Optional<FieldDefinition> find(long workspaceId, Subject subject, String name) {
        TreeMap<String, FieldDefinition> byName = of(workspaceId, subject);
        FieldDefinition cached = byName.get(name);
        if (cached != null) {
            return Optional.of(cached);
        }
        Optional<FieldDefinition> fresh = store.find(workspaceId, subject, name);
        fresh.ifPresent(field -> byName.put(field.name(), field));
        return fresh;
    }

    public FieldDefinition define(long workspaceId, Subject subject, String name, FieldType type, List<String> options) {
        FieldDefinition field = store.define(workspaceId, subject, name, type, options);
        of(workspaceId, subject).put(field.name(), field);
        return field;
    }
}
