package io.mediarelay.photoshelter.intake;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;

/**
 * Is a file a complete image? Reads only its first and last bytes (never the whole file), because the typical
 * failure of a drop folder or an old archive is a file cut short by an interrupted transfer, and PhotoShelter
 * would accept and store it. JPEG: SOI {@code FFD8} at the start and EOI {@code FFD9} at the end (trailing zero
 * padding tolerated); PNG: the 8-byte signature and the {@code IEND} chunk (with its fixed CRC) as the last
 * chunk; GIF: {@code GIF8} and the trailer {@code 3B}; TIFF: a byte-order mark (the format has no end marker).
 * The content decides the type; an extension that disagrees is reported, as is an extension not in the allowed set.
 */
public final class ImageCheck {

    public static final Set<String> DEFAULT_EXTENSIONS = Set.of("jpg", "jpeg", "png", "gif", "tif", "tiff");

    private static final byte[] PNG_SIG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    private static final byte[] PNG_IEND = {0, 0, 0, 0, 'I', 'E', 'N', 'D', (byte) 0xAE, 0x42, 0x60, (byte) 0x82};
    private static final int TAIL = 64;

    private final Set<String> extensions;

    public ImageCheck(Set<String> extensions) {
        this.extensions = extensions == null || extensions.isEmpty() ? DEFAULT_EXTENSIONS : extensions;
    }

    public ImageCheck() {
        this(DEFAULT_EXTENSIONS);
    }

    /** Throws {@link InvalidImageException} saying why {@code file} (shown as {@code name}) is not a complete image. */
    public void check(Path file, String name) throws IOException {
        String ext = extension(name);
        if (!extensions.contains(ext)) {
            throw new InvalidImageException(name + ": unsupported file type '." + ext + "' (allowed: " + String.join(", ", extensions.stream().sorted().toList()) + ")");
        }
        long size = Files.size(file);
        if (size == 0) throw new InvalidImageException(name + ": empty file (0 bytes)");
        byte[] head = new byte[(int) Math.min(16, size)];
        byte[] tail = new byte[(int) Math.min(TAIL, size)];
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            raf.readFully(head);
            raf.seek(size - tail.length);
            raf.readFully(tail);
        }
        String kind = kind(head);
        if (kind == null) {
            throw new InvalidImageException(name + ": not an image (content starts with " + hex(head, 4) + ", expected a JPEG, PNG, GIF or TIFF signature)");
        }
        if (!matches(kind, ext)) {
            throw new InvalidImageException(name + ": content is " + kind + " but the extension is '." + ext + "'");
        }
        switch (kind) {
            case "JPEG" -> {
                int end = tail.length;
                while (end > 0 && tail[end - 1] == 0) end--; // some writers pad with zeros
                if (end < 2 || tail[end - 2] != (byte) 0xFF || tail[end - 1] != (byte) 0xD9) {
                    throw new InvalidImageException(name + ": truncated JPEG (" + size + " bytes, no end-of-image marker FFD9 at the end)");
                }
            }
            case "PNG" -> {
                if (size < PNG_SIG.length + PNG_IEND.length || !endsWith(tail, PNG_IEND)) {
                    throw new InvalidImageException(name + ": truncated PNG (" + size + " bytes, no IEND chunk at the end)");
                }
            }
            case "GIF" -> {
                if (tail[tail.length - 1] != 0x3B) {
                    throw new InvalidImageException(name + ": truncated GIF (" + size + " bytes, no trailer 3B at the end)");
                }
            }
            default -> { /* TIFF: no end marker to check */ }
        }
    }

    static String kind(byte[] h) {
        if (h.length >= 3 && h[0] == (byte) 0xFF && h[1] == (byte) 0xD8 && h[2] == (byte) 0xFF) return "JPEG";
        if (h.length >= 8 && startsWith(h, PNG_SIG)) return "PNG";
        if (h.length >= 4 && h[0] == 'G' && h[1] == 'I' && h[2] == 'F' && h[3] == '8') return "GIF";
        if (h.length >= 4 && ((h[0] == 'I' && h[1] == 'I' && h[2] == 42 && h[3] == 0) || (h[0] == 'M' && h[1] == 'M' && h[2] == 0 && h[3] == 42))) return "TIFF";
        return null;
    }

    private static boolean matches(String kind, String ext) {
        return switch (kind) {
            case "JPEG" -> ext.equals("jpg") || ext.equals("jpeg");
            case "PNG" -> ext.equals("png");
            case "GIF" -> ext.equals("gif");
            default -> ext.equals("tif") || ext.equals("tiff");
        };
    }

    static String extension(String name) {
        String n = name == null ? "" : name;
        int dot = n.lastIndexOf('.');
        return dot < 0 ? "" : n.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    private static boolean startsWith(byte[] a, byte[] p) {
        for (int i = 0; i < p.length; i++) if (a[i] != p[i]) return false;
        return true;
    }

    private static boolean endsWith(byte[] a, byte[] s) {
        if (a.length < s.length) return false;
        for (int i = 0; i < s.length; i++) if (a[a.length - s.length + i] != s[i]) return false;
        return true;
    }

    private static String hex(byte[] b, int n) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < Math.min(n, b.length); i++) s.append(String.format("%02X", b[i]));
        return s.toString();
    }
}
