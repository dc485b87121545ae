package dev.hackathon.infra.cli;

import java.net.URI;
import java.nio.file.Path;

import dev.hackathon.infra.aws.AwsSession;
import dev.hackathon.infra.config.ConfigException;
import dev.hackathon.infra.config.ConfigLoader;
import dev.hackathon.infra.config.StackConfig;
import dev.hackathon.infra.output.Style;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help.Ansi;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The root command. Global options are inherited, so they work before or after the
 * command name; their values land in this object either way.
 */
@Command(name = "hackathon-infra", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Stands up, inspects and tears down a secure AWS environment for a hackathon team.",
        footer = {"", "Examples:", "  hackathon-infra up --profile hackathon", "  hackathon-infra status --output json",
                "  hackathon-infra down --yes"})
public final class HackathonInfra implements Runnable {

    public enum OutputFormat { text, json }

    final CliContext ctx;

    @Option(names = "--config", scope = ScopeType.INHERIT, paramLabel = "FILE",
            description = "Config file (default: $HACKATHON_INFRA_CONFIG or config/hackathon.yaml).")
    Path config;

    @Option(names = "--profile", scope = ScopeType.INHERIT, paramLabel = "NAME",
            description = "AWS CLI v2 profile, SSO or not (default: the config's profile, then the SDK's chain; \"\" for the SDK's chain).")
    String profile;

    @Option(names = "--region", scope = ScopeType.INHERIT, paramLabel = "REGION",
            description = "AWS region (default: the config's region, then AWS_REGION or the profile's).")
    String region;

    @Option(names = "--endpoint-url", scope = ScopeType.INHERIT, paramLabel = "URL",
            description = "Send every AWS call here (LocalStack, moto). AWS_ENDPOINT_URL* also work.")
    URI endpointUrl;

    @Option(names = "--output", scope = ScopeType.INHERIT, paramLabel = "text|json",
            description = "Results as text (default) or one JSON document on stdout.")
    OutputFormat output = OutputFormat.text;

    @Option(names = "--no-color", scope = ScopeType.INHERIT, description = "No ANSI colours (also: NO_COLOR).")
    boolean noColor;

    @Option(names = "--verbose", scope = ScopeType.INHERIT, description = "Stack traces on errors.")
    boolean verbose;

    @Option(names = {"-q", "--quiet"}, scope = ScopeType.INHERIT, description = "Only results and errors.")
    boolean quiet;

    @Option(names = "--yes", scope = ScopeType.INHERIT, description = "Answer yes to confirmations (up, rules and down deleting or replacing; unlock).")
    boolean yes;

    public HackathonInfra(CliContext ctx) {
        this.ctx = ctx;
    }

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        // This command line, not a new one: its streams are the ones the usage must go to.
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required");
    }

    /** Runs the tool; returns the exit code. */
    public static int execute(CliContext ctx, String... args) {
        return commandLine(ctx, args).execute(args);
    }

    /** The command line for these arguments ({@link #tree}), its streams and error handling set. */
    static CommandLine commandLine(CliContext ctx, String... args) {
        HackathonInfra root = new HackathonInfra(ctx);
        CommandLine cl = tree(root, args);
        ErrorReporting errors = new ErrorReporting(root);
        cl.setExitCodeExceptionMapper(errors);
        cl.setExecutionExceptionHandler(errors);
        cl.setParameterExceptionHandler(errors);
        cl.setOut(new java.io.PrintWriter(ctx.out(), true));
        cl.setErr(new java.io.PrintWriter(ctx.err(), true));
        // Help and usage coloured by the rule the results follow, which RootHelp applies without picocli.
        boolean colors = RootHelp.colors(ctx.interactive(), ctx.env(), args);
        cl.setColorScheme(CommandLine.Help.defaultColorScheme(colors ? Ansi.ON : Ansi.OFF));
        return cl;
    }

    /**
     * The root and the commands these arguments need: the one they name, else all of them
     * ({@link Subcommands}); every --help ends with the exit codes.
     */
    static CommandLine tree(HackathonInfra root, String... args) {
        CommandLine cl = new CommandLine(root);
        Subcommands.add(cl, args);
        CommandLine help = cl.getSubcommands().get("help");
        if (help != null) {
            help.getCommandSpec().usageMessage().footer("", "Examples:", "  hackathon-infra help up",
                    "  hackathon-infra help rules add");
        }
        withExitCodes(cl);
        return cl;
    }

    /** Every command's --help ends with the exit codes, subcommands' subcommands (rules add) too. */
    private static void withExitCodes(CommandLine cl) {
        cl.getCommandSpec().usageMessage().footer(concat(cl.getCommandSpec().usageMessage().footer(), ExitCodes.HELP));
        cl.getSubcommands().values().stream().distinct().forEach(HackathonInfra::withExitCodes);
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    Path configPath() {
        if (config != null) {
            return config;
        }
        String env = ctx.env().get("HACKATHON_INFRA_CONFIG");
        return Path.of(env != null && !env.isBlank() ? env : "config/hackathon.yaml");
    }

    /** The validated config with command-line overrides applied; no AWS call. */
    StackConfig loadConfig() throws ConfigException {
        StackConfig c = ConfigLoader.load(configPath());
        if (region != null) {
            c = c.withRegion(region);
        }
        if (profile != null) {
            // --profile "" turns the config's profile off: credentials from the SDK's default
            // chain (environment, web identity), as CI with OIDC needs.
            c = c.withProfile(profile.isBlank() ? null : profile);
        }
        return c;
    }

    /** The profile the session was opened with (named in the fixes of credential errors). */
    String profileInUse() {
        return sessionProfile != null ? sessionProfile : profile == null || profile.isBlank() ? null : profile;
    }

    private String sessionProfile;

    AwsSession openSession(StackConfig c) {
        sessionProfile = c.profile();
        return ctx.sessions().open(c.profile(), c.region(), endpointUrl);
    }

    boolean json() {
        return output == OutputFormat.json;
    }

    Style style() {
        return new Style(Style.colors(ctx.interactive(), noColor, ctx.env()));
    }
}
