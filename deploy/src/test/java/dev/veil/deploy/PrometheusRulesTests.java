package dev.veil.deploy;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * deploy/prometheus is what Prometheus loads: promtool accepts the scrape configuration and the alert rules, and the
 * rules' unit tests (tests/alerts-test.yml: each alert fires on its situation, not on a healthy platform) pass.
 */
class PrometheusRulesTests {

    @Test
    void scrapeConfigurationIsValidAndLoadsTheAlertRules() {
        Tool.Result check = Tool.run("promtool", "check", "config", "deploy/prometheus/prometheus.yml");

        assertThat(check.exitCode()).as(check.output()).isZero();
        assertThat(check.output()).contains("SUCCESS: 1 rule files found");
    }

    @Test
    void alertRulesAreValid() {
        Tool.Result check = Tool.run("promtool", "check", "rules", "deploy/prometheus/alerts.yml");

        assertThat(check.exitCode()).as(check.output()).isZero();
        assertThat(check.output()).containsPattern("SUCCESS: \\d+ rules found");
    }

    @Test
    void alertRulesPassTheirUnitTests() {
        Tool.Result test = Tool.run("promtool", "test", "rules", "deploy/prometheus/tests/alerts-test.yml");

        assertThat(test.exitCode()).as(test.output()).isZero();
        assertThat(test.output()).contains("SUCCESS");
    }
}
