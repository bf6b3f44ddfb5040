package io.segments.definition;

import java.math.BigDecimal;
import java.util.Objects;

/** A scalar value typed by the marketer, kept exactly as it appeared in JSON. */
public sealed interface Literal permits Literal.Text, Literal.Number, Literal.Bool {

    record Text(String value) implements Literal {
        public Text {
            Objects.requireNonNull(value, "value");
        }
    }

    record Number(BigDecimal value) implements Literal {
        public Number {
            Objects.requireNonNull(value, "value");
        }
    }

    record Bool(boolean value) implements Literal {
    }

    static Literal of(String value) {
        return new Text(value);
    }

    static Literal of(long value) {
        return new Number(BigDecimal.valueOf(value));
    }

    static Literal of(boolean value) {
        return new Bool(value);
    }
}
