package io.liteobs.alerting;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Which addresses a webhook may reach. Loopback, link-local (where cloud metadata services answer), private
 * (RFC 1918, carrier-grade NAT, IPv6 unique local), unspecified and multicast addresses are refused unless a range
 * allows them, so that an alert rule's notification cannot be aimed at the service's own neighbourhood. Every
 * address a host name resolves to must pass.
 */
final class AddressPolicy {

    /** A CIDR range. */
    record Range(byte[] network, int prefix) {

        boolean contains(InetAddress address) {
            byte[] bytes = address.getAddress();
            if (bytes.length != network.length) {
                return false;
            }
            int whole = prefix / 8;
            for (int i = 0; i < whole; i++) {
                if (bytes[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xFF << (8 - rest)) & 0xFF;
            return (bytes[whole] & mask) == (network[whole] & mask);
        }
    }

    private static final List<Range> LOOPBACK = List.of(range("127.0.0.0/8"), range("::1/128"));
    private static final List<Range> LINK_LOCAL = List.of(range("169.254.0.0/16"), range("fe80::/10"));
    private static final List<Range> PRIVATE = List.of(range("10.0.0.0/8"), range("172.16.0.0/12"),
            range("192.168.0.0/16"), range("100.64.0.0/10"), range("fc00::/7"));

    private final List<Range> allowed = new ArrayList<>();

    AddressPolicy(List<String> allowedEntries) {
        allowedEntries.forEach(entry -> allowed.addAll(ranges(entry)));
    }

    /**
     * The ranges of an allow-list entry.
     *
     * @throws IllegalArgumentException naming the entry when it is not a keyword or a CIDR range
     */
    static List<Range> ranges(String entry) {
        return switch (entry.strip().toLowerCase(Locale.ROOT)) {
            case "loopback" -> LOOPBACK;
            case "link-local" -> LINK_LOCAL;
            case "private" -> PRIVATE;
            default -> List.of(range(entry.strip()));
        };
    }

    private static Range range(String cidr) {
        int slash = cidr.indexOf('/');
        String address = slash < 0 ? cidr : cidr.substring(0, slash);
        if (address.isEmpty() || !address.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == '.' || c == ':')) {
            throw notARange(cidr, null);
        }
        try {
            // a literal address only: the characters checked above never make a host name to look up
            byte[] network = InetAddress.getByName(address).getAddress();
            int prefix = slash < 0 ? network.length * 8 : Integer.parseInt(cidr.substring(slash + 1));
            if (prefix < 0 || prefix > network.length * 8) {
                throw notARange(cidr, null);
            }
            return new Range(network, prefix);
        } catch (UnknownHostException | NumberFormatException e) {
            throw notARange(cidr, e);
        }
    }

    private static IllegalArgumentException notARange(String entry, @Nullable Exception cause) {
        return new IllegalArgumentException("'" + entry + "' is not an address range to allow: write loopback, private,"
                + " link-local, or a CIDR range such as 10.0.4.0/24 or fd00::/8", cause);
    }

    /**
     * Why a URL may not be reached, or null when it may: its scheme, or an address its host resolves to.
     */
    @Nullable String refusal(URI uri) {
        String unusable = Webhook.unusable(uri);
        if (unusable != null) {
            return unusable;
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(uri.getHost());
        } catch (UnknownHostException e) {
            return null; // not refused: the attempt fails to connect, and is retried, as for a host that is down
        }
        for (InetAddress address : addresses) {
            String kind = restrictedKind(address);
            if (kind != null && allowed.stream().noneMatch(range -> range.contains(address))) {
                return uri.getHost() + " resolves to " + address.getHostAddress() + ", a " + kind + " address: allow"
                        + " it with Webhook.Builder.allow(\"" + (kind.equals("unspecified or multicast") ? "<cidr>"
                        : kind) + "\") or a CIDR range if it is meant";
            }
        }
        return null;
    }

    private static @Nullable String restrictedKind(InetAddress address) {
        if (in(LOOPBACK, address)) {
            return "loopback";
        }
        if (in(LINK_LOCAL, address)) {
            return "link-local";
        }
        if (in(PRIVATE, address)) {
            return "private";
        }
        if (address.isAnyLocalAddress() || address.isMulticastAddress()
                || (address instanceof Inet4Address && (address.getAddress()[0] & 0xFF) == 0)) {
            return "unspecified or multicast";
        }
        return null;
    }

    private static boolean in(List<Range> ranges, InetAddress address) {
        return ranges.stream().anyMatch(range -> range.contains(address));
    }
}
