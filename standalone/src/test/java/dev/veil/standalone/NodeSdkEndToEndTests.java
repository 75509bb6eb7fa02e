package dev.veil.standalone;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static dev.veil.standalone.StandalonePlatform.ACCOUNT;
import static dev.veil.standalone.StandalonePlatform.TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Plivo's official Node SDK ({@code plivo} on npm, pinned in {@code src/test/node/package-lock.json}) manages a
 * session through the gateway exactly as a customer's Node backend would: create with PINs, get, list filtered by
 * party, update, expire, expire again, and a wrong token. The SDK is installed with {@code npm ci} into
 * {@code target/node-sdk} and run with the machine's Node.js.
 */
@ExtendWith(StandalonePlatform.class)
class NodeSdkEndToEndTests {

    private static final Path PROJECT = Path.of("src/test/node");
    private static final Path INSTALLED = Path.of("target/node-sdk");

    @Test
    void officialNodeSdkCreatesReadsListsUpdatesAndExpiresASession() throws Exception {
        install();

        JsonNode out = new JsonMapper().readTree(run(List.of("node", "sdk-check.js", StandalonePlatform.gatewayUrl(),
                ACCOUNT, TOKEN, "+14155550181", "+14155550182"), 60));

        String virtualNumber = out.at("/created/virtualNumber").asString();
        assertThat(virtualNumber).startsWith("+1");
        assertThat(out.at("/created/message").asString()).isEqualTo("Session created");
        assertThat(out.at("/got/firstParty").asString()).isEqualTo("14155550181");
        assertThat(out.at("/got/virtualNumber").asString()).isEqualTo(virtualNumber.substring(1));
        assertThat(out.at("/got/firstPartyPin").asString()).isEqualTo("2468");
        assertThat(out.at("/got/callTimeLimit").asInt()).isEqualTo(1800);
        assertThat(out.at("/listed/meta/totalCount").asInt()).isEqualTo(1);
        assertThat(out.at("/listed/objects/0/sessionUuid").asString())
                .isEqualTo(out.at("/created/sessionUuid").asString());
        assertThat(out.at("/updated/message").asString()).isEqualTo("Session updated");
        assertThat(out.at("/updated/session/callTimeLimit").asInt()).isEqualTo(900);
        // §2.3: the new expiry is the update time plus session_expiry, the duration runs from creation to it.
        assertThat(out.at("/updated/session/duration").asInt()).isBetween(1200, 1260);
        assertThat(out.at("/deleted/message").asString()).isEqualTo("Session expired");
        assertThat(out.at("/deletedAgain/status").asInt()).isEqualTo(400);
        assertThat(out.at("/deletedAgain/message").asString()).isEqualTo("Session already expired");
        assertThat(out.at("/wrongToken/status").asInt()).isEqualTo(401);
    }

    /** Copies the Node project into target and installs exactly the locked packages (npm's cache makes reruns fast). */
    private static void install() throws IOException, InterruptedException {
        Files.createDirectories(INSTALLED);
        for (String file : List.of("package.json", "package-lock.json", "sdk-check.js")) {
            Files.copy(PROJECT.resolve(file), INSTALLED.resolve(file),
                    StandardCopyOption.REPLACE_EXISTING);
        }
        run(List.of("npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"), 300);
    }

    private static String run(List<String> command, int timeoutSeconds) throws IOException, InterruptedException {
        Path output = INSTALLED.resolve("output.json");
        Process process;
        try {
            process = new ProcessBuilder(new ArrayList<>(command)).directory(INSTALLED.toFile())
                    .redirectOutput(output.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        } catch (IOException e) {
            throw new IllegalStateException(command.getFirst() + " is needed by this test (Node.js 18+ and npm): "
                    + e.getMessage(), e);
        }
        boolean finished = process.waitFor(timeoutSeconds, TimeUnit.SECONDS);
        if (!finished) {
            process.destroyForcibly();
        }
        assertThat(finished).as("%s finished within %d s", command, timeoutSeconds).isTrue();
        assertThat(process.exitValue()).as("%s exit code", command).isZero();
        return Files.readString(output, StandardCharsets.UTF_8);
    }
}
