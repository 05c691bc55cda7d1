package io.mediarelay.runtime.embedded;

import java.util.Map;

import io.mediarelay.common.EmbeddedService;
import io.mediarelay.common.EmbeddedServiceFactory;
import io.mediarelay.config.RuntimeConfig;
import io.mediarelay.sandbox.receiver.HttpReceiver;

/** The embedded default's HTTP receiver (CMS/DAM/webhook stand-in): {@code mediarelay.embedded.receiver.*}. */
public final class HttpReceiverServiceFactory implements EmbeddedServiceFactory {

    @Override
    public String name() {
        return "receiver";
    }

    @Override
    public boolean enabled(RuntimeConfig config) {
        return config.getBoolean("mediarelay.embedded.receiver.enabled", false);
    }

    @Override
    public EmbeddedService create(RuntimeConfig config) {
        HttpReceiver receiver = new HttpReceiver(config.getInt("mediarelay.embedded.receiver.port", 8290));
        return new EmbeddedService() {
            @Override public String name() { return "receiver"; }
            @Override public void start() { receiver.start(); }
            @Override public void stop() { receiver.stop(); }
            @Override public Map<String, String> publishedProperties() {
                return Map.of("mediarelay.embedded.receiver.port", String.valueOf(receiver.port()));
            }
            @Override public Object unwrap() { return receiver; }
        };
    }
}
