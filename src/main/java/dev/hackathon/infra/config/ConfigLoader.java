package dev.hackathon.infra.config;

import dev.hackathon.infra.config.YamlNode.Mapping;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads and validates a config file. Every problem in the file is reported at once, one line each, as
 * {@code file:line: path: message}; a file that cannot be read as YAML at all gives exactly one problem.
 */
public final class ConfigLoader {

    /** Far above any real config: a bigger file is something else, and is refused before it is parsed. */
    public static final long MAX_BYTES = 1024 * 1024;

    private ConfigLoader() {
    }

    public static StackConfig load(Path file) throws ConfigException {
        Problems problems = new Problems(file.toString());
        YamlNode root = LocatedYamlReader.read(readText(file, problems), problems);
        if (root == null) {
            throw problems.fatal(0, "the file is empty; a config needs at least 'stack: <name>'");
        }
        if (!(root instanceof Mapping)) {
            throw problems.fatal(root.line(), "expected a mapping of keys (stack: ..., region: ...) at the top, got "
                    + root.describe());
        }
        StackConfig config = new ConfigValidator(file).validate(new Field(problems, "", root, root.line()));
        problems.throwIfAny();
        return config;
    }

    /** The file's text, refused whole (one problem) when it is missing, too big or not UTF-8; the fleet file reads this way too. */
    static String readText(Path file, Problems problems) throws ConfigException {
        if (Files.isDirectory(file)) {
            throw problems.fatal(0, "is a folder, not a config file");
        }
        if (!Files.exists(file)) {
            throw problems.fatal(0, "no such file");
        }
        byte[] bytes;
        try {
            long size = Files.size(file);
            if (size > MAX_BYTES) {
                throw problems.fatal(0, "the file is " + size + " bytes; a config over 1 MiB (" + MAX_BYTES
                        + " bytes) is refused");
            }
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw problems.fatal(0, "cannot read the file: "
                    + (e instanceof AccessDeniedException ? "permission denied" : e.getMessage()));
        }
        return decode(bytes, problems);
    }

    /** Strict UTF-8: a lenient decoder would turn binary junk into replacement characters and odd YAML errors. */
    private static String decode(byte[] bytes, Problems problems) throws ConfigException {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == 0) {
                throw problems.fatal(lineAt(bytes, i), "a NUL byte: this is binary data or UTF-16 text, not a "
                        + "UTF-8 YAML file");
            }
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = decoder.decode(in, out, true);
        if (result.isError()) {
            throw problems.fatal(lineAt(bytes, in.position()), String.format(
                    "byte 0x%02X is not UTF-8 text; is this a binary file?", bytes[in.position()] & 0xFF));
        }
        decoder.flush(out);
        String text = out.flip().toString();
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }

    private static int lineAt(byte[] bytes, int offset) {
        int line = 1;
        for (int i = 0; i < offset; i++) {
            if (bytes[i] == '\n') {
                line++;
            }
        }
        return line;
    }
}
