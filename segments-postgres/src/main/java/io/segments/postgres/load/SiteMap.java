package io.segments.postgres.load;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A product website's pages, modelled on the sections of the real access log
 * ({@code /blog/}, {@code /projects/}, {@code /articles/}, {@code /presentations/}, {@code /files/})
 * plus the marketing pages a B2B product has ({@code /pricing}, {@code /docs/}, {@code /features/}).
 * Popularity is Zipf-like: page {@code i} (in list order) has weight {@code 1 / (i + 1)^s}.
 */
public final class SiteMap {
    private static final String[] TOPICS = {"logstash", "kibana", "elasticsearch", "segmentation", "consent", "tracking",
            "attribution", "lead-scoring", "email-deliverability", "gdpr", "churn", "onboarding", "ab-testing", "cohorts",
            "funnels", "retention", "postgres", "duckdb", "jruby", "grok", "fpm", "xdotool", "monitoring", "metrics",
            "personalization", "webhooks", "data-quality", "identity-resolution", "pipelines", "dashboards"};
    private static final String[] KINDS = {"guide", "introduction", "deep-dive", "checklist", "case-study", "lessons",
            "patterns", "mistakes", "faq", "roadmap"};

    private final List<String> urls;
    private final double[] cumulative;

    private SiteMap(List<String> urls, double exponent) {
        this.urls = List.copyOf(urls);
        this.cumulative = new double[urls.size()];
        double total = 0;
        for (int index = 0; index < urls.size(); index++) {
            total += 1 / Math.pow(index + 1, exponent);
            cumulative[index] = total;
        }
        for (int index = 0; index < cumulative.length; index++) {
            cumulative[index] /= total;
        }
    }

    /** About {@code size} pages of {@code site} (e.g. {@code https://www.example.com}), shuffled by {@code seed} within sections. */
    public static SiteMap generate(String site, int size, long seed) {
        Random random = new Random(seed);
        List<String> head = new ArrayList<>(List.of("/", "/pricing", "/blog/", "/features/segments", "/docs/",
                "/projects/", "/demo", "/features/live-count", "/pricing?plan=pro", "/about/", "/customers/",
                "/presentations/", "/articles/", "/docs/getting-started", "/features/consent", "/pricing?plan=enterprise",
                "/contact", "/docs/api/tracking", "/careers/", "/security", "/pricing/compare", "/integrations/",
                "/docs/segments/conditions", "/blog/?page=2", "/files/"));
        List<String> tail = new ArrayList<>();
        for (String topic : TOPICS) {
            for (String kind : KINDS) {
                tail.add("/blog/" + (2012 + random.nextInt(14)) + "/" + String.format("%02d", 1 + random.nextInt(12)) + "/" + topic + "-" + kind + "/");
            }
            tail.add("/projects/" + topic + "/");
            tail.add("/presentations/" + topic + "-" + (2013 + random.nextInt(13)) + "/");
            tail.add("/articles/" + topic + "/");
            tail.add("/docs/" + topic);
            tail.add("/files/" + topic + ".pdf");
            tail.add("/integrations/" + topic);
        }
        int variant = 0;
        while (head.size() + tail.size() < size) {
            String base = tail.get(random.nextInt(tail.size()));
            tail.add(base + (base.contains("?") ? "&" : "?") + "utm_source=" + new String[]{"newsletter", "twitter", "linkedin", "google", "hn"}[variant % 5]
                    + "&utm_campaign=c" + (variant / 5));
            variant++;
        }
        java.util.Collections.shuffle(tail, random);
        List<String> urls = new ArrayList<>();
        head.forEach(path -> urls.add(site + path));
        tail.forEach(path -> urls.add(site + path));
        return new SiteMap(urls.subList(0, Math.min(size, urls.size())), 1.05);
    }

    public List<String> urls() {
        return urls;
    }

    /** A page index drawn by popularity. */
    public int draw(Random random) {
        int found = java.util.Arrays.binarySearch(cumulative, random.nextDouble());
        int index = found >= 0 ? found : -found - 1;
        return Math.min(index, urls.size() - 1);
    }
}
