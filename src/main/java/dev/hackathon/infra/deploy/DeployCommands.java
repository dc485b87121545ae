package dev.hackathon.infra.deploy;

import java.util.ArrayList;
import java.util.List;

/**
 * The shell lines {@code deploy}, {@code rollback} and {@code logs} send with SendCommand
 * ({@code AWS-RunShellScript}'s {@code commands}). No secret is in them: the instance reads its secrets
 * with its own role. The deploy's lines fetch the bundle from the stack's bucket, take the script out of
 * it and run it, so the script that deploys a release is the one the release was packed with.
 */
public final class DeployCommands {

    /** Where the installed script lives on the instance (each deploy installs it). */
    public static final String INSTALLED = "/usr/local/sbin/hackathon-deploy";

    private DeployCommands() {
    }

    /**
     * @param bundleUri  {@code s3://bucket/key} of the release's tar.gz
     * @param releaseId  its SHA-256: the script refuses a bundle with another
     * @param by         who deploys (the caller's identity), for the release log
     */
    public static List<String> deploy(String bundleUri, String region, String releaseId, boolean noMigrate,
                                      String message, String by) {
        List<String> run = new ArrayList<>(List.of("deploy", "\"$work/bundle.tar.gz\"", "--id", quote(releaseId)));
        if (noMigrate) {
            run.add("--no-migrate");
        }
        if (message != null) {
            run.addAll(List.of("--message", quote(message)));
        }
        if (by != null) {
            run.addAll(List.of("--by", quote(by)));
        }
        // /var/tmp, not /tmp: on Amazon Linux 2023 /tmp is memory, and a bundle may be large.
        return List.of(
                "set -eu",
                "work=\"$(mktemp -d \"${TMPDIR:-/var/tmp}/hackathon-deploy.XXXXXX\")\"",
                "trap 'rm -rf \"$work\"' EXIT",
                "aws s3 cp --only-show-errors --region " + quote(region) + " " + quote(bundleUri)
                        + " \"$work/bundle.tar.gz\"",
                "tar -xzf \"$work/bundle.tar.gz\" -C \"$work\" " + ReleaseControl.SCRIPT,
                "bash \"$work/" + ReleaseControl.SCRIPT + "\" " + String.join(" ", run));
    }

    public static List<String> rollback(String app, String reason) {
        return List.of(INSTALLED + " rollback " + quote(app) + " --reason " + quote(reason));
    }

    /** At most {@code maxBytes} of journal lines since {@code since} (15m, 2h) or after {@code cursor}. */
    public static List<String> logs(String app, String since, String cursor, int maxBytes) {
        String where = cursor != null ? " --after " + quote(cursor) : " --since " + quote(since);
        return List.of(INSTALLED + " logs " + quote(app) + where + " --max-bytes " + maxBytes);
    }

    /** POSIX single quotes: everything literal; a quote inside is closed, escaped and reopened. */
    static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
