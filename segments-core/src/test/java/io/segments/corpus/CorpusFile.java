package io.segments.corpus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** A corpus file: a data set and cases with hand-computed expected members. */
public record CorpusFile(String fileName, String rule, String timeZone, List<JsonNode> data, List<CorpusCase> cases) {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DIRECTORY = "corpus";

    public record CorpusCase(String name, String asOf, JsonNode definition, List<String> expected) {
    }

    public static CorpusFile read(String fileName, InputStream input) throws IOException {
        JsonNode json = JSON.readTree(input);
        List<JsonNode> data = new ArrayList<>();
        json.path("data").forEach(data::add);
        List<CorpusCase> cases = new ArrayList<>();
        for (JsonNode item : json.path("cases")) {
            List<String> expected = new ArrayList<>();
            item.path("expected").forEach(key -> expected.add(key.asText()));
            cases.add(new CorpusCase(item.path("name").asText(), item.path("asOf").asText(null), item.get("definition"), expected));
        }
        return new CorpusFile(fileName, json.path("rule").asText(), json.path("timeZone").asText("UTC"), data, cases);
    }

    /** Every {@code corpus/*.json} file on the class path (a directory or the core test jar). */
    public static List<CorpusFile> all() {
        try {
            URL directory = CorpusFile.class.getClassLoader().getResource(DIRECTORY);
            if (directory == null) {
                throw new IllegalStateException("no corpus directory on the class path");
            }
            if ("jar".equals(directory.getProtocol())) {
                try (FileSystem jar = FileSystems.newFileSystem(directory.toURI(), Map.of())) {
                    return readAll(jar.getPath(DIRECTORY));
                }
            }
            return readAll(Path.of(directory.toURI()));
        } catch (IOException | URISyntaxException failure) {
            throw new IllegalStateException("cannot read the corpus", failure);
        }
    }

    private static List<CorpusFile> readAll(Path directory) throws IOException {
        List<CorpusFile> files = new ArrayList<>();
        try (Stream<Path> paths = Files.list(directory)) {
            for (Path path : paths.filter(path -> path.toString().endsWith(".json")).sorted().toList()) {
                try (InputStream input = Files.newInputStream(path)) {
                    files.add(read(path.getFileName().toString(), input));
                } catch (IOException failure) {
                    throw new UncheckedIOException("cannot read " + path, failure);
                }
            }
        }
        return files;
    }
}
