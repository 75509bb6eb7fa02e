package dev.veil.session.callbacks;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeoutException;

/**
 * The server-side request forgery guard of callback URLs: a {@code callback_url} or {@code recording_callback_url}
 * whose host is, or resolves to, a loopback, link-local, private (RFC 1918, RFC 4193), unspecified or multicast
 * address is refused, so a customer cannot make Veil call into its own network. Host names are resolved on a
 * bounded elastic scheduler (the JDK resolver blocks) with a timeout; a name that does not resolve is refused too.
 * {@code veil.session.callbacks.allow-private-targets=true} switches the guard off (tests, local demos).
 */
public final class CallbackTargetGuard {

    private final boolean allowPrivateTargets;
    private final Duration dnsTimeout;
    private final Scheduler resolver;

    CallbackTargetGuard(boolean allowPrivateTargets, Duration dnsTimeout, Scheduler resolver) {
        this.allowPrivateTargets = allowPrivateTargets;
        this.dnsTimeout = dnsTimeout;
        this.resolver = resolver;
    }

    /**
     * Completes when every non-empty URL among {@code parameterUrls} may be called; otherwise fails with a
     * {@link RefusedTargetException} naming the parameter. URLs that are not http(s) URLs are left to the request
     * validation.
     *
     * @param parameterUrls parameter name followed by its URL, for example {@code "callback_url", url}
     */
    public Mono<Void> check(List<ParameterUrl> parameterUrls) {
        if (allowPrivateTargets) {
            return Mono.empty();
        }
        return Flux.fromIterable(parameterUrls)
                .filter(p -> p.url() != null && !p.url().isBlank())
                .concatMap(p -> check(p.parameter(), p.url()))
                .then();
    }

    private Mono<Void> check(String parameter, @Nullable String url) {
        String host = host(url);
        if (host == null) {
            return Mono.empty();
        }
        return Mono.fromCallable(() -> InetAddress.getAllByName(host))
                .subscribeOn(resolver)
                .timeout(dnsTimeout)
                .onErrorMap(UnknownHostException.class, e -> new RefusedTargetException("Invalid parameter. "
                        + parameter + " host could not be resolved."))
                .onErrorMap(TimeoutException.class, e -> new RefusedTargetException("Invalid parameter. "
                        + parameter + " host could not be resolved in time."))
                .flatMap(addresses -> Arrays.stream(addresses).anyMatch(CallbackTargetGuard::isPrivate)
                        ? Mono.error(new RefusedTargetException("Invalid parameter. " + parameter
                                + " must not point to a loopback, link-local, private or multicast address."))
                        : Mono.empty());
    }

    private static @Nullable String host(@Nullable String url) {
        if (url == null) {
            return null;
        }
        try {
            URI uri = URI.create(url.trim());
            String scheme = uri.getScheme();
            if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))) {
                return null;
            }
            String host = uri.getHost();
            if (host != null && host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            return host == null || host.isEmpty() ? null : host;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Whether calling this address could reach a network that is not the public internet. */
    static boolean isPrivate(InetAddress address) {
        if (address.isLoopbackAddress() || address.isLinkLocalAddress() || address.isSiteLocalAddress()
                || address.isAnyLocalAddress() || address.isMulticastAddress()) {
            return true;
        }
        byte[] bytes = address.getAddress();
        if (address instanceof Inet6Address) {
            // fc00::/7 unique local (RFC 4193); IPv4-mapped ::ffff:a.b.c.d judged as the IPv4 address.
            if ((bytes[0] & 0xfe) == 0xfc) {
                return true;
            }
            boolean mapped = true;
            for (int i = 0; i < 10; i++) {
                mapped &= bytes[i] == 0;
            }
            mapped &= (bytes[10] & 0xff) == 0xff && (bytes[11] & 0xff) == 0xff;
            if (mapped) {
                try {
                    return isPrivate(InetAddress.getByAddress(Arrays.copyOfRange(bytes, 12, 16)));
                } catch (UnknownHostException e) {
                    return true;
                }
            }
            return false;
        }
        // 100.64.0.0/10 carrier-grade NAT (RFC 6598) and 0.0.0.0/8 are not reachable public targets either.
        int first = bytes[0] & 0xff;
        int second = bytes[1] & 0xff;
        return first == 0 || (first == 100 && second >= 64 && second < 128);
    }

    /** A URL parameter of a session and its value. */
    public record ParameterUrl(String parameter, @Nullable String url) {
    }

    /** A callback URL the guard refuses; the message is the API's 400 error, safe to show. */
    public static final class RefusedTargetException extends RuntimeException {

        RefusedTargetException(String message) {
            super(message, null, false, false);
        }
    }
}
