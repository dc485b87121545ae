package dev.hackathon.infra.config;

import dev.hackathon.infra.config.StackConfig.App;
import dev.hackathon.infra.config.StackConfig.App.Runtime;
import dev.hackathon.infra.config.StackConfig.Target;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code apps} section: what {@code deploy} puts on the instance. An app's key is a key of
 * {@code loadBalancer.targets}, so the app serves that target's port and answers its health check; its
 * source folder must exist (relative paths start at the config file's folder), so a deploy never starts
 * only to find nothing to package.
 */
final class AppsValidator {

    static final List<String> APP_KEYS = List.of("source", "runtime", "build", "start");
    static final List<String> RUNTIMES = Arrays.stream(Runtime.values()).map(Enum::name).toList();
    private static final Check RUNTIME = Checks.oneOf(RUNTIMES);

    private AppsValidator() {
    }

    /** In file order; an app with a problem is left out (the problems stop the load anyway). */
    static Map<String, App> validate(Field field, Map<String, Target> targets, Path configFile) {
        Map<String, App> apps = new LinkedHashMap<>();
        Section section = field.mapping(null);
        Map<Integer, String> portOwners = new HashMap<>();
        for (String name : section.keys()) {
            Target target = targets.get(name);
            // No targets at all is the load balancer's problem, reported there: not once more per app.
            if (target == null && !targets.isEmpty()) {
                section.keyProblem(name, "no target '" + name + "' in loadBalancer.targets: an app serves the "
                        + "port and health check of the target of its name; the targets are "
                        + String.join(", ", targets.keySet()) + DidYouMean.hint(name, targets.keySet()));
            }
            App app = app(section.field(name), name, configFile);
            if (app != null && target != null && target.port() > 0) {
                String other = portOwners.putIfAbsent(target.port(), name);
                if (other != null) {
                    section.keyProblem(name, "apps " + other + " and " + name + " would both serve port "
                            + target.port() + " on the instance (their targets' port); give the targets different ports");
                }
            }
            if (app != null && target != null) {
                apps.put(name, app);
            }
        }
        return apps;
    }

    private static App app(Field field, String name, Path configFile) {
        Section app = field.require("an empty app; give source and runtime, e.g. " + name
                + ": {source: ../" + name + ", runtime: laravel}").mapping(APP_KEYS);
        if (!field.present() || app.mistyped()) {
            return null;
        }
        Field sourceField = app.field("source")
                .require("required: the app's folder, e.g. source: ../" + name + " (relative to this file's folder)");
        String text = sourceField.text();
        Path source = text == null ? null : folder(sourceField, text, configFile);
        String runtimeText = app.field("runtime")
                .require("required: the app's runtime, one of " + String.join(", ", RUNTIMES)).text(RUNTIME);
        Runtime runtime = runtimeText == null ? null : Runtime.valueOf(runtimeText);
        Field buildField = app.field("build");
        Field startField = app.field("start");
        List<String> build = null;
        String start = null;
        if (runtime == Runtime.command) {
            build = steps(buildField);
            start = startField.require("runtime: command needs start: the command that serves the target's port"
                    + " (in $PORT), e.g. start: \"node server.js\"").text(Checks.COMMAND);
        } else if (runtime != null) {
            onlyForCommand(buildField, runtime, "build steps belong");
            onlyForCommand(startField, runtime, "a start command belongs");
        }
        boolean complete = source != null && runtime != null && (runtime != Runtime.command || start != null && build != null);
        return complete ? new App(source, runtime, build, start) : null;
    }

    /** The app's folder, resolved against the config's folder; null (reported) when there is none. */
    private static Path folder(Field field, String text, Path configFile) {
        Path path = ConfigValidator.resolveNextTo(configFile, field, text);
        if (path == null) {
            return null;
        }
        if (!Files.isDirectory(path)) {
            field.problem((Files.exists(path) ? path + " is a file, not a folder" : "no folder at " + path)
                    + " (a relative path starts at the config file's folder)");
            return null;
        }
        return path;
    }

    /** The build steps in order; an empty list when absent; null (reported) when one is wrong. */
    private static List<String> steps(Field field) {
        if (!field.present()) {
            return List.of();
        }
        List<Field> items = field.items();
        if (items == null) {
            return null;
        }
        List<String> steps = new ArrayList<>();
        for (Field item : items) {
            String step = item.require("an empty build step; remove it or give a command").text(Checks.COMMAND);
            if (step != null) {
                steps.add(step);
            }
        }
        return steps.size() == items.size() ? steps : null;
    }

    private static void onlyForCommand(Field field, Runtime runtime, String what) {
        if (field.present()) {
            field.problem(what + " to runtime: command; " + runtime + " " + builtIn(runtime)
                    + " (remove this, or use runtime: command)");
        }
    }

    private static String builtIn(Runtime runtime) {
        return switch (runtime) {
            case laravel -> "builds with composer install and php artisan optimize, and is served by php-fpm";
            case nextjs -> "builds with npm ci and npm run build, and starts with npm start";
            case command -> "";
        };
    }
}
