package dev.hackathon.infra.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import dev.hackathon.infra.aws.AwsSessionFactory;
import dev.hackathon.infra.engine.Clock;
import dev.hackathon.infra.output.Style;

/**
 * {@code hackathon-infra --help} without building the command line. Building it is most of
 * what {@code --help} costs: picocli reads the root's annotations and the commands' by
 * reflection, its classes (Java 5 bytecode) are ones no class-data archive stores, and its
 * jar is found only after the SDK's forty. So the build renders the root's help once,
 * through that same command line, plain and coloured ({@link #main}, run by Maven after
 * compiling), and {@code --help} prints the text. It is the command line's own output, byte
 * for byte ({@code RootHelpTest}); where the build did not render it (classes compiled
 * outside Maven) the command line answers.
 */
public final class RootHelp {

    static final String PLAIN = "root-help.txt";
    static final String COLOURED = "root-help-ansi.txt";

    private RootHelp() {
    }

    /** True for the arguments this answers: the root's help and nothing else. */
    static boolean answers(String... args) {
        return args.length == 1 && (args[0].equals("--help") || args[0].equals("-h"))
                // a width the command line would honour and the rendered text does not have
                && System.getProperty("picocli.usage.width") == null;
    }

    /**
     * Whether help and usage are coloured: by the rule results follow ({@link Style#colors}),
     * not picocli's own, so --no-color and NO_COLOR apply to them too and this class can
     * decide without picocli. The arguments are not parsed yet, so --no-color is looked for.
     */
    static boolean colors(boolean terminal, Map<String, String> env, String... args) {
        boolean noColor = false;
        for (String a : args) {
            if (a.equals("--")) {
                break;
            }
            noColor |= a.equals("--no-color");
        }
        return Style.colors(terminal, noColor, env);
    }

    /** Prints the root's help as the command line would; false, printing nothing, when the build did not render it. */
    static boolean print(PrintStream out, boolean colors) {
        String text = rendered(colors ? COLOURED : PLAIN);
        if (text == null) {
            return false;
        }
        out.print(text.replace("\n", System.lineSeparator()));
        out.flush();
        return true;
    }

    /**
     * The rendered file, read from this class's jar (or classes folder) directly: through the
     * class loader a resource is a jar: URL, whose connection asks for a logger, and finding
     * the logging back end opens every jar on the class path (50 ms, most of a --help).
     */
    private static String rendered(String name) {
        try {
            return rendered(Path.of(RootHelp.class.getProtectionDomain().getCodeSource().getLocation().toURI()), name);
        } catch (URISyntaxException | RuntimeException e) {
            return null; // the command line answers instead
        }
    }

    /** The rendered file {@code name} in a jar or classes folder; null when it is not there or unreadable. */
    static String rendered(Path classes, String name) {
        String entry = RootHelp.class.getPackageName().replace('.', '/') + "/" + name;
        try {
            if (Files.isDirectory(classes)) {
                Path file = classes.resolve(entry);
                return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : null;
            }
            try (ZipFile jar = new ZipFile(classes.toFile())) {
                ZipEntry e = jar.getEntry(entry);
                if (e == null) {
                    return null;
                }
                try (InputStream in = jar.getInputStream(e)) {
                    return new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** The root's help as the command line prints it, coloured or not. */
    static String render(boolean colors) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Map<String, String> env = Map.of();
        int exit = HackathonInfra.execute(new CliContext(new PrintStream(bytes, true, StandardCharsets.UTF_8),
                new PrintStream(OutputStream.nullOutputStream()), null, env, colors,
                new AwsSessionFactory(List.of(), env), Clock.SYSTEM), "--help");
        if (exit != ExitCodes.OK) {
            throw new IllegalStateException("--help exited " + exit);
        }
        return bytes.toString(StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n");
    }

    /** Build step: writes both renderings into the classes folder given, beside this class. */
    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]).resolve(RootHelp.class.getPackageName().replace('.', '/'));
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(PLAIN), render(false), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve(COLOURED), render(true), StandardCharsets.UTF_8);
    }
}
