package io.segments.service.imports;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reading an Apache/nginx "combined" access log and deciding what a line is. The rules:
 * <ul>
 *   <li>A client (visitor) is its address and user agent together.</li>
 *   <li>A <b>page view</b> is a {@code GET} answered with 2xx or {@code 304 Not Modified} (the
 *       browser showed the page from its cache; the visit is real). Redirects (301/302/...) are
 *       not views: the browser follows them and the target is logged as its own request. 4xx and
 *       5xx are failed requests.</li>
 *   <li>Skipped: requests by known bots, crawlers, feed readers and HTTP libraries (by user
 *       agent, or no user agent at all); static assets (images, CSS, JavaScript, fonts, source
 *       maps); feeds ({@code ?flav=rss20}, {@code ?flav=atom}, {@code .rss}, {@code .atom},
 *       {@code .xml}, {@code /feed}); other methods; lines that are not in the format.</li>
 * </ul>
 */
public final class AccessLog {
    private static final Pattern LINE = Pattern.compile(
            "^(\\S+) \\S+ \\S+ \\[([^\\]]+)\\] \"([A-Z]+) (\\S+)(?: [^\"]*)?\" (\\d{3}) \\S+(?: \"([^\"]*)\" \"([^\"]*)\")?.*$");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH);
    private static final Pattern BOT = Pattern.compile(
            "bot|crawl|spider|slurp|feed|rss|fetcher|curl|wget|python|java/|perl|ruby|go-http|libwww|httpclient|okhttp|scrapy|"
                    + "facebookexternalhit|pingdom|monitor|archiver|headless|phantomjs|nutch|yahoo! |ia_archiver|wordpress|apache-http",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern ASSET = Pattern.compile(
            "\\.(png|jpe?g|gif|ico|svg|webp|bmp|tiff?|css|js|mjs|map|woff2?|ttf|otf|eot)$", Pattern.CASE_INSENSITIVE);
    private static final Pattern FEED = Pattern.compile(
            "(\\.(rss|atom|xml|rdf)$)|(/(feed|rss|atom)/?$)", Pattern.CASE_INSENSITIVE);
    private static final Pattern FEED_QUERY = Pattern.compile("(^|&)(flav|feed|format)=(rss\\d*|atom|feed)(&|$)", Pattern.CASE_INSENSITIVE);

    public enum Kind { PAGE_VIEW, BOT, ASSET, FEED, FAILED, OTHER_METHOD, UNREADABLE }

    /** A parsed request line. {@code target} is the path with its query string, as logged. */
    public record Request(String address, Instant time, String method, String target, int status, String referrer, String userAgent) {
        /** The client's visitor key: a hash of address and user agent. */
        public String visitorKey() {
            return sha256Hex(address + "\u0000" + (userAgent == null ? "" : userAgent)).substring(0, 24);
        }

        public String path() {
            int query = target.indexOf('?');
            return query < 0 ? target : target.substring(0, query);
        }

        public String query() {
            int query = target.indexOf('?');
            return query < 0 ? "" : target.substring(query + 1);
        }

        public Kind kind() {
            if (userAgent == null || userAgent.isBlank() || userAgent.equals("-") || BOT.matcher(userAgent).find()) {
                return Kind.BOT;
            }
            if (!method.equals("GET")) {
                return Kind.OTHER_METHOD;
            }
            if (!((status >= 200 && status < 300) || status == 304)) {
                return Kind.FAILED;
            }
            if (ASSET.matcher(path()).find()) {
                return Kind.ASSET;
            }
            if (FEED.matcher(path()).find() || FEED_QUERY.matcher(query()).find()) {
                return Kind.FEED;
            }
            return Kind.PAGE_VIEW;
        }
    }

    private AccessLog() {
    }

    public static Optional<Request> parse(String line) {
        Matcher matcher = LINE.matcher(line);
        if (!matcher.matches()) {
            return Optional.empty();
        }
        try {
            Instant time = ZonedDateTime.parse(matcher.group(2), TIME).toInstant();
            return Optional.of(new Request(matcher.group(1), time, matcher.group(3), matcher.group(4), Integer.parseInt(matcher.group(5)),
                    dash(matcher.group(6)), dash(matcher.group(7))));
        } catch (DateTimeParseException unreadable) {
            return Optional.empty();
        }
    }

    private static String dash(String value) {
        return value == null || value.equals("-") ? null : value;
    }

    /**
     * Whether a visitor is among the identified share: the first 8 bytes of SHA-256 of its key,
     * as an unsigned fraction of 2^64, are below {@code fraction}.
     */
    public static boolean identified(String visitorKey, double fraction) {
        byte[] digest = sha256(visitorKey);
        long high = 0;
        for (int index = 0; index < 8; index++) {
            high = (high << 8) | (digest[index] & 0xff);
        }
        double share = (high >>> 11) / (double) (1L << 53);
        return share < fraction;
    }

    static String sha256Hex(String text) {
        return HexFormat.of().formatHex(sha256(text));
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
