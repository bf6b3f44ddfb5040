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
