package io.waitingroom.queue.entry;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;

import io.netty.handler.ipfilter.IpFilterRuleType;
import io.netty.handler.ipfilter.IpSubnetFilterRule;
import io.netty.util.NetUtil;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

/**
 * The address an entry comes from, for the per-address limit. {@code X-Forwarded-For} is only
 * believed when the connection comes from a trusted proxy, and then read from the right, skipping
 * trusted proxies: the first address that is not one of ours is the client (anything further left
 * was written by the client itself and proves nothing). Only IP literals are read, never looked up.
 */
@Component
class ClientAddress {

    private final boolean needed;
    private final List<IpSubnetFilterRule> trusted;

    ClientAddress(EntryLimits limits) {
        this.needed = limits.entriesPerAddress() > 0;
        this.trusted = limits.trustedProxies().stream().map(ClientAddress::range).toList();
    }

    /** Null when the address limit is off: nothing to work out. */
    String of(ServerWebExchange exchange) {
        if (!needed) {
            return null;
        }
        InetSocketAddress remote = exchange.getRequest().getRemoteAddress();
        if (remote == null || remote.getAddress() == null) {
            return null;
        }
        InetAddress client = remote.getAddress();
        if (isTrusted(client)) {
            List<String> forwarded = exchange.getRequest().getHeaders().getValuesAsList("X-Forwarded-For");
            for (int i = forwarded.size() - 1; i >= 0; i--) {
                InetAddress hop = NetUtil.createInetAddressFromIpAddressString(forwarded.get(i).trim());
                if (hop == null) {
                    break;
                }
                client = hop;
                if (!isTrusted(hop)) {
                    break;
                }
            }
        }
        return client.getHostAddress();
    }

    private boolean isTrusted(InetAddress address) {
        InetSocketAddress socket = new InetSocketAddress(address, 0);
        for (IpSubnetFilterRule range : trusted) {
            if (range.matches(socket)) {
                return true;
            }
        }
        return false;
    }

    /** "10.0.0.0/8", "2001:db8::/32" or a single address. */
    private static IpSubnetFilterRule range(String proxy) {
        String[] parts = proxy.trim().split("/", 2);
        InetAddress address = NetUtil.createInetAddressFromIpAddressString(parts[0]);
        if (address == null) {
            throw new IllegalArgumentException("waiting-room.limits.trusted-proxies: not an IP address or CIDR range: " + proxy);
        }
        int bits = parts.length == 2 ? Integer.parseInt(parts[1]) : address.getAddress().length * 8;
        return new IpSubnetFilterRule(address, bits, IpFilterRuleType.ACCEPT);
    }
}
