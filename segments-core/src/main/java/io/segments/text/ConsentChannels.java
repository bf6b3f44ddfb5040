package io.segments.text;


/** Consent channels are names such as "email" or "sms", compared case-folded. */
public final class ConsentChannels {
    private ConsentChannels() {
    }

    public static String normalize(String channel) {
        return TextFolding.fold(channel);
    }
}
