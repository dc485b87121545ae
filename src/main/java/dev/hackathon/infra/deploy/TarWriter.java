package dev.hackathon.infra.deploy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Writes a POSIX tar (ustar, with pax extended headers for what ustar cannot hold: names over 100 bytes
 * or not ASCII), byte for byte the same for the same entries: owner 0:0 with no names, one fixed
 * modification time, mode 644 or 755 (777 for links). GNU tar on Amazon Linux reads it as is.
 * Written by the JDK alone: no dependency for about a hundred lines.
 */
final class TarWriter {

    /** 1980-01-01T00:00:00Z, every entry's time: zip's epoch, accepted by every tool (0 confuses some). */
    static final long MTIME = 315_532_800L;
    private static final int BLOCK = 512;

    private final OutputStream out;

    TarWriter(OutputStream out) {
        this.out = out;
    }

    void write(ArchiveEntry entry) throws IOException {
        byte[] name = entry.name().getBytes(StandardCharsets.UTF_8);
        byte[] target = entry.isLink() ? entry.target().getBytes(StandardCharsets.UTF_8) : new byte[0];
        boolean paxName = !fitsUstar(entry.name(), name);
        boolean paxTarget = entry.isLink() && !fitsUstar(entry.target(), target);
        if (paxName || paxTarget) {
            StringBuilder records = new StringBuilder();
            if (paxName) {
                records.append(paxRecord("path", entry.name()));
            }
            if (paxTarget) {
                records.append(paxRecord("linkpath", entry.target()));
            }
            byte[] pax = records.toString().getBytes(StandardCharsets.UTF_8);
            // The pax header's own name is not read by anyone; a fixed one keeps the bytes reproducible.
            out.write(header(ascii("PaxHeader"), pax.length, 0644, 'x', new byte[0]));
            out.write(pax);
            pad(pax.length);
        }
        int mode = entry.isLink() ? 0777 : entry.executable() ? 0755 : 0644;
        long size = entry.isLink() ? 0 : entry.content().length;
        out.write(header(paxName ? ascii(asciiFallback(entry.name())) : name, size, mode,
                entry.isLink() ? '2' : '0', paxTarget ? ascii(asciiFallback(entry.target())) : target));
        if (!entry.isLink()) {
            out.write(entry.content());
            pad(entry.content().length);
        }
    }

    /** The end of the archive: two zero blocks. */
    void finish() throws IOException {
        out.write(new byte[2 * BLOCK]);
    }

    private static boolean fitsUstar(String text, byte[] bytes) {
        return bytes.length <= 100 && bytes.length == text.length(); // ASCII only, so any reader agrees
    }

    /** What goes in the 100-byte field when pax carries the real value: a readable, cut, ASCII stand-in. */
    private static String asciiFallback(String text) {
        String plain = text.replaceAll("[^\\x20-\\x7e]", "_");
        return plain.length() <= 100 ? plain : plain.substring(plain.length() - 100);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** "%d %s=%s\n" where the leading number counts the whole record, itself included. */
    static String paxRecord(String key, String value) {
        int body = (" " + key + "=" + value + "\n").getBytes(StandardCharsets.UTF_8).length;
        int length = body + Integer.toString(body).length();
        if (Integer.toString(length).length() != Integer.toString(body).length()) {
            length++; // adding the digits added a digit
        }
        return length + " " + key + "=" + value + "\n";
    }

    private static byte[] header(byte[] name, long size, int mode, char type, byte[] linkName) {
        byte[] h = new byte[BLOCK];
        System.arraycopy(name, 0, h, 0, name.length);
        octal(h, 100, 8, mode);
        octal(h, 108, 8, 0); // uid
        octal(h, 116, 8, 0); // gid
        octal(h, 124, 12, size);
        octal(h, 136, 12, MTIME);
        h[156] = (byte) type;
        System.arraycopy(linkName, 0, h, 157, linkName.length);
        System.arraycopy(ascii("ustar\0"), 0, h, 257, 6);
        h[263] = '0';
        h[264] = '0';
        // uname, gname, devices, prefix: left empty.
        Arrays.fill(h, 148, 156, (byte) ' ');
        long sum = 0;
        for (byte b : h) {
            sum += b & 0xff;
        }
        octal(h, 148, 7, sum);
        h[155] = ' ';
        return h;
    }

    /** {@code width - 1} octal digits, zero-padded, then NUL. */
    private static void octal(byte[] h, int offset, int width, long value) {
        String digits = Long.toOctalString(value);
        if (digits.length() > width - 1) {
            throw new IllegalArgumentException(value + " does not fit a tar header field of " + width + " bytes");
        }
        byte[] text = ascii("0".repeat(width - 1 - digits.length()) + digits);
        System.arraycopy(text, 0, h, offset, text.length);
        h[offset + width - 1] = 0;
    }

    private void pad(long length) throws IOException {
        int rest = (int) (length % BLOCK);
        if (rest != 0) {
            out.write(new byte[BLOCK - rest]);
        }
    }
}
