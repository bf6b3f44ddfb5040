package io.segments.postgres.load;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Generates a realistic, deterministic marketing workspace: companies with plausible names, contacts
 * with titles, countries, lifecycle stages and custom properties ({@code leadScore}, {@code plan},
 * {@code newsletter}, {@code trialEndsAt}, {@code campaign}), email and SMS consent histories with
 * grants and withdrawals, forms, and page views and form submissions over the last 12 months with a
 * power-law activity per visitor (few very active, many quiet), anonymous visitors that are never
 * identified, and contacts with two devices. The same {@link Spec} always yields the same rows:
 * every choice comes from {@link Random}s seeded by the spec, one per phase.
 */
public final class WorkspaceGenerator {
    /** Size and seed of a workspace; {@code now} is the newest instant anything happens at. */
    public record Spec(int contacts, int companies, long events, long seed, Instant now, String site) {
        public static Spec demo(Instant now) {
            return new Spec(20_000, 2_000, 300_000, 20_151_705L, now, DEFAULT_SITE);
        }

        public static Spec bench(int contacts, long events, Instant now) {
            return new Spec(contacts, Math.max(1, contacts / 10), events, 5_000_000L + contacts, now, DEFAULT_SITE);
        }
    }

    public static final String DEFAULT_SITE = "https://www.segments-demo.example";

    public static final List<String> PLANS = List.of("free", "starter", "pro", "enterprise");

    private static final long DAY = 86_400L;

    static final String[][] COUNTRIES = {
            // code, weight, tld, legal form, cities...
            {"US", "30", "com", "Inc.", "New York", "San Francisco", "Austin", "Chicago", "Boston", "Seattle"},
            {"DE", "12", "de", "GmbH", "Berlin", "München", "Hamburg", "Köln", "Frankfurt am Main"},
            {"GB", "10", "co.uk", "Ltd", "London", "Manchester", "Bristol", "Edinburgh"},
            {"FR", "7", "fr", "SAS", "Paris", "Lyon", "Toulouse", "Nantes"},
            {"NL", "5", "nl", "B.V.", "Amsterdam", "Rotterdam", "Utrecht"},
            {"CA", "5", "ca", "Inc.", "Toronto", "Vancouver", "Montréal"},
            {"ES", "4", "es", "S.L.", "Madrid", "Barcelona", "Valencia"},
            {"IT", "4", "it", "S.r.l.", "Milano", "Roma", "Torino"},
            {"IN", "4", "in", "Pvt Ltd", "Bengaluru", "Mumbai", "Pune"},
            {"SE", "3", "se", "AB", "Stockholm", "Göteborg", "Malmö"},
            {"AU", "3", "com.au", "Pty Ltd", "Sydney", "Melbourne"},
            {"BR", "3", "com.br", "Ltda", "São Paulo", "Rio de Janeiro"},
            {"CH", "2", "ch", "AG", "Zürich", "Genève", "Basel"},
            {"AT", "2", "at", "GmbH", "Wien", "Graz"},
            {"PL", "2", "pl", "sp. z o.o.", "Warszawa", "Kraków"},
            {"JP", "2", "jp", "K.K.", "Tokyo", "Osaka"},
            {"DK", "1", "dk", "ApS", "København", "Aarhus"},
            {"IE", "1", "ie", "Ltd", "Dublin", "Cork"},
    };
    private static final String[] FIRST_NAMES = {"Anna", "Lukas", "Emma", "Noah", "Olivia", "Liam", "Sophie", "Mateo",
            "Mia", "Elias", "Léa", "Hugo", "Chloé", "Jonas", "Lena", "Finn", "Sara", "Luca", "Giulia", "Marco", "Sofia",
            "Lucas", "Julia", "David", "Maria", "Daniel", "Laura", "Pablo", "Lucía", "Jan", "Zofia", "Jakub", "Astrid",
            "Oskar", "Freja", "Emil", "Aoife", "Sean", "Priya", "Arjun", "Ananya", "Rahul", "Yuki", "Haruto", "Sakura",
            "James", "Emily", "Michael", "Sarah", "Chris", "Jessica", "Ethan", "Ava", "Jack", "Chloe", "Tom", "Grace",
            "João", "Beatriz", "Renée", "Zoë", "Søren", "Björn", "Ingrid", "Mehmet", "Aylin", "Omar", "Fatima"};
    private static final String[] LAST_NAMES = {"Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner",
            "Becker", "Hoffmann", "Martin", "Bernard", "Dubois", "Durand", "Lefèvre", "Moreau", "Smith", "Johnson",
            "Williams", "Brown", "Jones", "Miller", "Davis", "Wilson", "Taylor", "Anderson", "Thomas", "Moore", "Clark",
            "García", "Fernández", "López", "Martínez", "Rossi", "Russo", "Ferrari", "Bianchi", "de Vries", "Jansen",
            "van Dijk", "Bakker", "Kowalski", "Nowak", "Wiśniewski", "Andersson", "Johansson", "Nilsson", "Larsen",
            "Nielsen", "O'Brien", "Murphy", "Kelly", "Sharma", "Patel", "Gupta", "Iyer", "Tanaka", "Suzuki", "Sato",
            "Silva", "Santos", "Oliveira", "Novak", "Horvat", "Yılmaz", "Kaya", "Haddad", "Nguyen", "Kim", "Lee", "Chen"};
    private static final String[] TITLES = {"Marketing Manager", "Head of Marketing", "VP Marketing", "CMO",
            "Growth Marketing Lead", "Demand Generation Manager", "Marketing Operations Manager", "Content Strategist",
            "Product Marketing Manager", "CRM Manager", "Email Marketing Specialist", "Data Analyst", "Head of Growth",
            "Software Engineer", "Senior Software Engineer", "Engineering Manager", "CTO", "VP Engineering",
            "Product Manager", "Head of Product", "CEO", "Founder", "Sales Development Representative",
            "Account Executive", "Head of Sales", "Customer Success Manager", "Data Engineer", "DevOps Engineer",
            "Solutions Architect", "Operations Manager"};
    private static final String[] STAGES = {"subscriber", "lead", "mql", "sql", "opportunity", "customer", "evangelist", "other"};
    private static final int[] STAGE_WEIGHTS = {25, 30, 12, 8, 5, 12, 2, 2};
    private static final String[] INDUSTRIES = {"Software", "Financial Services", "Healthcare", "Retail", "Manufacturing",
            "Education", "Media", "Logistics", "Telecommunications", "Consulting", "Energy", "Non-profit"};
    private static final String[] NAME_PREFIXES = {"North", "Blue", "Bright", "Cloud", "Data", "Green", "Iron", "Silver",
            "Quantum", "Rapid", "Summit", "Vertex", "Nimbus", "Orbit", "Pixel", "Harbor", "Atlas", "Beacon", "Cedar", "Falcon",
            "Lumen", "Nova", "Polar", "Red", "Stone", "Terra", "Alpine", "Coral", "Delta", "Ember"};
    private static final String[] NAME_SUFFIXES = {"works", "labs", "soft", "systems", "logic", "ware", "stack", "grid",
            "metrics", "flow", "base", "point", "forge", "scale", "wave", "field", "line", "bridge", "path", "mind"};
    private static final String[] NAME_TAILS = {"", "", "", " Analytics", " Health", " Commerce", " Energy", " Media",
            " Logistics", " Partners", " Group", " Technologies", " Solutions", " Digital"};
    private static final String[] FREEMAIL = {"gmail.com", "outlook.com", "yahoo.com", "proton.me", "gmx.de", "icloud.com"};
    private static final String[] CAMPAIGNS = {"Spring Webinar 2026", "Webinar: Segments 101", "Google Ads - Brand",
            "Google Ads - Competitors", "LinkedIn ABM Q3", "Partner Referral", "Product Hunt Launch",
            "Conference Booth Berlin", "Ebook: The Consent Playbook", "Newsletter Signup", "Customer Webinar Series",
            "Free Trial", "Organic Search", "Podcast Sponsorship", "G2 Reviews"};
    static final String[][] FORMS = {
            {"demo-request", "Demo request"}, {"contact-sales", "Contact sales"}, {"newsletter-signup", "Newsletter signup"},
            {"free-trial", "Free trial signup"}, {"pricing-quote", "Pricing quote"}, {"webinar-segments-101", "Webinar: Segments 101"},
            {"webinar-consent-playbook", "Webinar: The consent playbook"}, {"ebook-consent", "Ebook: The Consent Playbook"},
            {"ebook-lead-scoring", "Ebook: Lead scoring that works"}, {"whitepaper-identity", "Whitepaper: Identity resolution"},
            {"event-berlin-2026", "Event registration: Berlin 2026"}, {"event-london-2026", "Event registration: London 2026"},
            {"partner-application", "Partner application"}, {"support-request", "Support request"},
            {"feedback-survey", "Product feedback survey"}, {"nps-survey", "NPS survey"}, {"case-study-retail", "Case study: Retail"},
            {"case-study-saas", "Case study: SaaS"}, {"roi-calculator", "ROI calculator"}, {"newsletter-preferences", "Newsletter preferences"},
            {"beta-signup", "Beta program signup"}, {"careers-application", "Job application"}, {"press-inquiry", "Press inquiry"},
            {"security-questionnaire", "Security questionnaire"}, {"migration-assessment", "Migration assessment"},
            {"workshop-signup", "Workshop signup"}, {"community-invite", "Community invite"}, {"gdpr-request", "GDPR data request"},
            {"trial-extension", "Trial extension"}, {"upgrade-request", "Upgrade request"}};

    /** The forms every generated workspace has, as (id, name). */
    public static List<Rows.Form> forms() {
        return Arrays.stream(FORMS).map(form -> new Rows.Form(form[0], form[1])).toList();
    }

    private final Spec spec;
    private final Rows.IdBases bases;
    private final long nowSecond;

    public WorkspaceGenerator(Spec spec, Rows.IdBases bases) {
        this.spec = spec;
        this.bases = bases;
        this.nowSecond = spec.now().getEpochSecond();
    }

    public SiteMap siteMap() {
        return SiteMap.generate(spec.site(), Math.max(200, (int) Math.min(5_000, spec.events() / 200)), spec.seed() + 7);
    }

    /** Generates the whole workspace into {@code sink}, table by table (see {@link Rows.Sink}). */
    public void generate(Rows.Sink sink) {
        forms().forEach(sink::form);
        String[][] companyCountry = new String[spec.companies()][];
        String[] companyDomain = new String[spec.companies()];
        companies(sink, companyCountry, companyDomain);
        long[] contactCreated = new long[spec.contacts()];
        contacts(sink, companyCountry, companyDomain, contactCreated);
        consents(sink, contactCreated);
        SiteMap siteMap = siteMap();
        for (int index = 0; index < siteMap.urls().size(); index++) {
            sink.url(new Rows.Url(bases.url() + index + 1, siteMap.urls().get(index)));
        }
        behavior(sink, contactCreated, siteMap);
    }

    private void companies(Rows.Sink sink, String[][] companyCountry, String[] companyDomain) {
        Random random = new Random(spec.seed());
        Set<String> domains = new HashSet<>();
        for (int index = 0; index < spec.companies(); index++) {
            String[] country = pickCountry(random);
            String base = NAME_PREFIXES[random.nextInt(NAME_PREFIXES.length)] + NAME_SUFFIXES[random.nextInt(NAME_SUFFIXES.length)];
            String tail = NAME_TAILS[random.nextInt(NAME_TAILS.length)];
            String slug = (base + tail).toLowerCase(java.util.Locale.ROOT).replace(" ", "");
            String domain = slug + "." + country[2];
            for (int attempt = 2; !domains.add(domain); attempt++) {
                domain = slug + attempt + "." + country[2];
            }
            int employees = (int) Math.min(250_000, Math.round(5 * Math.pow(1 / (1 - random.nextDouble()), 1.4)));
            long revenue = Math.round(employees * (60_000 + random.nextInt(240_000)) / 1000.0) * 1000;
            long createdAt = nowSecond - DAY * 365 * 4 + (long) (random.nextDouble() * DAY * 365 * 4);
            companyCountry[index] = country;
            companyDomain[index] = domain;
            sink.company(new Rows.Company(bases.company() + index + 1, domain, base + tail + " " + country[3],
                    random.nextInt(20) == 0 ? null : INDUSTRIES[random.nextInt(INDUSTRIES.length)],
                    random.nextInt(10) == 0 ? null : employees, random.nextInt(3) == 0 ? null : revenue,
                    country[0], country[4 + random.nextInt(country.length - 4)], Instant.ofEpochSecond(createdAt)));
        }
    }

    private void contacts(Rows.Sink sink, String[][] companyCountry, String[] companyDomain, long[] contactCreated) {
        Random random = new Random(spec.seed() + 1);
        // Company sizes follow a power law too: a few companies have many contacts.
        double[] companyWeights = new double[spec.companies()];
        for (int index = 0; index < companyWeights.length; index++) {
            companyWeights[index] = Math.pow(1 / (1 - random.nextDouble()), 1.1);
        }
        double[] companyCumulative = cumulative(companyWeights);
        Map<String, Integer> emails = new HashMap<>();
        for (int index = 0; index < spec.contacts(); index++) {
            String first = FIRST_NAMES[random.nextInt(FIRST_NAMES.length)];
            String last = LAST_NAMES[random.nextInt(LAST_NAMES.length)];
            Long companyId = null;
            String domain;
            String[] country = pickCountry(random);
            if (random.nextInt(100) < 82) {
                int company = draw(companyCumulative, random);
                companyId = bases.company() + company + 1;
                domain = companyDomain[company];
                if (random.nextInt(100) < 70) {
                    country = companyCountry[company];
                }
            } else {
                domain = FREEMAIL[random.nextInt(FREEMAIL.length)];
            }
            String local = ascii(first) + "." + ascii(last);
            String key = local + "@" + domain;
            int seen = emails.merge(key, 1, Integer::sum);
            String email = (seen == 1 ? local : local + seen) + "@" + domain;
            // Contacts arrive over three years, more of them recently.
            long createdAt = nowSecond - (long) (DAY * 365 * 3 * Math.pow(random.nextDouble(), 1.6)) - random.nextInt(3600);
            contactCreated[index] = createdAt;
            String stage = random.nextInt(100) < 4 ? null : STAGES[weighted(STAGE_WEIGHTS, random)];
            int stageRank = stage == null ? 1 : Arrays.asList(STAGES).indexOf(stage);
            Integer leadScore = random.nextInt(100) < 85
                    ? Math.min(100, Math.max(0, (int) Math.round(25 + stageRank * 9 + random.nextGaussian() * 18))) : null;
            boolean customer = "customer".equals(stage) || "evangelist".equals(stage);
            String plan = customer ? PLANS.get(1 + random.nextInt(3)) : random.nextInt(100) < 45 ? PLANS.get(random.nextInt(2)) : null;
            Boolean newsletter = random.nextInt(100) < 70 ? random.nextInt(100) < 62 : null;
            LocalDate trial = !customer && random.nextInt(100) < 15
                    ? LocalDate.ofInstant(spec.now(), ZoneOffset.UTC).plusDays(random.nextInt(90) - 60) : null;
            String campaign = random.nextInt(100) < 40 ? CAMPAIGNS[random.nextInt(CAMPAIGNS.length)] : null;
            String city = country[4 + random.nextInt(country.length - 4)];
            sink.contact(new Rows.Contact(bases.contact() + index + 1, email, first, last,
                    random.nextInt(100) < 90 ? TITLES[random.nextInt(TITLES.length)] : null,
                    random.nextInt(100) < 45 ? phone(country[0], random) : null,
                    random.nextInt(100) < 8 ? null : country[0], random.nextInt(100) < 20 ? null : city,
                    stage, companyId, Instant.ofEpochSecond(createdAt), leadScore, plan, newsletter, trial, campaign));
        }
    }

    /**
     * Email consent for most contacts (a grant at or after sign-up, some withdrawn later, a few
     * granted again; some explicit denials), SMS for fewer. Times per channel strictly increase.
     */
    private void consents(Rows.Sink sink, long[] contactCreated) {
        Random random = new Random(spec.seed() + 2);
        long id = bases.consent();
        for (int index = 0; index < contactCreated.length; index++) {
            long contactId = bases.contact() + index + 1;
            for (String channel : new String[]{"email", "sms"}) {
                int has = channel.equals("email") ? 72 : 22;
                if (random.nextInt(100) >= has) {
                    continue;
                }
                long at = Math.min(nowSecond - 1, contactCreated[index] + random.nextInt((int) (DAY * 3)));
                boolean denied = random.nextInt(100) < 6;
                sink.consent(new Rows.Consent(++id, contactId, channel, denied ? "denied" : "granted", Instant.ofEpochSecond(at)));
                boolean granted = !denied;
                int changes = random.nextInt(100) < (channel.equals("email") ? 18 : 25) ? 1 + (random.nextInt(100) < 25 ? 1 : 0) : 0;
                for (int change = 0; change < changes; change++) {
                    at += 1 + (long) (random.nextDouble() * DAY * 200);
                    if (at > nowSecond) {
                        break;
                    }
                    granted = !granted;
                    sink.consent(new Rows.Consent(++id, contactId, channel, granted ? "granted" : "denied", Instant.ofEpochSecond(at)));
                }
            }
        }
    }

    /**
     * Visitors and their events. 78% of contacts browsed the site (one device, some two); there are
     * about 0.6 never-identified visitors per contact. Activity per visitor is Pareto distributed.
     * Page views and form submissions happen over the last 365 days, more of them recently.
     */
    private void behavior(Rows.Sink sink, long[] contactCreated, SiteMap siteMap) {
        Random random = new Random(spec.seed() + 3);
        int anonymous = (int) Math.round(spec.contacts() * 0.6);
        int capacity = spec.contacts() * 2 + anonymous;
        String[] ids = new String[capacity];
        long[] contacts = new long[capacity];
        double[] weights = new double[capacity];
        int visitors = 0;
        for (int index = 0; index < spec.contacts(); index++) {
            if (random.nextInt(100) >= 78) {
                continue;
            }
            double activity = pareto(random, 1.25, 2_000);
            int devices = random.nextInt(100) < 12 ? 2 : 1;
            for (int device = 0; device < devices; device++) {
                ids[visitors] = "v" + (index + 1) + "-" + device;
                contacts[visitors] = bases.contact() + index + 1;
                weights[visitors] = activity / devices;
                long firstSeen = Math.max(nowSecond - DAY * 365, contactCreated[index] - random.nextInt((int) (DAY * 30)));
                sink.visitor(new Rows.Visitor(ids[visitors], contacts[visitors], Instant.ofEpochSecond(firstSeen)));
                visitors++;
            }
        }
        for (int index = 0; index < anonymous; index++) {
            ids[visitors] = "a" + (index + 1);
            contacts[visitors] = 0;
            weights[visitors] = pareto(random, 1.6, 200) * 0.8;
            sink.visitor(new Rows.Visitor(ids[visitors], null, Instant.ofEpochSecond(nowSecond - DAY * 365)));
            visitors++;
        }
        double[] cumulative = cumulative(Arrays.copyOf(weights, visitors));
        double[] formCumulative = new double[FORMS.length];
        double total = 0;
        for (int index = 0; index < FORMS.length; index++) {
            total += 1 / Math.pow(index + 1, 0.9);
            formCumulative[index] = total;
        }
        for (int index = 0; index < FORMS.length; index++) {
            formCumulative[index] /= total;
        }
        for (long index = 0; index < spec.events(); index++) {
            int visitor = draw(cumulative, random);
            long contact = contacts[visitor];
            boolean form = random.nextInt(1000) < (contact != 0 ? 30 : 8);
            long at = nowSecond - (long) (DAY * 365 * Math.pow(random.nextDouble(), 1.25));
            long id = bases.event() + index + 1;
            if (form) {
                sink.event(new Rows.Event(id, "gen-" + id, (short) 2, ids[visitor], contact == 0 ? null : contact, null,
                        FORMS[draw(formCumulative, random)][0], Instant.ofEpochSecond(at)));
            } else {
                sink.event(new Rows.Event(id, "gen-" + id, (short) 1, ids[visitor], contact == 0 ? null : contact,
                        bases.url() + siteMap.draw(random) + 1, null, Instant.ofEpochSecond(at)));
            }
        }
    }

    private static double pareto(Random random, double alpha, double cap) {
        return Math.min(cap, Math.pow(1 / (1 - random.nextDouble()), 1 / alpha));
    }

    private static double[] cumulative(double[] weights) {
        double[] cumulative = new double[weights.length];
        double total = 0;
        for (int index = 0; index < weights.length; index++) {
            total += weights[index];
            cumulative[index] = total;
        }
        for (int index = 0; index < weights.length; index++) {
            cumulative[index] /= total;
        }
        return cumulative;
    }

    private static int draw(double[] cumulative, Random random) {
        int found = Arrays.binarySearch(cumulative, random.nextDouble());
        return Math.min(found >= 0 ? found : -found - 1, cumulative.length - 1);
    }

    private static int weighted(int[] weights, Random random) {
        int total = Arrays.stream(weights).sum();
        int pick = random.nextInt(total);
        for (int index = 0; index < weights.length; index++) {
            pick -= weights[index];
            if (pick < 0) {
                return index;
            }
        }
        return weights.length - 1;
    }

    private static String[] pickCountry(Random random) {
        int total = 0;
        for (String[] country : COUNTRIES) {
            total += Integer.parseInt(country[1]);
        }
        int pick = random.nextInt(total);
        for (String[] country : COUNTRIES) {
            pick -= Integer.parseInt(country[1]);
            if (pick < 0) {
                return country;
            }
        }
        return COUNTRIES[0];
    }

    private static String phone(String country, Random random) {
        String prefix = switch (country) {
            case "US", "CA" -> "+1 ";
            case "DE" -> "+49 ";
            case "GB" -> "+44 ";
            case "FR" -> "+33 ";
            default -> "+" + (30 + random.nextInt(60)) + " ";
        };
        return prefix + (100 + random.nextInt(900)) + " " + (1_000_000 + random.nextInt(9_000_000));
    }

    /** The e-mail local part of a name: accents dropped, lower case, letters only. */
    static String ascii(String name) {
        String decomposed = java.text.Normalizer.normalize(name, java.text.Normalizer.Form.NFD);
        StringBuilder out = new StringBuilder();
        for (char character : decomposed.toCharArray()) {
            if (character < 128 && Character.isLetter(character)) {
                out.append(Character.toLowerCase(character));
            } else if (character == 'ø' || character == 'Ø') {
                out.append('o');
            } else if (character == 'ı') {
                out.append('i');
            } else if (character == 'ł') {
                out.append('l');
            }
        }
        return out.toString();
    }
}
