package dev.hackathon.infra.cli;

import java.util.Arrays;
import java.util.List;
import java.util.Set;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The commands under the root, and which of them a command line needs. Building a command
 * (picocli reads its annotations by reflection, in the interpreter, as the JVM starts) is
 * most of picocli's start-up, and eight commands with their options cost several times one.
 * So a command line that names a command gets that one alone; the root's {@code --help} gets
 * each command's name and description, which is all it lists; anything else gets them all:
 * {@code help} and {@code completion} describe them, and a mistyped name is answered with the
 * names it may have meant.
 */
final class Subcommands {

    /** In the order the root's help lists them. */
    static final List<Class<?>> ALL = List.of(UpCommand.class, PlanCommand.class, StatusCommand.class,
            DownCommand.class, RulesCommand.class, UnlockCommand.class, DoctorCommand.class, ConnectCommand.class,
            EnvCommand.class, CompletionCommand.class,
            CommandLine.HelpCommand.class);

    /** Options the root answers by itself, so that a command line with them and no command needs no command built. */
    private static final Set<String> ROOT_ONLY = Set.of("-h", "--help", "-V", "--version");

    /** Commands that are about the other commands. */
    private static final Set<Class<?>> ABOUT_OTHERS = Set.of(CompletionCommand.class, CommandLine.HelpCommand.class);

    private Subcommands() {
    }

    /** Adds to {@code root} the commands {@code args} need. */
    static void add(CommandLine root, String... args) {
        Class<?> named = named(root.getCommandSpec(), args);
        if (named == null && Arrays.stream(args).anyMatch(ROOT_ONLY::contains)) {
            for (Class<?> c : ALL) {
                root.addSubcommand(listing(c));
            }
            return;
        }
        for (Class<?> c : ALL) {
            if (named == null || ABOUT_OTHERS.contains(named) || c == named) {
                root.addSubcommand(c);
            }
        }
    }

    /**
     * What the root's own help shows of a command, its name and description, without
     * reading its options: {@code hackathon-infra --help} lists eight commands and shows none.
     */
    private static CommandLine listing(Class<?> command) {
        Command a = command.getAnnotation(Command.class);
        CommandSpec spec = CommandSpec.create().name(a.name());
        spec.usageMessage().header(a.header()).description(a.description());
        return new CommandLine(spec);
    }

    /**
     * The command the arguments name: the first argument that is neither an option nor the
     * value of one of the root's options (global options come before or after it). Null
     * when there is none, or it is no command's name.
     */
    static Class<?> named(CommandSpec root, String... args) {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--")) {
                return null;
            }
            if (a.startsWith("-")) {
                OptionSpec o = root.findOption(a);
                if (o != null && o.arity().max() > 0) {
                    i++; // its value, which may be any word (--profile status)
                }
                continue;
            }
            for (Class<?> c : ALL) {
                if (c.getAnnotation(Command.class).name().equals(a)) {
                    return c;
                }
            }
            return null;
        }
        return null;
    }
}
