package dev.hackathon.infra.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.hackathon.infra.aws.AwsSession;
import dev.hackathon.infra.config.StackConfig;
import dev.hackathon.infra.stack.StackEndpoints;
import dev.hackathon.infra.stack.StackService;
import dev.hackathon.infra.stack.preflight.LocalTools;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * A way in without a public address, a bastion or an open port: Session Manager to the
 * instance, and through it a port forward to the database or the cache (SSM's
 * AWS-StartPortForwardingSessionToRemoteHost), which only the instance's security group may
 * reach. The AWS CLI does the session; this command finds the ids, prints how to use the
 * tunnel, and hands the terminal over.
 */
@Command(name = "connect", mixinStandardHelpOptions = true,
        description = "A shell on the instance (Session Manager); `connect db` or `connect cache` forwards a local "
                + "port to the database or cache through it. Needs the AWS CLI v2 and the session-manager-plugin.",
        footer = {"", "Exit: the session's own exit code; 1 when the AWS CLI or the plugin is missing; 3 before up.", "",
                "Examples:", "  hackathon-infra connect", "  hackathon-infra connect db",
                "  hackathon-infra connect cache --local-port 16379"})
final class ConnectCommand extends StackCommand {

    static final String PORT_FORWARDING = "AWS-StartPortForwardingSessionToRemoteHost";

    enum Target { db, cache }

    @Parameters(index = "0", arity = "0..1", paramLabel = "db|cache",
            description = "Forward a local port to the database (5432) or the cache (6379); none: a shell.")
    Target target;

    @Option(names = "--local-port", paramLabel = "N",
            description = "Local port to listen on (default: 5432 for db, 6379 for cache).")
    Integer localPort;

    private Path aws;

    @Override
    void validate(StackConfig config) {
        if (localPort != null && (localPort < 1 || localPort > 65535)) {
            throw new UsageException("--local-port must be between 1 and 65535, got " + localPort);
        }
        if (localPort != null && target == null) {
            throw new UsageException("--local-port goes with `connect db` or `connect cache`");
        }
        // Before any AWS call: without the tools there is nothing to connect with.
        aws = new LocalTools(root().ctx.env()).requireForConnect();
    }

    @Override
    int run(StackConfig config, StackService service, AwsSession session) throws IOException, InterruptedException {
        StackEndpoints e = StackEndpoints.read(service);
        if (e.instanceId() == null) {
            root().ctx.err().println("error: the stack has no instance yet; run hackathon-infra up first");
            return ExitCodes.CHANGES_OR_DRIFT;
        }
        List<String> args = new ArrayList<>(List.of(aws.toString(), "ssm", "start-session", "--target", e.instanceId()));
        if (target != null) {
            String host = target == Target.db ? e.dbHost() : e.cacheHost();
            Integer port = target == Target.db ? e.dbPort() : e.cachePort();
            if (host == null) {
                root().ctx.err().println("error: the stack has no " + (target == Target.db ? "database" : "cache")
                        + " yet; run hackathon-infra up first");
                return ExitCodes.CHANGES_OR_DRIFT;
            }
            int remote = port != null ? port : target == Target.db ? 5432 : 6379;
            int local = localPort != null ? localPort : target == Target.db ? 5432 : 6379;
            args.addAll(List.of("--document-name", PORT_FORWARDING, "--parameters",
                    "{\"host\":[\"" + host + "\"],\"portNumber\":[\"" + remote + "\"],\"localPortNumber\":[\"" + local + "\"]}"));
            root().ctx.out().println(clientHelp(config, target, host, local));
        }
        args.addAll(awsCliScope(config));
        root().ctx.out().flush();
        return hand(args);
    }

    /** What to type in another terminal once the tunnel is up. */
    static String clientHelp(StackConfig config, Target target, String host, int local) {
        if (target == Target.db) {
            return "Forwarding localhost:" + local + " to the database " + host + ". In another terminal:\n"
                    + "  psql \"host=localhost port=" + local + " dbname=" + config.database().name() + " user="
                    + config.database().username() + " sslmode=require\"\n"
                    + "The password is in Secrets Manager, never on a command line: hackathon-infra env --reveal"
                    + " (DB_PASSWORD); psql asks for it, or reads it from ~/.pgpass.\n"
                    + "sslmode=require encrypts without checking the name: the tunnel ends at localhost, the"
                    + " certificate names " + host + ".\n"
                    + "Stop with Ctrl-C.";
        }
        return "Forwarding localhost:" + local + " to the cache " + host + " (TLS only). In another terminal:\n"
                + "  redis-cli -h localhost -p " + local + " --tls --sni " + host + " --insecure\n"
                + "(valkey-cli takes the same flags.) --insecure because the tunnel ends at localhost while the"
                + " cache's certificate names " + host + "; to verify it instead, map that name to 127.0.0.1 in"
                + " /etc/hosts and connect with -h " + host + " --tls.\n"
                + "Stop with Ctrl-C.";
    }

    /** The CLI gets the tool's own region, profile and endpoint, so it talks to the same account. */
    List<String> awsCliScope(StackConfig config) {
        List<String> out = new ArrayList<>(List.of("--region", config.region()));
        if (config.profile() != null) {
            out.addAll(List.of("--profile", config.profile()));
        }
        if (root().endpointUrl != null) {
            out.addAll(List.of("--endpoint-url", root().endpointUrl.toString()));
        }
        return out;
    }

    /** Runs the AWS CLI on this terminal with the tool's environment; its exit code is ours. */
    private int hand(List<String> args) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(args).inheritIO();
        Map<String, String> env = pb.environment();
        env.clear();
        env.putAll(root().ctx.env());
        Process p = pb.start();
        try {
            return p.waitFor();
        } catch (InterruptedException ex) {
            // Ctrl-C reaches the child through the terminal too; let it end its session cleanly.
            p.destroy();
            throw ex;
        }
    }
}
