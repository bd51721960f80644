package io.waitingroom.queue.entry;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;

import static org.assertj.core.api.Assertions.assertThat;

/** Whose address an entry counts against: X-Forwarded-For is believed only as far as our own proxies wrote it. */
class ClientAddressTest {

    private static String addressOf(List<String> trustedProxies, String remote, String... forwardedFor) {
        ClientAddress addresses = new ClientAddress(new EntryLimits(20, 10, Duration.ofMinutes(1), trustedProxies));
        MockServerHttpRequest.BaseBuilder<?> request = MockServerHttpRequest.post("/api/v1/queue/tokens")
                .remoteAddress(new InetSocketAddress(remote, 40_000));
        for (String hop : forwardedFor) {
            request.header("X-Forwarded-For", hop);
        }
        return addresses.of(MockServerWebExchange.from(request));
    }

    @Test
    void withoutTrustedProxiesTheForwardedHeaderIsIgnored() {
        assertThat(addressOf(List.of(), "198.51.100.4", "203.0.113.9")).isEqualTo("198.51.100.4");
    }

    @Test
    void behindATrustedProxyTheRightmostAddressThatIsNotOursIsTheClient() {
        List<String> proxies = List.of("10.0.0.0/8");
        assertThat(addressOf(proxies, "10.1.2.3", "203.0.113.9")).isEqualTo("203.0.113.9");
        assertThat(addressOf(proxies, "10.1.2.3", "6.6.6.6, 203.0.113.9, 10.9.9.9")).isEqualTo("203.0.113.9");
        assertThat(addressOf(proxies, "10.1.2.3", "203.0.113.9", "10.4.4.4")).isEqualTo("203.0.113.9");
    }

    @Test
    void aForwardedHeaderFromAnUntrustedPeerOrWithGarbageIsNotBelieved() {
        List<String> proxies = List.of("10.0.0.0/8");
        assertThat(addressOf(proxies, "198.51.100.4", "203.0.113.9")).isEqualTo("198.51.100.4");
        assertThat(addressOf(proxies, "10.1.2.3", "not-an-address")).isEqualTo("10.1.2.3");
    }

    @Test
    void withTheAddressLimitOffNothingIsWorkedOut() {
        ClientAddress off = new ClientAddress(new EntryLimits(20, 0, Duration.ofMinutes(1), List.of()));
        assertThat(off.of(MockServerWebExchange.from(MockServerHttpRequest.post("/")
                .remoteAddress(new InetSocketAddress("198.51.100.4", 1))))).isNull();
    }
}
