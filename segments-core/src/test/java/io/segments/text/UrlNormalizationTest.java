package io.segments.text;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class UrlNormalizationTest {

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', value = {
            "https://Shop.test/caf%C3%A9?x=1|https://shop.test/café?x=1",
            "https://shop.test/CAF%C3%89|https://shop.test/café",
            "https://shop.test/café|https://shop.test/café",
            "https://shop.test/cafe%CC%81|https://shop.test/café",        // decoded NFD is normalized to NFC
            "/caf%c3%a9|/café",                                            // lower-case hex
            "/Pricing?utm_source=News&plan=PRO|/pricing?utm_source=news&plan=pro",
            "/sale?discount=50%|/sale?discount=50%",                       // a stray % is kept
            "/a%ZZb|/a%zzb",                                               // not an escape
            "/100%25|/100%",                                               // an escaped % is a %
            "/%E9t%E9|/%e9t%e9",                                           // Latin-1 bytes are not UTF-8: kept as typed
            "/a%20b|/a b",
            "/a+b|/a+b",                                                   // + is not a space
            "/my_page|/my_page",
            "%|%",
            "%4|%4",
            "/x%F0%9F%8E%89|/x🎉",
    })
    void normalizes(String url, String normalized) {
        assertThat(UrlNormalization.normalize(url)).isEqualTo(normalized);
    }

    @Test
    void storedAndTypedFormsMeet() {
        String stored = UrlNormalization.normalize("https://shop.test/caf%C3%A9/menu?ref=Newsletter");
        assertThat(stored).contains(UrlNormalization.normalize("/café"));
        assertThat(stored).contains(UrlNormalization.normalize("/CAF%C3%89"));
        assertThat(stored).contains(UrlNormalization.normalize("REF=newsletter"));
        assertThat(stored).doesNotContain(UrlNormalization.normalize("/cafe"));
    }

    @Test
    void aValidRunNextToAnInvalidOneDecodesOnlyTheValidOne() {
        assertThat(UrlNormalization.decodePercentEscapes("/%C3%A9-%C3")).isEqualTo("/é-%C3");
    }

    @Test
    void blankIsNull() {
        assertThat(UrlNormalization.normalize(null)).isNull();
        assertThat(UrlNormalization.normalize("   ")).isNull();
    }
}
