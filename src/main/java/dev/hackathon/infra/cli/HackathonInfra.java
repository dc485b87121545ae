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
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The root command. Global options are inherited, so they work before or after the
 * command name; their values land in this object either way.
 */
@Command(name = "hackathon-infra", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Stands up, inspects and tears down a secure AWS environment for a hackathon team.",
        subcommands = {UpCommand.class, PlanCommand.class, StatusCommand.class, DownCommand.class,
                RulesCommand.class, UnlockCommand.class, CompletionCommand.class, CommandLine.HelpCommand.class},
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

    @Option(names = "--yes", scope = ScopeType.INHERIT, description = "Answer yes to confirmations (down, unlock).")
    boolean yes;

    public HackathonInfra(CliContext ctx) {
        this.ctx = ctx;
    }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        // The running CommandLine, not a new one: its usage goes to the context's stderr.
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required");
    }

    /** Runs the tool; returns the exit code. */
    public static int execute(CliContext ctx, String... args) {
        HackathonInfra root = new HackathonInfra(ctx);
        CommandLine cl = new CommandLine(root);
        ErrorReporting errors = new ErrorReporting(root);
        cl.setExitCodeExceptionMapper(errors);
        cl.setExecutionExceptionHandler(errors);
        cl.setOut(new java.io.PrintWriter(ctx.out(), true));
        cl.setErr(new java.io.PrintWriter(ctx.err(), true));
        cl.getCommandSpec().usageMessage().footer(concat(cl.getCommandSpec().usageMessage().footer(), ExitCodes.HELP));
        cl.getSubcommands().values().forEach(sub -> sub.getCommandSpec().usageMessage()
                .footer(concat(sub.getCommandSpec().usageMessage().footer(), ExitCodes.HELP)));
        return cl.execute(args);
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
        return region != null ? c.withRegion(region) : c;
    }

    String profileInUse() {
        return profile;
    }

    AwsSession openSession(StackConfig c) {
        if (profile == null) {
            profile = c.profile();
        } else if (profile.isBlank()) {
            // --profile "" turns the config's profile off: credentials from the SDK's default
            // chain (environment, web identity), as CI with OIDC needs.
            profile = null;
        }
        return ctx.sessions().open(profile, c.region(), endpointUrl);
    }

    boolean json() {
        return output == OutputFormat.json;
    }

    Style style() {
        boolean color = ctx.interactive() && !noColor && !ctx.env().containsKey("NO_COLOR");
        return new Style(color);
    }
}
