package io.mediarelay.transfer.naming;

/** Lets tests in other packages compute the collision suffix. */
public final class NameReservationsAccess {
    private NameReservationsAccess() {
    }

    public static String hash(String assetKey) {
        return NameReservations.shortHash(assetKey);
    }
}
