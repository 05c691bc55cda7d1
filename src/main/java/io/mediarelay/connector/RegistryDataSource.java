package io.mediarelay.connector;

import javax.sql.DataSource;

import org.apache.camel.CamelContext;

/** The DataSource of a connector (cursors, license events) when none is configured: by bean name, else the only one. */
public final class RegistryDataSource {

    private RegistryDataSource() {
    }

    /** The bean {@code beanName}, else the single DataSource of the registry; the failure names the option to set. */
    public static DataSource resolve(CamelContext context, String scheme, String beanName) {
        DataSource ds = context.getRegistry().lookupByNameAndType(beanName, DataSource.class);
        if (ds == null) {
            var all = context.getRegistry().findByType(DataSource.class);
            if (all.size() == 1) {
                ds = all.iterator().next();
            }
        }
        if (ds == null) {
            throw new IllegalStateException(scheme + ": no DataSource (set camel.component." + scheme
                    + ".dataSource or bind '" + beanName + "')");
        }
        return ds;
    }
}
