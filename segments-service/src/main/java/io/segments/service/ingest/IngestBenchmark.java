package io.segments.service.ingest;

import io.segments.service.SegmentsApplication;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.net.HttpURLConnection;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code segments bench-ingest [--events N] [--threads T] [--batch B] [--identify-percent P]
 * [--warmup W] [--url U --write-key K]}: sends tracking batches through {@code /v1/batch} over HTTP and
 * reports sustained events per second, request latency, and the CPU and JIT compilation time of its
 * own JVM during the measured phase (service and client when it started the service, else the
 * client alone) and, when it started one, the CPU time of the embedded PostgreSQL server. Without {@code --url} it starts the
 * service itself on a free port over an embedded PostgreSQL in a temporary directory. The
 * traffic, each message with a message id and a timestamp as tracking libraries send them: page
 * views (80%) over 2,000 URLs by 20,000 visitors and track events (20%, a quarter of them form
 * submissions), of which P% (default 5) are replaced by identify calls. The clock starts after a
 * warm-up of W events (default: as many as are measured, at least 5 batches per thread), whose own
 * rate is printed too: sustained throughput is a running service's, whose JIT compiler has compiled
 * the ingestion path, while a fresh JVM spends most of a core compiling for its first minute.
 *
 * <p>Eight client threads by default: a closed loop of clients each waiting for its answer offers at
 * most as many requests at once as it has threads, and a service taking 20,000 events a second in
 * batches of 100 with answers in about 35 ms has seven requests in flight on average (Little's
 * law); four clients would measure how fast four senders can go, not what the service sustains.
 */
public final class IngestBenchmark {
    private IngestBenchmark() {
    }

    public static int run(List<String> arguments) throws Exception {
        int events = 300_000;
        int threads = 8;
        int batchSize = 100;
        int identifyPercent = 5;
        int warmupEvents = -1;
        String url = null;
        String writeKey = null;
        for (int index = 0; index < arguments.size(); index++) {
            String argument = arguments.get(index);
            switch (argument) {
                case "--events" -> events = Integer.parseInt(arguments.get(++index));
                case "--threads" -> threads = Integer.parseInt(arguments.get(++index));
                case "--batch" -> batchSize = Integer.parseInt(arguments.get(++index));
                case "--identify-percent" -> identifyPercent = Integer.parseInt(arguments.get(++index));
                case "--warmup" -> warmupEvents = Integer.parseInt(arguments.get(++index));
                case "--url" -> url = arguments.get(++index);
                case "--write-key" -> writeKey = arguments.get(++index);
                default -> {
                    System.err.println("Unknown argument: " + argument
                            + "\nUsage: segments bench-ingest [--events 300000] [--threads 8] [--batch 100] [--identify-percent 5] [--warmup N] [--url http://host:port --write-key KEY]");
                    return 2;
                }
            }
        }
        if (System.getProperty("http.maxConnections") == null) {
            // Idle connections the JDK keeps per host, read once at its first connection: one per client thread.
            System.setProperty("http.maxConnections", Integer.toString(Math.max(5, threads)));
        }
        ConfigurableApplicationContext service = null;
        Path dataDirectory = null;
        if (url == null) {
            dataDirectory = Files.createTempDirectory("segments-bench-ingest");
            writeKey = "bench-" + UUID.randomUUID();
            System.out.println("Starting the service over an embedded PostgreSQL in " + dataDirectory + " ...");
            service = new SpringApplication(SegmentsApplication.class).run("--server.port=0",
                    "--SEGMENTS_DATA_DIR=" + dataDirectory, "--SEGMENTS_WRITE_KEY=" + writeKey,
                    "--SEGMENTS_ADMIN_TOKEN=bench-admin-" + UUID.randomUUID(), "--logging.level.root=WARN");
            url = "http://localhost:" + ((WebServerApplicationContext) service).getWebServer().getPort();
        } else if (writeKey == null) {
            System.err.println("--url needs --write-key");
            return 2;
        }
        try {
            String run = Long.toString(System.currentTimeMillis(), 36);
            int warmup = warmupEvents >= 0 ? warmupEvents : Math.max(batchSize * threads * 5, events);
            System.out.printf(Locale.ROOT, "Warming up with %,d events...%n", warmup);
            Result warm = send(url, writeKey, batches(run + "w", warmup, batchSize, identifyPercent), threads);
            // A service that has just started runs interpreted and compiles its hot code meanwhile: the
            // warm-up's rate is what the first minute of a fresh service sustains.
            System.out.printf(Locale.ROOT, "  warm-up:     %,.0f events/s (%.1f s, while the JIT compiles the service's code)%n",
                    warmup / warm.seconds(), warm.seconds());
            List<byte[]> measured = batches(run, events, batchSize, identifyPercent);
            System.out.printf(Locale.ROOT, "Sending %,d events in %,d batches of %d from %d threads to %s ...%n",
                    events, measured.size(), batchSize, threads, url);
            CpuWork before = CpuWork.now(dataDirectory);
            Result result = send(url, writeKey, measured, threads);
            CpuWork during = CpuWork.now(dataDirectory).minus(before);
            System.out.printf(Locale.ROOT, "%nIngestion benchmark: %,d events, batches of %d, %d client threads, %d cores%n",
                    events, batchSize, threads, Runtime.getRuntime().availableProcessors());
            System.out.printf(Locale.ROOT, "  sustained:   %,.0f events/s (%.1f s)%n", events / result.seconds(), result.seconds());
            System.out.printf(Locale.ROOT, "  requests:    %,d ok, %,d failed%n", result.ok(), result.failed());
            System.out.printf(Locale.ROOT, "  latency:     p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                    result.percentile(50), result.percentile(95), result.percentile(99), result.percentile(100));
            // What the measured phase cost this JVM, and how much of it the JIT compiler took: a short
            // run pays for compiling the service's code, which a long-running service has done.
            // Per event, CPU time varies less from run to run than the rate: a change is judged by both.
            System.out.printf(Locale.ROOT, "  this JVM:    %.1f s of CPU (%s, %.0f µs an event); JIT compilers busy %.1f s%n",
                    during.cpuSeconds(), service != null ? "service and client" : "client", microsPerEvent(during.cpuSeconds(), events),
                    during.compilationSeconds());
            if (during.postgresCpuSeconds() >= 0 && during.cpuSeconds() >= 0) {
                // Where the rest of the machine went.
                System.out.printf(Locale.ROOT, "  PostgreSQL:  %.1f s of CPU (the embedded server's processes, %.0f µs an event)%n",
                        during.postgresCpuSeconds(), microsPerEvent(during.postgresCpuSeconds(), events));
                int cores = Runtime.getRuntime().availableProcessors();
                System.out.printf(Locale.ROOT, "  machine:     %.0f%% of %d cores busy with both%n",
                        100 * (during.cpuSeconds() + during.postgresCpuSeconds()) / (cores * result.seconds()), cores);
            }
            return result.failed() == 0 ? 0 : 1;
        } finally {
            if (service != null) {
                service.close();
            }
            if (dataDirectory != null) {
                deleteQuietly(dataDirectory);
            }
        }
    }

    /**
     * CPU time of this JVM, the time its JIT compilers spent compiling, and the CPU time of the
     * embedded PostgreSQL server it started, as the JVM and the operating system report them (-1
     * when they do not).
     */
    private record CpuWork(double cpuSeconds, double compilationSeconds, double postgresCpuSeconds) {
        static CpuWork now(Path dataDirectory) {
            double cpu = ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                    ? os.getProcessCpuTime() / 1e9 : -1;
            CompilationMXBean compiler = ManagementFactory.getCompilationMXBean();
            double compilation = compiler != null && compiler.isCompilationTimeMonitoringSupported() ? compiler.getTotalCompilationTime() / 1e3 : -1;
            return new CpuWork(cpu, compilation, postgresCpuSeconds(dataDirectory));
        }

        /**
         * The CPU time of the PostgreSQL server whose data lies under {@code dataDirectory}: its
         * postmaster, the processes it runs and those it ran (Linux's /proc, 100 ticks a second);
         * -1 when unknown.
         */
        static double postgresCpuSeconds(Path dataDirectory) {
            if (dataDirectory == null) {
                return -1;
            }
            try (var files = Files.walk(dataDirectory, 3)) {
                Optional<Path> pidFile = files.filter(path -> path.getFileName().toString().equals("postmaster.pid")).findFirst();
                if (pidFile.isEmpty()) {
                    return -1;
                }
                long postmaster = Long.parseLong(Files.readAllLines(pidFile.get()).get(0).strip());
                long[] postmasterTicks = ticks(postmaster);
                long total = postmasterTicks[0] + postmasterTicks[1];
                for (ProcessHandle child : ProcessHandle.of(postmaster).map(handle -> handle.descendants().toList()).orElse(List.of())) {
                    total += ticks(child.pid())[0];
                }
                return total / 100.0;
            } catch (IOException | RuntimeException unknown) {
                return -1;
            }
        }

        /** A process's own user and system CPU ticks, and those of its children it has reaped. */
        private static long[] ticks(long pid) throws IOException {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return new long[]{Long.parseLong(fields[11]) + Long.parseLong(fields[12]), Long.parseLong(fields[13]) + Long.parseLong(fields[14])};
        }

        CpuWork minus(CpuWork earlier) {
            return new CpuWork(cpuSeconds - earlier.cpuSeconds, compilationSeconds - earlier.compilationSeconds,
                    postgresCpuSeconds < 0 || earlier.postgresCpuSeconds < 0 ? -1 : postgresCpuSeconds - earlier.postgresCpuSeconds);
        }
    }

    private static double microsPerEvent(double cpuSeconds, int events) {
        return cpuSeconds * 1e6 / events;
    }

    private record Result(double seconds, long ok, long failed, List<Long> latenciesNanos) {
        double percentile(int p) {
            if (latenciesNanos.isEmpty()) {
                return 0;
            }
            int index = (int) Math.ceil(p / 100.0 * latenciesNanos.size()) - 1;
            return latenciesNanos.get(Math.max(0, Math.min(latenciesNanos.size() - 1, index))) / 1e6;
        }
    }

    /**
     * Sends the batches over HTTP/1.1 keep-alive connections, one per thread. The JDK's blocking
     * {@link HttpURLConnection} rather than {@code java.net.http.HttpClient}: the client shares the
     * machine with the service, and HttpClient's asynchronous machinery took 1.9 ms of CPU per
     * 40 KB request, a tenth of what the service spent on it.
     */
    private static Result send(String url, String writeKey, List<byte[]> batches, int threads) throws InterruptedException {
        String authorization = "Basic " + Base64.getEncoder().encodeToString((writeKey + ":").getBytes(StandardCharsets.UTF_8));
        URL target;
        try {
            target = URI.create(url + "/v1/batch").toURL();
        } catch (MalformedURLException invalid) {
            throw new IllegalArgumentException("not an HTTP URL: " + url, invalid);
        }
        AtomicInteger next = new AtomicInteger();
        AtomicLong ok = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        List<Thread> workers = new ArrayList<>();
        long started = System.nanoTime();
        for (int thread = 0; thread < threads; thread++) {
            Thread worker = new Thread(() -> {
                for (int index = next.getAndIncrement(); index < batches.size(); index = next.getAndIncrement()) {
                    byte[] body = batches.get(index);
                    long before = System.nanoTime();
                    try {
                        HttpURLConnection connection = (HttpURLConnection) target.openConnection();
                        connection.setConnectTimeout(10_000);
                        connection.setReadTimeout(60_000);
                        connection.setRequestMethod("POST");
                        connection.setDoOutput(true);
                        connection.setFixedLengthStreamingMode(body.length);
                        connection.setRequestProperty("Authorization", authorization);
                        connection.setRequestProperty("Content-Type", "application/json");
                        try (OutputStream out = connection.getOutputStream()) {
                            out.write(body);
                        }
                        int status = connection.getResponseCode();
                        // Read to the end, so that the connection goes back to the keep-alive cache.
                        InputStream answer = status < 400 ? connection.getInputStream() : connection.getErrorStream();
                        String text = answer == null ? "" : new String(answer.readAllBytes(), StandardCharsets.UTF_8);
                        if (answer != null) {
                            answer.close();
                        }
                        latencies.add(System.nanoTime() - before);
                        if (status == 200) {
                            ok.incrementAndGet();
                        } else {
                            failed.incrementAndGet();
                            System.err.println("HTTP " + status + ": " + text);
                        }
                    } catch (IOException failure) {
                        failed.incrementAndGet();
                        System.err.println("request failed: " + failure);
                    }
                }
            }, "bench-client-" + thread);
            workers.add(worker);
            worker.start();
        }
        for (Thread worker : workers) {
            worker.join();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        List<Long> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        return new Result(seconds, ok.get(), failed.get(), sorted);
    }

    /** Request bodies of realistic messages, generated before the clock starts. */
    static List<byte[]> batches(String run, int events, int batchSize, int identifyPercent) {
        Random random = new Random(42);
        Instant now = Instant.now();
        List<byte[]> batches = new ArrayList<>();
        StringBuilder body = new StringBuilder();
        int inBatch = 0;
        for (int n = 0; n < events; n++) {
            if (inBatch == 0) {
                body.setLength(0);
                body.append("{\"batch\":[");
            } else {
                body.append(',');
            }
            int visitor = random.nextInt(20_000);
            // Visitors (and the users and emails they become) are the phase's own: the measured phase's
            // identify calls make new contacts as a cold start's do, whatever the warm-up identified.
            String anonymousId = "bench-" + run + "-visitor-" + visitor;
            String timestamp = now.minusSeconds(random.nextInt(30 * 86_400)).toString();
            String messageId = "bench-" + run + "-" + n;
            int kind = random.nextInt(100);
            boolean identify = random.nextInt(100) < identifyPercent;
            body.append("{\"messageId\":\"").append(messageId).append("\",\"anonymousId\":\"").append(anonymousId)
                    .append("\",\"timestamp\":\"").append(timestamp).append("\",\"context\":{\"library\":{\"name\":\"bench\",\"version\":\"1.0\"},")
                    .append("\"userAgent\":\"Mozilla/5.0 (X11; Linux x86_64)\",\"ip\":\"127.0.0.1\"},");
            if (identify) {
                kind = 100;
            }
            if (kind < 80) {
                int page = random.nextInt(2_000);
                body.append("\"type\":\"page\",\"name\":\"Page ").append(page).append("\",\"properties\":{\"url\":\"https://www.example.test/")
                        .append(page % 10 == 0 ? "pricing" : "docs").append("/page-").append(page).append("?utm_source=bench\",\"path\":\"/page-")
                        .append(page).append("\",\"title\":\"Page ").append(page).append("\",\"referrer\":\"https://search.example.test/\"}}");
            } else if (kind < 100) {
                if (kind < 85) {
                    int form = random.nextInt(5);
                    body.append("\"type\":\"track\",\"event\":\"Form Submitted\",\"properties\":{\"formId\":\"form-").append(form)
                            .append("\",\"formName\":\"Form ").append(form).append("\"}}");
                } else {
                    body.append("\"type\":\"track\",\"event\":\"Button Clicked\",\"properties\":{\"button\":\"cta-").append(random.nextInt(20)).append("\"}}");
                }
            } else {
                body.append("\"type\":\"identify\",\"userId\":\"bench-").append(run).append("-user-").append(visitor).append("\",\"traits\":{\"email\":\"visitor")
                        .append(visitor).append("@").append(run).append(".bench.test\",\"firstName\":\"V").append(visitor).append("\",\"country\":\"")
                        .append(visitor % 2 == 0 ? "DE" : "FR").append("\",\"plan\":\"").append(visitor % 3 == 0 ? "pro" : "free").append("\"}}");
            }
            inBatch++;
            if (inBatch == batchSize || n == events - 1) {
                body.append("],\"sentAt\":\"").append(now).append("\"}");
                batches.add(body.toString().getBytes(StandardCharsets.UTF_8));
                inBatch = 0;
            }
        }
        return batches;
    }

    private static void deleteQuietly(Path directory) {
        try (var paths = Files.walk(directory)) {
            paths.sorted(Collections.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException ignored) {
            // a temporary directory
        }
    }
}
