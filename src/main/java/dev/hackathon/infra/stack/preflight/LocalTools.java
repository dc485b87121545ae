package dev.hackathon.infra.stack.preflight;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The programs {@code connect} runs on this computer, found on PATH as a shell finds them:
 * the AWS CLI ({@code aws}, version 2 for Session Manager sessions with port forwarding) and
 * AWS's {@code session-manager-plugin}, which the CLI starts. One place for the lookup, so
 * doctor's check and the connect command agree.
 */
public final class LocalTools {

    public static final String AWS_CLI = "aws";
    public static final String SESSION_MANAGER_PLUGIN = "session-manager-plugin";
    public static final String AWS_CLI_INSTALL = "https://docs.aws.amazon.com/cli/latest/userguide/getting-started-install.html";
    public static final String PLUGIN_INSTALL =
            "https://docs.aws.amazon.com/systems-manager/latest/userguide/session-manager-working-with-install-plugin.html";

    /** How to get each, said by doctor's fix and by connect when it is missing: the one place for it. */
    private static final Map<String, String> INSTALL = Map.of(
            AWS_CLI, "the AWS CLI v2: " + AWS_CLI_INSTALL
                    + " (Linux: curl -o awscliv2.zip https://awscli.amazonaws.com/awscli-exe-linux-x86_64.zip"
                    + " && unzip awscliv2.zip && sudo ./aws/install; macOS: brew install awscli)",
            SESSION_MANAGER_PLUGIN, "the Session Manager plugin: " + PLUGIN_INSTALL
                    + " (Debian/Ubuntu: its .deb, then sudo dpkg -i session-manager-plugin.deb;"
                    + " macOS: brew install --cask session-manager-plugin)");

    private final Map<String, String> env;

    /** {@code env}: the environment whose PATH (and on Windows PATHEXT) is searched. */
    public LocalTools(Map<String, String> env) {
        this.env = env;
    }

    /** The executable a command name runs, if PATH has one. */
    public Optional<Path> find(String name) {
        String path = env.getOrDefault("PATH", "");
        String[] extensions = env.containsKey("PATHEXT") ? env.get("PATHEXT").split(File.pathSeparator)
                : new String[] {""};
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isBlank()) {
                continue;
            }
            for (String ext : extensions) {
                Path candidate = Path.of(dir, name + ext.toLowerCase(java.util.Locale.ROOT));
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }

    /**
     * What {@code aws --version} prints ("aws-cli/2.17.0 Python/3.11.8 ..."), first line; empty
     * when it does not answer within 5 s.
     */
    public Optional<String> awsCliVersion(Path aws) {
        // The v2 installers (and Homebrew) link `aws` into a versioned folder: no process needed.
        Optional<String> fromLayout = versionFromLayout(aws);
        if (fromLayout.isPresent()) {
            return fromLayout;
        }
        try {
            Process p = new ProcessBuilder(aws.toString(), "--version").redirectErrorStream(true).start();
            p.getOutputStream().close();
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return Optional.empty();
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            return out.lines().findFirst();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /**
     * "aws-cli/2.17.0" when the real path is a v2 installation: /usr/local/aws-cli/v2/2.17.0/bin/aws
     * (AWS's installer), .../Cellar/awscli/2.17.0/bin/aws (Homebrew). Starting the CLI to ask
     * takes 0.3 s for v2 and seconds for v1 (Python), more than every AWS check together.
     */
    static Optional<String> versionFromLayout(Path aws) {
        try {
            String real = aws.toRealPath().toString().replace('\\', '/');
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("/(?:aws-cli/v2|awscli)/(2\\.[0-9.]+)/")
                    .matcher(real);
            return m.find() ? Optional.of("aws-cli/" + m.group(1)) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Whether a version line is the AWS CLI's version 2 ("aws-cli/2."). */
    public static boolean isVersion2(String versionLine) {
        return versionLine.startsWith("aws-cli/2.");
    }

    /** What to install for {@code tool} ({@link #AWS_CLI} or {@link #SESSION_MANAGER_PLUGIN}) and how. */
    public static String installHint(String tool) {
        return INSTALL.get(tool);
    }

    /**
     * The AWS CLI's path, for connect; throws naming every missing tool and how to install it
     * (before any AWS call: without them there is nothing to connect with).
     */
    public Path requireForConnect() {
        java.util.List<String> missing = new java.util.ArrayList<>();
        Optional<Path> aws = find(AWS_CLI);
        if (aws.isEmpty()) {
            missing.add(AWS_CLI);
        }
        if (find(SESSION_MANAGER_PLUGIN).isEmpty()) {
            missing.add(SESSION_MANAGER_PLUGIN);
        }
        if (!missing.isEmpty()) {
            StringBuilder sb = new StringBuilder("connect needs " + String.join(" and ", missing)
                    + ", not found on PATH:");
            missing.forEach(m -> sb.append("\n  ").append(m).append(": install ").append(installHint(m)));
            throw new MissingException(sb.toString());
        }
        return aws.get();
    }

    /** A program connect needs is not installed (exit 1; nothing was called on AWS). */
    public static final class MissingException extends RuntimeException {
        MissingException(String message) {
            super(message);
        }
    }
}
