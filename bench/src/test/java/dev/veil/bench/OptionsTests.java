package dev.veil.bench;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OptionsTests {

    private static final Path ROOT = Path.of("/veil");

    @Test
    void theCommandWithoutOptionsRunsEveryScenarioWithAMillionSessionsForMemory() {
        Options options = Options.parse(new String[0], ROOT);

        assertThat(options.scenarios()).containsExactly("startup", "create", "answer", "call", "memory",
                "memory-1m");
        assertThat(options.memorySessions()).isEqualTo(1_000_000);
        assertThat(options.liveSessions()).isEqualTo(100_000);
        assertThat(options.runs()).isEqualTo(3);
        assertThat(options.maxMinutes()).isEqualTo(180);
    }

    @Test
    void quickShortensEveryScenarioAndAnExplicitFlagWinsOverThePreset() {
        Options options = Options.parse(new String[] {"--quick", "--memory-sessions=5000"}, ROOT);

        assertThat(options.scenarios()).contains("memory-1m");
        assertThat(options.runs()).isEqualTo(1);
        assertThat(options.createSeconds()).isEqualTo(10);
        assertThat(options.memorySessions()).isEqualTo(5_000);
        assertThat(options.maxMinutes()).isEqualTo(30);
    }

    @Test
    void chosenScenariosKeepTheirOrderAndAnUnknownOneIsRefused() {
        assertThat(Options.parse(new String[] {"--scenarios=memory-1m,startup"}, ROOT).scenarios())
                .containsExactly("memory-1m", "startup");
        assertThatThrownBy(() -> Options.parse(new String[] {"--scenarios=memory-2m"}, ROOT))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("memory-2m");
    }
}
