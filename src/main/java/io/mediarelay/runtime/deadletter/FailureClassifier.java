package io.mediarelay.runtime.deadletter;

import java.io.IOException;
import java.lang.reflect.Method;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.http.HttpTimeoutException;
import java.security.cert.CertificateException;
import java.sql.SQLTransientException;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.net.ssl.SSLHandshakeException;

import io.mediarelay.getty.GettyApiException;
import io.mediarelay.getty.GettyLicenseStateException;
import io.mediarelay.getty.GettyUncertainException;

/**
 * The one place that decides whether a failure can heal by itself (TRANSIENT: retried durably until the flow's
 * deadline) or not (PERMANENT: dead-lettered at once). See docs/ARCHITECTURE.md, "Failure policy".
 *
 * <p>Transient: connect refused / timeout, socket errors, FTP 421/425/426/450/451/452 (any 4xx reply), HTTP
 * 408/429/5xx, Getty throttling, a license whose outcome is still being reconciled, a next route that was stopped
 * (shutdown, reload, handover). Permanent: HTTP 4xx other than 408/429, FTP 5xx replies (530 login, 550/553
 * refused), TLS trust failures, license refused, bad input. An exception nobody classified is transient if it is an
 * I/O failure, permanent otherwise (a bug does not heal).
 */
public final class FailureClassifier {
    public enum Kind { TRANSIENT, PERMANENT }

    /** An FTP reply as our delivery and commons-net report it: "... failed: 550 Permission denied". */
    private static final Pattern FTP_REPLY = Pattern.compile("FTP [^\\n]*?failed: (\\d{3})");

    private static final Set<String> PERMANENT_TYPES = Set.of("java.lang.IllegalArgumentException",
            "io.mediarelay.license.LicenseDeniedException");

    /**
     * The next route of an exchange was not running: a graceful shutdown (or a reload, or a flow handed to another
     * instance) stopped the flow's route while a feed record was on its way to it. The record is fine; it is replayed
     * when the route runs again. Matched by name so this class compiles without the kamelet/direct/seda components.
     */
    private static final Set<String> NEXT_ROUTE_STOPPED = Set.of(
            "org.apache.camel.component.kamelet.KameletConsumerNotAvailableException",
            "org.apache.camel.component.direct.DirectConsumerNotAvailableException",
            "org.apache.camel.component.seda.SedaConsumerNotAvailableException");

    private FailureClassifier() {
    }

    public static Kind classify(Throwable failure) {
        java.util.List<Throwable> chain = new java.util.ArrayList<>();
        Set<Throwable> seen = new HashSet<>();
        for (Throwable t = failure; t != null && seen.add(t); t = t.getCause()) {
            chain.add(t);
        }
        for (Throwable t : chain) {
            Kind k = decisive(t);
            if (k != null) {
                return k;
            }
        }
        return chain.stream().anyMatch(t -> t instanceof IOException) ? Kind.TRANSIENT : Kind.PERMANENT;
    }

    private static Kind decisive(Throwable t) {
        if (t instanceof GettyLicenseStateException || t instanceof GettyUncertainException) {
            return Kind.TRANSIENT; // the license reconciles itself through Getty's download history
        }
        if (t instanceof GettyApiException g) {
            return httpStatus(g.getStatus());
        }
        if (NEXT_ROUTE_STOPPED.contains(t.getClass().getName())) {
            return Kind.TRANSIENT;
        }
        if (PERMANENT_TYPES.contains(t.getClass().getName())) {
            return Kind.PERMANENT;
        }
        if (t instanceof SSLHandshakeException || t instanceof CertificateException
                || String.valueOf(t.getMessage()).contains("PKIX path")) {
            return Kind.PERMANENT; // a trust problem needs a person (certificate, trust store)
        }
        if (t.getClass().getName().startsWith("com.jcraft.jsch.") && String.valueOf(t.getMessage()).startsWith("Auth fail")) {
            return Kind.PERMANENT; // SFTP login refused, like FTP 530: the credentials need a person
        }
        if (t instanceof ConnectException || t instanceof SocketTimeoutException || t instanceof NoRouteToHostException
                || t instanceof HttpTimeoutException || t instanceof SQLTransientException) {
            return Kind.TRANSIENT;
        }
        if (t instanceof java.sql.SQLException sql && databaseUnavailable(sql)) {
            return Kind.TRANSIENT; // the database went away (shutdown, failover, exclusive mode): it comes back
        }
        Integer ftp = ftpReply(t);
        if (ftp != null) {
            return ftp >= 400 && ftp < 500 ? Kind.TRANSIENT : ftp >= 500 ? Kind.PERMANENT : null;
        }
        Integer http = intGetter(t, "HttpOperationFailedException", "getStatusCode");
        if (http != null) {
            return httpStatus(http);
        }
        if (t instanceof SocketException) {
            return Kind.TRANSIENT;
        }
        return null;
    }

    /** SQLState class 08 (connection exception), or H2's "database closed / exclusive / in use" codes. */
    static boolean databaseUnavailable(java.sql.SQLException e) {
        String state = e.getSQLState();
        return e instanceof java.sql.SQLRecoverableException || e instanceof java.sql.SQLNonTransientConnectionException
                || state != null && state.startsWith("08") || Set.of(90098, 90121, 90135, 90020).contains(e.getErrorCode());
    }

    static Kind httpStatus(int status) {
        return status == 0 || status == 408 || status == 429 || status >= 500 ? Kind.TRANSIENT : Kind.PERMANENT;
    }

    /** FTP reply code of a failure: camel-ftp's operation code, or our delivery's "FTP ... failed: NNN" message. */
    static Integer ftpReply(Throwable t) {
        Integer code = intGetter(t, "GenericFileOperationFailedException", "getCode");
        if (code != null && code > 0) {
            return code;
        }
        Matcher m = FTP_REPLY.matcher(String.valueOf(t.getMessage()));
        return m.find() ? Integer.valueOf(m.group(1)) : null;
    }

    /** Reads an int status of a component exception without compiling against every component. */
    private static Integer intGetter(Throwable t, String simpleName, String getter) {
        if (!t.getClass().getSimpleName().equals(simpleName)) {
            return null;
        }
        try {
            Method m = t.getClass().getMethod(getter);
            return ((Number) m.invoke(t)).intValue();
        } catch (ReflectiveOperationException | ClassCastException e) {
            return null;
        }
    }
}
