package dev.veil.bench.platform;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ProcessStatsTests {

    @Test
    void readsCpuAndResidentMemoryOfAProcessAndItsChildren() throws Exception {
        long self = ProcessHandle.current().pid();
        Process child = new ProcessBuilder("sleep", "30").start();
        try {
            ProcessStats.Sample alone = ProcessStats.sample(self, false);

            assertThat(alone.cpuSeconds()).isPositive();
            assertThat(alone.rssBytes()).isGreaterThan(10L << 20);
            assertThat(ProcessStats.peakRss(self)).isGreaterThanOrEqualTo(alone.rssBytes() / 2);
            assertThat(ProcessStats.descendants(self)).contains(child.pid());
            assertThat(ProcessStats.sample(self, true).rssBytes()).isGreaterThan(alone.rssBytes() / 2);
        } finally {
            child.destroy();
            child.waitFor();
        }
    }

    @Test
    void readsAGoneProcessAsZero() {
        assertThat(ProcessStats.sample(Long.MAX_VALUE, true)).isEqualTo(new ProcessStats.Sample(0, 0));
        assertThat(ProcessStats.peakRss(Long.MAX_VALUE)).isZero();
    }
}
