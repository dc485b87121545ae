package dev.hackathon.infra.deploy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.hackathon.infra.config.StackConfig;
import dev.hackathon.infra.config.StackConfig.App;
import dev.hackathon.infra.config.StackConfig.Target;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the on-instance script needs to know about a release besides its files, written into the bundle
 * as {@code .hackathon-infra/release.json} (format 1; the script refuses anything else). It holds no
 * secret: the instance reads the app's secrets from {@code secretsPaths} (SSM SecureString parameters,
 * later paths winning) and the database password from the secret {@code DB_SECRET_ARN} names, with its
 * own role.
 *
 * @param settings the stack's settings for this app (what {@code env} prints, without --reveal), in order
 * @param build    command runtime only: its build steps
 * @param start    command runtime only: the command that serves {@code port}
 */
public record ReleaseManifest(String app, App.Runtime runtime, int port, String healthCheckPath, String region,
                              List<String> secretsPaths, Map<String, String> settings, List<String> build,
                              String start) {

    public static final int FORMAT = 1;
    /** The settings the script sets apart: a value here would put a secret into the bundle. */
    static final List<String> SECRET_KEYS = List.of("DB_PASSWORD", "APP_KEY");

    public ReleaseManifest {
        settings = new LinkedHashMap<>(settings);
        for (String key : SECRET_KEYS) {
            if (settings.containsKey(key)) {
                throw new IllegalArgumentException(key + " is a secret: the instance reads it itself, it never "
                        + "goes into a release bundle");
            }
        }
        secretsPaths = List.copyOf(secretsPaths);
        build = build == null ? List.of() : List.copyOf(build);
    }

    /** The manifest of app {@code name} of {@code config}: its runtime, and its target's port and health check. */
    public static ReleaseManifest of(StackConfig config, String name, Map<String, String> settings,
                                     List<String> secretsPaths) {
        App app = config.apps().get(name);
        Target target = config.loadBalancer().targets().get(name);
        if (app == null || target == null) {
            throw new IllegalArgumentException("no app '" + name + "' with a target of that name in the config");
        }
        return new ReleaseManifest(name, app.runtime(), target.port(), target.healthCheckPath(), config.region(),
                secretsPaths, settings, app.build(), app.start());
    }

    /** Pretty-printed, in a fixed order: the same manifest gives the same bytes, so the same release id. */
    public String json() {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("format", FORMAT);
        doc.put("app", app);
        doc.put("runtime", runtime.name());
        doc.put("port", port);
        doc.put("healthCheckPath", healthCheckPath);
        doc.put("region", region);
        doc.put("secretsPaths", secretsPaths);
        doc.put("settings", settings);
        if (runtime == App.Runtime.command) {
            doc.put("build", build);
            doc.put("start", start);
        }
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(doc) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("maps of text always serialise", e);
        }
    }
}
