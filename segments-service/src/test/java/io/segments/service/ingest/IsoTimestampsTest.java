package io.segments.service.ingest;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class IsoTimestampsTest {
    @Test
    void readsTheShapesTrackingLibrariesSend() {
        assertEquals(Instant.parse("2024-05-31T08:00:00Z"), IsoTimestamps.parse("2024-05-31T08:00:00.000Z"));
        assertEquals(Instant.parse("2024-05-31T06:00:00.123456789Z"), IsoTimestamps.parse("2024-05-31T08:00:00.123456789+02:00"));
        assertEquals(Instant.parse("2024-05-31T13:30:00.100Z"), IsoTimestamps.parse("2024-05-31T08:00:00.1-05:30"));
        assertEquals(Instant.parse("2024-03-01T00:00:00Z"), IsoTimestamps.parse("2024-02-29T23:00:00-01:00"));
        // Other spellings the formatter accepts.
        assertEquals(Instant.parse("2024-05-31T08:00:00Z"), IsoTimestamps.parse("2024-05-31t08:00z"));
        assertEquals(Instant.parse("2024-05-31T07:59:30Z"), IsoTimestamps.parse("2024-05-31T08:00:00+00:00:30"));
        assertEquals(Instant.parse("2024-05-31T08:00:00Z"), IsoTimestamps.parse("2024-05-31T08:00:00.Z"));
        assertEquals(Instant.parse("2024-05-31T06:00:00Z"), IsoTimestamps.parse("2024-05-31T08:00:00+02"));
    }

    @Test
    void rejectsWhatTheFormatterRejects() {
        for (String invalid : new String[]{"2024-02-30T08:00:00Z", "2023-02-29T08:00:00Z", "2024-05-31T24:00:00Z", "2024-05-31T08:60:00Z",
                "2024-05-31T08:00:60Z", "2024-05-31T08:00:00", "2024-05-31T08:00:00.0000000000Z",
                "2024-05-31T08:00:00+19:00", "2024-5-31T08:00:00Z", "2024-05-31 08:00:00Z",
                "2024-05-31T08:00:00ZZ", "yesterday", ""}) {
            assertThrows(DateTimeParseException.class, () -> IsoTimestamps.parse(invalid), invalid);
            assertThrows(DateTimeParseException.class, () -> OffsetDateTime.parse(invalid), invalid);
        }
    }

    /** On random near-valid strings, the same instant as {@link OffsetDateTime#parse}, or the same refusal. */
    @Test
    void agreesWithTheFormatterOnRandomStrings() {
        Random random = new Random(20261204);
        int accepted = 0;
        for (int run = 0; run < 200_000; run++) {
            String text = mutate(random, candidate(random));
            String expected;
            try {
                expected = OffsetDateTime.parse(text).toInstant().toString();
                accepted++;
            } catch (DateTimeParseException refused) {
                expected = "refused";
            }
            String actual;
            try {
                actual = IsoTimestamps.parse(text).toString();
            } catch (DateTimeParseException refused) {
                actual = "refused";
            }
            assertEquals(expected, actual, text);
        }
        // Both kinds of string are well represented (the fixed seed makes this exact).
        assertEquals(true, accepted > 60_000 && accepted < 190_000, "accepted " + accepted);
    }

    @Test
    void writesInstantsAsPostgresqlReadsThem() {
        assertEquals("2024-05-31T08:00:00.000000000Z", IsoTimestamps.format(Instant.parse("2024-05-31T08:00:00Z")));
        assertEquals("1969-12-31T23:59:59.999999000Z", IsoTimestamps.format(Instant.parse("1969-12-31T23:59:59.999999Z")));
        assertEquals("0000-01-01T00:00:00.000000001Z", IsoTimestamps.format(Instant.parse("0000-01-01T00:00:00.000000001Z")));
        assertEquals("+10000-01-01T00:00:00Z", IsoTimestamps.format(Instant.parse("+10000-01-01T00:00:00Z")));
        Random random = new Random(20261204);
        for (int run = 0; run < 100_000; run++) {
            Instant instant = Instant.ofEpochSecond(random.nextLong() % 400_000_000_000L, random.nextInt(1_000_000_000));
            assertEquals(instant, Instant.parse(IsoTimestamps.format(instant)), instant.toString());
        }
    }

    private static String candidate(Random random) {
        StringBuilder text = new StringBuilder();
        text.append(pad(random.nextInt(10) == 0 ? random.nextInt(10_000) : 1990 + random.nextInt(50), 4)).append('-')
                .append(pad(random.nextInt(14), 2)).append('-').append(pad(random.nextInt(33), 2))
                .append(random.nextInt(20) == 0 ? 't' : 'T')
                .append(pad(random.nextInt(26), 2)).append(':').append(pad(random.nextInt(62), 2));
        if (random.nextInt(20) != 0) {
            text.append(':').append(pad(random.nextInt(62), 2));
        }
        if (random.nextBoolean()) {
            text.append('.');
            int digits = random.nextInt(12);
            for (int index = 0; index < digits; index++) {
                text.append((char) ('0' + random.nextInt(10)));
            }
        }
        switch (random.nextInt(6)) {
            case 0, 1 -> text.append('Z');
            case 2 -> text.append('z');
            case 3, 4 -> text.append(random.nextBoolean() ? '+' : '-').append(pad(random.nextInt(20), 2)).append(':').append(pad(random.nextInt(62), 2));
            default -> text.append(random.nextBoolean() ? '+' : '-').append(pad(random.nextInt(20), 2));
        }
        return text.toString();
    }

    /** Now and then one character replaced, dropped or added. */
    private static String mutate(Random random, String text) {
        if (random.nextInt(8) != 0 || text.isEmpty()) {
            return text;
        }
        int at = random.nextInt(text.length());
        String alphabet = "0123456789-:.TZ+ x";
        char c = alphabet.charAt(random.nextInt(alphabet.length()));
        return switch (random.nextInt(3)) {
            case 0 -> text.substring(0, at) + c + text.substring(at + 1);
            case 1 -> text.substring(0, at) + text.substring(at + 1);
            default -> text.substring(0, at) + c + text.substring(at);
        };
    }

    private static String pad(int value, int width) {
        String digits = Integer.toString(value);
        return "0".repeat(Math.max(0, width - digits.length())) + digits;
    }
}
