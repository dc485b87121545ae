package dev.hackathon.infra.cli;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.hackathon.infra.aws.AwsSession;
import dev.hackathon.infra.config.StackConfig;
import dev.hackathon.infra.output.EnvFormat;
import dev.hackathon.infra.output.Reports;
import dev.hackathon.infra.stack.AppSettings;
import dev.hackathon.infra.stack.DatabaseSecret;
import dev.hackathon.infra.stack.StackEndpoints;
import dev.hackathon.infra.stack.StackService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "env", mixinStandardHelpOptions = true,
        description = "The apps' settings for this stack: Laravel's .env keys and Next.js's NEXT_PUBLIC_API_URL. "
                + "Reads only; --reveal adds DB_PASSWORD from the database's Secrets Manager secret.",
        footer = {"", "Exit 0, or 3 when a resource the settings name does not exist yet (run up).", "",
                "Examples:", "  hackathon-infra env > api/.env", "  hackathon-infra env --reveal --format shell",
                "  hackathon-infra env --output json"})
final class EnvCommand extends StackCommand {

    enum Format { dotenv, shell }

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "dotenv",
            description = "dotenv (KEY=value, default) or shell (export KEY='value'); --output json gives one document.")
    Format format;

    @Option(names = "--reveal", description = "Include DB_PASSWORD, read from the database's master secret. "
            + "It is printed: redirect it to a file, not into a shared log.")
    boolean reveal;

    @Override
    int run(StackConfig config, StackService service, AwsSession aws) {
        StackEndpoints e = StackEndpoints.read(service);
        String password = null;
        if (reveal && e.dbSecretArn() != null) {
            password = DatabaseSecret.password(aws.secretsManager(), e.dbSecretArn());
        }
        Map<String, String> laravel = AppSettings.laravel(config, e, password);
        Map<String, String> next = AppSettings.nextjs(config, e);
        if (!e.missing().isEmpty()) {
            note("not there yet: " + String.join(", ", e.missing()) + " (their settings are empty); run hackathon-infra up");
        }
        if (root().json()) {
            Map<String, Object> doc = Reports.document(config.stack());
            doc.put("revealed", password != null);
            doc.put("missing", e.missing());
            doc.put("laravel", laravel);
            doc.put("nextjs", next);
            json(doc);
        } else {
            Map<String, String> all = new LinkedHashMap<>(laravel);
            all.putAll(next);
            root().ctx.out().print(format == Format.shell ? EnvFormat.shell(all) : EnvFormat.dotenv(all));
            if (!reveal) {
                note("DB_PASSWORD is left out: hackathon-infra env --reveal adds it (the app on the instance reads it"
                        + " from Secrets Manager at start, see config/examples/user-data.sh)");
            }
        }
        return e.missing().isEmpty() ? ExitCodes.OK : ExitCodes.CHANGES_OR_DRIFT;
    }
}
