package dev.veil.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a command-line tool the deployment checks call (promtool, docker-compose; bin/ensure-tools installs them
 * before the tests) in the repository root and captures its exit code and output.
 */
final class Tool {

    static final Path REPOSITORY = Path.of(System.getProperty("veil.repository", "..")).toAbsolutePath().normalize();

    /** What a tool printed (stdout and stderr, merged) and how it exited. */
    record Result(int exitCode, String output) {
    }

    private Tool() {
    }

    static Result run(String... command) {
        try {
            Process process = new ProcessBuilder(List.of(command)).directory(REPOSITORY.toFile())
                    .redirectErrorStream(true).start();
            process.getOutputStream().close();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(2, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish in 2 minutes");
            }
            return new Result(process.exitValue(), output);
        } catch (IOException e) {
            throw new UncheckedIOException(String.join(" ", command) + " could not run (deploy/bin/ensure-tools "
                    + "installs promtool and docker-compose)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
