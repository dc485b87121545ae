package dev.hackathon.infra.cli;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The programs {@code connect} hands over to, found on the PATH of the environment the tool
 * was given (not the JVM's own, so tests can put stand-ins first): the AWS CLI v2, which opens
 * the Session Manager session, and the session-manager-plugin it runs to carry it.
 */
final class LocalTools {

    static final String AWS = "aws";
    static final String PLUGIN = "session-manager-plugin";

    /** How to get each, said when it is missing. */
    static final Map<String, String> INSTALL = Map.of(
            AWS, "the AWS CLI v2: https://docs.aws.amazon.com/cli/latest/userguide/getting-started-install.html"
                    + " (Linux: curl -o awscliv2.zip https://awscli.amazonaws.com/awscli-exe-linux-x86_64.zip"
                    + " && unzip awscliv2.zip && sudo ./aws/install; macOS: brew install awscli)",
            PLUGIN, "the Session Manager plugin: https://docs.aws.amazon.com/systems-manager/latest/userguide/"
                    + "session-manager-working-with-install-plugin.html (Debian/Ubuntu: its .deb, then"
                    + " sudo dpkg -i session-manager-plugin.deb; macOS: brew install --cask session-manager-plugin)");

    private LocalTools() {
    }

    static Optional<Path> find(String name, Map<String, String> env) {
        String path = env.getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path p = Path.of(dir, name);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** The AWS CLI's path; throws naming every missing tool and how to install it. */
    static Path require(Map<String, String> env) {
        List<String> missing = new ArrayList<>();
        Optional<Path> aws = find(AWS, env);
        if (aws.isEmpty()) {
            missing.add(AWS);
        }
        if (find(PLUGIN, env).isEmpty()) {
            missing.add(PLUGIN);
        }
        if (!missing.isEmpty()) {
            StringBuilder sb = new StringBuilder("connect needs " + String.join(" and ", missing)
                    + ", not found on PATH:");
            missing.forEach(m -> sb.append("\n  ").append(m).append(": install ").append(INSTALL.get(m)));
            throw new MissingException(sb.toString());
        }
        return aws.get();
    }

    /** A program {@code connect} needs is not installed (exit 1; nothing was called on AWS). */
    static final class MissingException extends RuntimeException {
        MissingException(String message) {
            super(message);
        }
    }
}
