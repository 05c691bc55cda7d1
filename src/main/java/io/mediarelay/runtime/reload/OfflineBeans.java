package io.mediarelay.runtime.reload;

import java.util.Map;
import java.util.Set;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.spi.BeanRepository;

/**
 * Stand-ins for the beans MediarelayRuntime binds, so that {@code mediarelay validate} can build routes without a
 * database or a running instance. A reference to any other name still fails as an unknown bean.
 * Keep {@link #NAMES} in step with the {@code main.bind(...)} calls in MediarelayRuntime.
 */
public final class OfflineBeans implements BeanRepository {
    public static final Set<String> NAMES = Set.of("mediarelayDataSource", "deliveryIdempotentRepository", "deliveryGuard",
            "deliveryRecorder", "deadLetterStore", "sha256", "companionJson",
            // bound by the merged transfer, license, health and Getty -> FTP flow work
            "remoteName", "xmpSidecar", "packageManifest", "packageItems", "ftpDelivery", "licenseRegistry", "licenseGate",
            "flowHealthCheck", "streamDigestWrap", "streamDigestVerify", "gettyMetadataHeaders", "gettyArchiveChanged", "gettyArchiveRecord", "gettyArchiveCommit",
            "usageInstructions");

    /** Does nothing: validation never runs an exchange. */
    public static final class Stub implements Processor {
        @Override
        public void process(Exchange exchange) {
        }
    }

    private final Stub stub = new Stub();
    /** Components that need the database at endpoint creation (getty: license events) get one that is never used. */
    private final org.h2.jdbcx.JdbcDataSource offlineDb = new org.h2.jdbcx.JdbcDataSource();

    public OfflineBeans() {
        offlineDb.setURL("jdbc:h2:mem:mediarelay-validate");
    }

    @Override
    public Object lookupByName(String name) {
        return NAMES.contains(name) ? stub : null;
    }

    @Override
    public <T> T lookupByNameAndType(String name, Class<T> type) {
        if ("mediarelayDataSource".equals(name) && type.isInstance(offlineDb)) {
            return type.cast(offlineDb);
        }
        return NAMES.contains(name) && type.isInstance(stub) ? type.cast(stub) : null;
    }

    @Override
    public <T> Map<String, T> findByTypeWithName(Class<T> type) {
        return Map.of();
    }

    @Override
    public <T> Set<T> findByType(Class<T> type) {
        return Set.of();
    }
}
