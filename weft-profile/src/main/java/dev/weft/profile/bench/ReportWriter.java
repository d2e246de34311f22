package dev.weft.profile.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes a bench report directory: {@code index.html}, {@code results.json} and {@code results.schema.json}. */
public final class ReportWriter {
    private ReportWriter() {
    }

    /** Writes the three files into {@code dir} (made if missing); returns the path of {@code index.html}. */
    public static Path write(BenchResults results, Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("results.json"), ResultsJson.write(results), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("results.schema.json"), schema(), StandardCharsets.UTF_8);
        Path index = dir.resolve("index.html");
        Files.writeString(index, HtmlReport.render(results), StandardCharsets.UTF_8);
        return index;
    }

    /** The JSON schema that {@code results.json} follows. */
    public static String schema() throws IOException {
        try (InputStream in = ReportWriter.class.getResourceAsStream("results.schema.json")) {
            if (in == null) {
                throw new IOException("results.schema.json is missing from weft-profile's resources");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
