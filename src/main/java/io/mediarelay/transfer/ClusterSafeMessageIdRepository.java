package io.mediarelay.transfer;

import javax.sql.DataSource;

import org.apache.camel.processor.idempotent.jdbc.JdbcMessageIdRepository;
import org.springframework.dao.DuplicateKeyException;

/**
 * Camel's JDBC idempotent repository, safe for several instances on one database. Its {@code add} checks, then
 * inserts: two instances adding the same key at once both pass the check and the second insert failed with
 * DuplicateKeyException, which the HTTP flows' eager idempotent consumer (registry-license-source) turned into a failed
 * exchange. Losing that race means the key is already there: {@code false}, the message is a duplicate and skipped.
 */
public final class ClusterSafeMessageIdRepository extends JdbcMessageIdRepository {

    public ClusterSafeMessageIdRepository(DataSource dataSource, String processorName) {
        super(dataSource, processorName);
    }

    @Override
    public boolean add(String key) {
        try {
            return super.add(key);
        } catch (DuplicateKeyException e) {
            return false; // another instance (or exchange) added it between our check and our insert
        }
    }
}
