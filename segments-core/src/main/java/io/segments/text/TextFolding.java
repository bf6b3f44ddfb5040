package io.segments.text;

import com.ibm.icu.lang.UCharacter;

import java.text.Normalizer;

/**
 * The one way text is compared everywhere: NFC-normalized, stripped of surrounding Unicode white
 * space, and full Unicode case-folded (locale-independent, so "ÉMILE" and "émile" fold alike, "ß"
 * folds to "ss", and no Turkish dotless-i surprises). Engines fold stored values and typed values
 * with this same function; they never rely on a database collation.
 */
public final class TextFolding {
    private TextFolding() {
    }

    /**
     * Folds a text for comparison, or returns {@code null} when it is "not set": null, empty or
     * white space only.
     */
    public static String fold(String text) {
        if (text == null) {
            return null;
        }
        String stripped = Normalizer.normalize(text, Normalizer.Form.NFC).strip();
        if (stripped.isEmpty()) {
            return null;
        }
        // Folding can denormalize (e.g. a precomposed letter folds to base + combining mark), so
        // normalize once more to compare canonically equivalent strings equal.
        return Normalizer.normalize(UCharacter.foldCase(stripped, true), Normalizer.Form.NFC);
    }

    /** True when the text counts as "not set": null, empty or white space only. */
    public static boolean isBlank(String text) {
        return text == null || text.strip().isEmpty();
    }
}
