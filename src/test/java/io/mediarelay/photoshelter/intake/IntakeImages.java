package io.mediarelay.photoshelter.intake;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import javax.imageio.ImageIO;

/** Real, small images for intake tests (ImageIO), and truncated copies of them. */
final class IntakeImages {

    private IntakeImages() {
    }

    static byte[] image(String format, int seed) throws IOException {
        BufferedImage img = new BufferedImage(64, 48, BufferedImage.TYPE_INT_RGB);
        var g = img.createGraphics();
        g.setColor(new Color(seed * 37 % 255, seed * 91 % 255, seed * 53 % 255));
        g.fillRect(0, 0, 64, 48);
        g.setColor(Color.WHITE);
        g.drawString(String.valueOf(seed), 5, 20);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (!ImageIO.write(img, format, out)) throw new IOException("no writer for " + format);
        return out.toByteArray();
    }

    static byte[] truncated(byte[] complete) {
        return Arrays.copyOf(complete, complete.length * 2 / 3);
    }

    /** Written next to the target and moved into place, so a poller never sees half a file. */
    static Path drop(Path dir, String name, byte[] bytes) throws IOException {
        Files.createDirectories(dir);
        Path tmp = dir.getParent().resolve("staging-" + System.nanoTime());
        Files.write(tmp, bytes);
        return Files.move(tmp, dir.resolve(name));
    }
}
