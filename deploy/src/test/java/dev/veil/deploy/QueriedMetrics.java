package dev.veil.deploy;

import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The metric names that the Grafana dashboards and the Prometheus alert rules query, read from their PromQL
 * expressions, each with where it is queried (for failure messages).
 */
final class QueriedMetrics {

    private static final Pattern CLAUSE = Pattern.compile(
            "\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
    private static final Pattern LABEL_MATCHERS = Pattern.compile("\\{[^}]*}");
    private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'");
    private static final Pattern RANGE = Pattern.compile("\\[[^]]*]");
    private static final Pattern GRAFANA_VARIABLE = Pattern.compile("\\$\\{[^}]*}|\\$\\w+");
    private static final Pattern OFFSET = Pattern.compile("\\boffset\\s+\\S+");
    private static final Pattern IDENTIFIER = Pattern.compile("(?<![\\w.])([a-zA-Z_:][\\w:]*)(\\s*\\()?");
    private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\(\\s*([a-zA-Z_:][\\w:]*)\\s*,");
    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "inf", "nan", "offset",
            "by", "without", "on", "ignoring", "group_left", "group_right");

    private static final JsonMapper JSON = new JsonMapper();

    private QueriedMetrics() {
    }

    /** The metric names one PromQL expression selects (functions, aggregations, labels and keywords left out). */
    static Set<String> inExpression(String promql) {
        String expr = GRAFANA_VARIABLE.matcher(STRING.matcher(promql).replaceAll("")).replaceAll("");
        expr = LABEL_MATCHERS.matcher(expr).replaceAll("");
        expr = RANGE.matcher(expr).replaceAll("");
        expr = OFFSET.matcher(expr).replaceAll("");
        expr = CLAUSE.matcher(expr).replaceAll("");
        Set<String> names = new TreeSet<>();
        Matcher m = IDENTIFIER.matcher(expr);
        while (m.find()) {
            boolean function = m.group(2) != null;
            String name = m.group(1);
            if (!function && !KEYWORDS.contains(name.toLowerCase())) {
                names.add(name);
            }
        }
        return names;
    }

    /** Metric name -> where it is queried, for every dashboard under {@code dashboards} and the rule files. */
    static Map<String, Set<String>> of(Path dashboards, List<Path> ruleFiles) {
        Map<String, Set<String>> queried = new TreeMap<>();
        try (Stream<Path> files = Files.list(dashboards)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                JsonNode dashboard = JSON.readTree(file.toFile());
                panelExpressions(dashboard.path("panels"), file.getFileName() + ": ", queried);
                for (JsonNode variable : dashboard.path("templating").path("list")) {
                    String query = variable.path("query").isObject()
                            ? variable.path("query").path("query").asString("")
                            : variable.path("query").asString("");
                    Matcher m = LABEL_VALUES.matcher(query);
                    while (m.find()) {
                        add(queried, Set.of(m.group(1)),
                                file.getFileName() + ": variable " + variable.path("name").asString());
                    }
                }
            }
            for (Path rules : ruleFiles) {
                Map<String, Object> doc = new Yaml().load(Files.readString(rules));
                for (Object group : (List<?>) doc.get("groups")) {
                    for (Object rule : (List<?>) ((Map<?, ?>) group).get("rules")) {
                        Map<?, ?> r = (Map<?, ?>) rule;
                        String name = String.valueOf(r.get("alert") != null ? r.get("alert") : r.get("record"));
                        add(queried, inExpression(String.valueOf(r.get("expr"))),
                                rules.getFileName() + ": " + name);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return queried;
    }

    private static void panelExpressions(JsonNode panels, String where, Map<String, Set<String>> queried) {
        for (JsonNode panel : panels) {
            for (JsonNode target : panel.path("targets")) {
                add(queried, inExpression(target.path("expr").asString("")),
                        where + panel.path("title").asString());
            }
            panelExpressions(panel.path("panels"), where, queried);
        }
    }

    private static void add(Map<String, Set<String>> queried, Set<String> names, String where) {
        names.forEach(n -> queried.computeIfAbsent(n, k -> new TreeSet<>()).add(where));
    }
}
