package io.segments.definition.validation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Collects problems, one per pointer: the first problem found at a pointer wins, so a value that
 * failed to parse is not reported a second time as missing.
 */
public final class Problems {
    private final Map<String, Problem> byPointer = new LinkedHashMap<>();
    private final Map<String, List<Integer>> positions = new LinkedHashMap<>();

    public void add(String pointer, ProblemCode code, String message) {
        byPointer.putIfAbsent(pointer, new Problem(pointer, code, message));
    }

    public void addAll(List<Problem> problems) {
        problems.forEach(problem -> byPointer.putIfAbsent(problem.pointer(), problem));
    }

    public boolean has(String pointer) {
        return byPointer.containsKey(pointer);
    }

    /** True when a problem was reported at {@code pointer} or anywhere below it. */
    public boolean hasAtOrUnder(String pointer) {
        return byPointer.keySet().stream().anyMatch(key -> key.equals(pointer) || key.startsWith(pointer + "/"));
    }

    /**
     * Records that only some children of the group whose {@code conditions} array is at
     * {@code conditionsPointer} could be read: the read children came from these JSON indices.
     */
    public void recordPositions(String conditionsPointer, List<Integer> jsonIndices) {
        positions.put(conditionsPointer, List.copyOf(jsonIndices));
    }

    public void recordPositions(Map<String, List<Integer>> recorded) {
        positions.putAll(recorded);
    }

    public Map<String, List<Integer>> positions() {
        return Map.copyOf(positions);
    }

    /** The JSON pointer of the {@code index}-th child that was read from the array at {@code conditionsPointer}. */
    public String childOf(String conditionsPointer, int index) {
        List<Integer> read = positions.get(conditionsPointer);
        return child(conditionsPointer, read == null ? index : read.get(index));
    }

    public List<Problem> list() {
        return new ArrayList<>(byPointer.values());
    }

    public static String child(String pointer, String name) {
        return pointer + "/" + name.replace("~", "~0").replace("/", "~1");
    }

    public static String child(String pointer, int index) {
        return pointer + "/" + index;
    }
}
