package dev.hackathon.infra.cli;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;

import picocli.CommandLine;

/** The tool's real command-line spec, for tests of what the documentation says about it. */
final class CommandLines {

    private CommandLines() {
    }

    /** Every command (a command line that names none gets them all). */
    static CommandLine spec() {
        return HackathonInfra.tree(new HackathonInfra(null));
    }

    /** Every command's path below the root: [up], [rules], [rules, add], ... */
    static List<List<String>> commandPaths() {
        List<List<String>> out = new ArrayList<>();
        collect(spec(), List.of(), out);
        return out;
    }

    private static void collect(CommandLine cl, List<String> path, List<List<String>> out) {
        cl.getSubcommands().forEach((name, sub) -> {
            List<String> p = new ArrayList<>(path);
            p.add(name);
            out.add(p);
            collect(sub, p, out);
        });
    }

    /** Parses as the tool would (durations included: they are converted while parsing). */
    static void assertParses(List<String> args) {
        try {
            spec().parseArgs(args.toArray(String[]::new));
        } catch (CommandLine.ParameterException e) {
            fail("`hackathon-infra " + String.join(" ", args) + "`: " + e.getMessage());
        }
    }
}
