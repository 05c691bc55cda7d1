package io.mediarelay.license;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The restriction table (config/restrictions.csv): what the seeded rows read, fail closed, reload like route files. */
class RestrictionTableTest {
    static final LocalDate DAY = LocalDate.of(2027, 3, 1);

    @TempDir
    Path dir;

    @Test
    void theSeededRowsReadGettyAndPhotoShelterTexts() {
        RestrictionTable t = RestrictionTable.defaults();
        RestrictionTable.Interpretation both = t.interpret("Editorial use only. No print use.");
        assertTrue(both.complete(), String.valueOf(both));
        assertEquals(List.of("Editorial use only: not for commercial channels (advertising, ads, marketing, email,"
                + " promotion, commercial, ecommerce, packaging, merchandise, out-of-home).",
                "No print use: not for channel print."), both.rules().stream().map(RestrictionRule::sentence).toList());
        assertTrue(both.rules().get(1).refuses("print", "US", DAY));
        assertFalse(both.rules().get(1).refuses("web", "US", DAY));

        RestrictionRule notIn = t.interpret("Not for use in fr, DE.").rules().get(0);
        assertEquals("Not for use in fr, DE.", notIn.sentence());
        assertEquals(java.util.Set.of("FR", "DE"), notIn.values());
        assertTrue(notIn.refuses("web", "FR", DAY) && notIn.refuses("web", "WORLDWIDE", DAY));
        assertFalse(notIn.refuses("web", "US", DAY));
        RestrictionRule embargo = t.interpret("Embargoed until 2027-03-02.").rules().get(0);
        assertTrue(embargo.refuses("web", "US", DAY) && !embargo.refuses("web", "US", DAY.plusDays(1)));
        assertTrue(t.interpret("Credit required. No modifications.").rules().stream()
                .noneMatch(r -> r.refuses("print", "US", DAY)), "obligations refuse nothing");
        assertTrue(t.interpret("  ").complete());
    }

    @Test
    void whatNoRowReadsFailsClosedNamingThePart() {
        RestrictionTable t = RestrictionTable.defaults();
        assertEquals("except posters.", t.interpret("No print use except posters.").uninterpreted());
        assertEquals("Not for use in ZZ.", t.interpret("Not for use in ZZ.").uninterpreted(), "ZZ is not a territory");
        assertEquals("Contact your local office for all commercial or promotional uses.",
                t.interpret("Editorial use only. Contact your local office for all commercial or promotional uses.")
                        .uninterpreted());
    }

    @Test
    void anEditedFileIsReloadedAndABrokenOneRefused() throws Exception {
        Path file = dir.resolve("restrictions.csv");
        Files.copy(Path.of("config/restrictions.csv"), file);
        RestrictionTable t = new RestrictionTable(file);
        assertEquals("Not on Mondays.", t.interpret("Not on Mondays.").uninterpreted());

        Files.writeString(file, Files.readString(file) + "\"not on mondays\\.?\",obligation,,\"Not on Mondays (agreed with"
                + " the agency: the newsroom does not publish on Mondays).\"\n");
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(5)));
        assertTrue(t.reload());
        assertNull(t.interpret("Not on Mondays.").uninterpreted(), "the operator's new row is in force");

        Files.writeString(file, "pattern,rule,values,sentence\n\"no print use\",exclude_everything,print,\"x\"\n");
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(10)));
        assertFalse(t.reload(), "a broken table is refused");
        assertNull(t.interpret("Not on Mondays.").uninterpreted(), "and the previous table stays in force");
        assertThrows(IllegalArgumentException.class, () -> new RestrictionTable(file), "a broken table stops the start");
    }

    @Test
    void territoriesAreIsoCodes() {
        assertTrue(Territories.valid("FR") && Territories.valid("WORLDWIDE"));
        assertFalse(Territories.valid("ZZ") || Territories.valid("UK") || Territories.valid("EU"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> License.of("L", "t", "A", java.util.Set.of("ZZ"), java.util.Set.of("all"), null, null));
        assertTrue(e.getMessage().contains("'ZZ'"), e.getMessage());
    }
}
