package io.segments.text;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * How URLs are matched by {@code urlContains}: stored URLs and typed values are both decoded (every
 * run of valid {@code %XX} escapes that forms valid UTF-8 is decoded; anything else is kept
 * literally), then folded like all text. So {@code /café} matches a recorded {@code /caf%C3%A9},
 * and a stray {@code %} or {@code %ZZ} is matched as typed. {@code +} is not decoded: it means a
 * space only in form-encoded query strings, and guessing would break literal matches.
 */
public final class UrlNormalization {
    private UrlNormalization() {
    }

    /** The comparable form of a URL or URL fragment; {@code null} when it is blank. */
    public static String normalize(String url) {
        if (url == null) {
            return null;
        }
        return TextFolding.fold(decodePercentEscapes(url));
    }

    static String decodePercentEscapes(String text) {
        if (text.indexOf('%') < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        int index = 0;
        while (index < text.length()) {
            if (text.charAt(index) == '%' && isEscape(text, index)) {
                int end = index;
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                while (end < text.length() && text.charAt(end) == '%' && isEscape(text, end)) {
                    bytes.write(Integer.parseInt(text.substring(end + 1, end + 3), 16));
                    end += 3;
                }
                out.append(decodeRun(bytes.toByteArray(), text.substring(index, end)));
                index = end;
            } else {
                out.append(text.charAt(index));
                index++;
            }
        }
        return out.toString();
    }

    /** Decodes a run of escaped bytes as UTF-8; if it is not valid UTF-8, keeps the escapes as typed. */
    private static String decodeRun(byte[] bytes, String original) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException invalid) {
            return original;
        }
    }

    private static boolean isEscape(String text, int index) {
        return index + 2 < text.length()
                && isHex(text.charAt(index + 1)) && isHex(text.charAt(index + 2));
    }

    private static boolean isHex(char character) {
        return Character.digit(character, 16) >= 0 && character < 128;
    }
}
