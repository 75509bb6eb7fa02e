package dev.veil.bench.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ReportWriterTests {

    private static final Report REPORT = new Report("2026-11-22T06:00:00Z",
            new Report.Machine(2, "Test CPU", 24_000, "Java 25", "1.0 / 1.0 / 1.0", "2.0 / 1.5 / 1.0"),
            "./veil bench --quick", 321.5, List.of(new Report.Scenario("answer", "answer webhook",
                    List.of(new Report.Run("run 1", 2_000, 10, 20_000, 3, 1_999.7, 1.2, 7.5, 12.25, 40,
                            Map.of("answer 503", 3L))),
                    List.of(Report.Check.atMost("p99", 5, 7.5, "ms"), Report.Check.atMost("errors", 0, 3, ""),
                            Report.Check.reported("live sessions", "100,000")),
                    List.of(new Report.ProcessUse("call-router", 12.5, 1.25, 512, 600)),
                    List.of("a note"))));

    @Test
    void putsEachFigureBesideItsTargetWithAVerdict() {
        String md = ReportWriter.markdown(REPORT);

        assertThat(md).contains("| answer | p99 | ≤ 5 ms | 7.50 ms | **MISS** |");
        assertThat(md).contains("| answer | errors | ≤ 0  | 3  | **MISS** |");
        assertThat(md).contains("| answer | live sessions | — | 100,000 | reported |");
        assertThat(md).contains("2 cores (Test CPU)");
        assertThat(md).contains("| run 1 | 2,000 | 10 | 20,000 | 3 (answer 503: 3) | 2,000 | 1.20 | 7.50 | 12.3 | 40 |");
        assertThat(md).contains("| call-router | 12.5 | 1.25 | 512 | 600 |");
        assertThat(md).contains("- a note");
    }

    @Test
    void passesAFigureWithinItsTarget() {
        assertThat(Report.Check.atMost("p99", 5, 4.99, "ms").verdict()).isEqualTo("pass");
        assertThat(Report.Check.atLeast("rate", 1_000, 999.9, "/s").verdict()).isEqualTo("miss");
        assertThat(Report.Check.atLeast("rate", 1_000, 1_000, "/s").verdict()).isEqualTo("pass");
    }

    @Test
    void writesMarkdownAndJsonWithTheSameFigures(@TempDir Path dir) throws IOException {
        Path md = ReportWriter.write(REPORT, dir, "20261122-060000");

        assertThat(md).hasFileName("bench-20261122-060000.md");
        assertThat(dir.resolve("latest.md")).hasContent(Files.readString(md));
        JsonNode json = JsonMapper.builder().build().readTree(dir.resolve("bench-20261122-060000.json").toFile());
        assertThat(json.get("machine").get("cores").asInt()).isEqualTo(2);
        JsonNode run = json.get("scenarios").get(0).get("runs").get(0);
        assertThat(run.get("p99").asDouble()).isEqualTo(7.5);
        assertThat(run.get("p999").asDouble()).isEqualTo(12.25);
        assertThat(json.get("scenarios").get(0).get("checks").get(0).get("verdict").asString()).isEqualTo("miss");
        assertThat(Files.readString(dir.resolve("latest.json"))).contains("\"call-router\"");
    }
}
