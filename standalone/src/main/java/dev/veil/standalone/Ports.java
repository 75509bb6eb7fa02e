package dev.veil.standalone;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

/** The HTTP port of each process of the platform. */
public record Ports(int gateway, int session, int allocation, int router, int recording, int billing,
        int simulator) {

    /** The documented ports: the public base URL is http://127.0.0.1:8080. */
    public static Ports standard() {
        return new Ports(8080, 8081, 8082, 8083, 8084, 8085, 8090);
    }

    /** Free ports chosen by the OS, for tests that must not collide with a running platform. */
    public static Ports free() {
        return new Ports(freePort(), freePort(), freePort(), freePort(), freePort(), freePort(), freePort());
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
