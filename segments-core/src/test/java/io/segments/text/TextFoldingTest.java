package io.segments.text;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

class TextFoldingTest {

    @ParameterizedTest(name = "\"{0}\" folds like \"{1}\"")
    @CsvSource(delimiter = '|', quoteCharacter = '"', ignoreLeadingAndTrailingWhitespace = false, value = {
            "ÉMILE|émile",
            "e\u0301mile|émile",          // NFD input compares equal to NFC
            "E\u0301MILE|émile",
            "STRASSE|straße",             // full folding: ß is ss
            "Straße|STRASSE",
            "ΟΔΥΣΣΕΥΣ|οδυσσευς",          // final sigma folds like sigma
            "МОСКВА|москва",
            "Ёлка|ёлка",
            "ﬁnance|FINANCE",             // ligature
            "ǅ|ǆ",
            "  DE |de",                   // surrounding white space is not part of the value
            "' OR 1=1 --|' or 1=1 --",
            "50%_\\|50%_\\",
            "🎉 Party|🎉 PARTY",
    })
    void foldsAlike(String left, String right) {
        assertThat(TextFolding.fold(left)).isEqualTo(TextFolding.fold(right));
    }

    @ParameterizedTest(name = "\"{0}\" does not fold like \"{1}\"")
    @CsvSource(delimiter = '|', quoteCharacter = '"', ignoreLeadingAndTrailingWhitespace = false, value = {
            "émile|emile",                // accents are significant
            "Emilie|Émile",
            "москва|moskva",
            "a b|ab",                     // inner white space is kept
            "50%|50",
    })
    void keepsDifferencesOtherThanCase(String left, String right) {
        assertThat(TextFolding.fold(left)).isNotEqualTo(TextFolding.fold(right));
    }

    @Test
    void examplesOfTheFoldedForm() {
        assertThat(TextFolding.fold("ÉMILE")).isEqualTo("émile");
        assertThat(TextFolding.fold("Straße")).isEqualTo("strasse");
        assertThat(TextFolding.fold("ΟΔΥΣΣΕΥΣ")).isEqualTo("οδυσσευσ");
        assertThat(TextFolding.fold("  O'Brien ")).isEqualTo("o'brien");
        assertThat(TextFolding.fold("\tBerlin\n")).isEqualTo("berlin");
    }

    @Test
    void containsWorksOnFoldedForms() {
        assertThat(TextFolding.fold("Chief ÉMILE Officer")).contains(TextFolding.fold("émile"));
        assertThat(TextFolding.fold("Hauptstraße 5")).contains(TextFolding.fold("STRASSE"));
    }

    @Test
    void isLocaleIndependent() {
        Locale original = Locale.getDefault();
        try {
            Locale.setDefault(Locale.forLanguageTag("tr-TR"));
            assertThat(TextFolding.fold("TITLE")).isEqualTo("title");
            assertThat(TextFolding.fold("Istanbul")).isEqualTo("istanbul");
        } finally {
            Locale.setDefault(original);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "   ", "\t", "\n", " \t\r\n ", "\u2003", "\u3000"})
    void blankTextIsNotSet(String blank) {
        assertThat(TextFolding.fold(blank)).isNull();
        assertThat(TextFolding.isBlank(blank)).isTrue();
    }

    @Test
    void nullIsNotSet() {
        assertThat(TextFolding.fold(null)).isNull();
        assertThat(TextFolding.isBlank(null)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "a", " x ", "%", "_", "\\", "'", "🎉"})
    void anyOtherTextIsSet(String text) {
        assertThat(TextFolding.fold(text)).isNotNull();
        assertThat(TextFolding.isBlank(text)).isFalse();
    }

    @Test
    void foldingIsIdempotent() {
        for (String text : new String[] {"ÉMILE", "Straße", "ΟΔΥΣΣΕΥΣ", "E\u0301", "ǅ", "ﬁ", "İstanbul"}) {
            String once = TextFolding.fold(text);
            assertThat(TextFolding.fold(once)).as(text).isEqualTo(once);
        }
    }
}
