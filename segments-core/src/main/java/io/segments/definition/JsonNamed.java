package io.segments.definition;

import java.util.Optional;

/** An enum constant with a stable name in the definition JSON. */
public interface JsonNamed {
    String jsonName();

    /** The constant of {@code constants} whose JSON name is {@code name}. */
    static <E extends JsonNamed> Optional<E> lookup(E[] constants, String name) {
        for (E constant : constants) {
            if (constant.jsonName().equals(name)) {
                return Optional.of(constant);
            }
        }
        return Optional.empty();
    }
}
