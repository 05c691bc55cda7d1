package io.mediarelay.webhook;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * The webhook receivers configured as {@code mediarelay.webhooks.receivers.<name>.url} / {@code .secret} and
 * optionally {@code .events} (comma-separated event types, default every type). Read once at start; a receiver
 * without url or secret is a configuration error, because an unsigned webhook would be accepted by nobody.
 */
public final class WebhookReceivers {
    static final String PREFIX = "mediarelay.webhooks.receivers.";

    /** One receiver; {@code events} empty means all event types. */
    public record Receiver(String name, String url, String secret, Set<String> events) {
        public boolean wants(String eventType) {
            return events.isEmpty() || events.contains(eventType);
        }

        @Override
        public String toString() {
            return "Receiver[" + name + " " + url + "]"; // never the secret
        }
    }

    private final List<Receiver> receivers;

    public WebhookReceivers(List<Receiver> receivers) {
        this.receivers = List.copyOf(receivers);
    }

    public static WebhookReceivers from(Properties props) {
        Set<String> names = new TreeSet<>();
        for (String key : props.stringPropertyNames()) {
            if (key.startsWith(PREFIX) && key.lastIndexOf('.') > PREFIX.length()) {
                names.add(key.substring(PREFIX.length(), key.lastIndexOf('.')));
            }
        }
        List<Receiver> out = new ArrayList<>();
        for (String name : names) {
            String url = props.getProperty(PREFIX + name + ".url", "").trim();
            String secret = props.getProperty(PREFIX + name + ".secret", "").trim();
            if (url.isEmpty() || secret.isEmpty()) {
                throw new IllegalArgumentException("webhook receiver " + name + " needs both " + PREFIX + name
                        + ".url and " + PREFIX + name + ".secret");
            }
            Set<String> events = new TreeSet<>();
            for (String e : props.getProperty(PREFIX + name + ".events", "").split(",")) {
                if (!e.isBlank() && !e.trim().equals("*")) {
                    events.add(e.trim());
                }
            }
            out.add(new Receiver(name, url, secret, events));
        }
        return new WebhookReceivers(out);
    }

    public List<Receiver> all() {
        return receivers;
    }

    public Receiver get(String name) {
        return receivers.stream().filter(r -> r.name().equals(name)).findFirst().orElse(null);
    }
}
