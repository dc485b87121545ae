package dev.hackathon.infra.stack.preflight;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The programs {@code connect} needs: the AWS CLI v2 and the session-manager-plugin on PATH.
 * Warnings, never failures: up, status and down do not need them.
 */
final class LocalToolsCheck implements PreflightCheck {

    @Override
    public String id() {
        return "tools";
    }

    /** connect needs them, up does not. */
    @Override
    public boolean neededFor(PreflightScope scope) {
        return scope.everything();
    }

    @Override
    public List<Finding> run(PreflightContext c) {
        LocalTools tools = new LocalTools(c.env());
        return List.of(awsCli(tools), plugin(tools));
    }

    private static Finding awsCli(LocalTools tools) {
        String id = "tools.aws";
        Optional<Path> aws = tools.find(LocalTools.AWS_CLI);
        if (aws.isEmpty()) {
            return Finding.warn(id, "aws (AWS CLI) is not on PATH; connect needs it",
                    "install " + LocalTools.installHint(LocalTools.AWS_CLI));
        }
        Optional<String> version = tools.awsCliVersion(aws.get());
        if (version.isPresent() && LocalTools.isVersion2(version.get())) {
            return Finding.ok(id, version.get().split(" ")[0] + " at " + aws.get());
        }
        return Finding.warn(id, (version.isPresent() ? version.get().split(" ")[0] : "an AWS CLI that does not tell its version")
                + " at " + aws.get() + "; connect needs version 2", "install " + LocalTools.installHint(LocalTools.AWS_CLI));
    }

    private static Finding plugin(LocalTools tools) {
        String id = "tools.session-manager-plugin";
        return tools.find(LocalTools.SESSION_MANAGER_PLUGIN)
                .map(p -> Finding.ok(id, "at " + p))
                .orElseGet(() -> Finding.warn(id, "session-manager-plugin is not on PATH; connect needs it",
                        "install " + LocalTools.installHint(LocalTools.SESSION_MANAGER_PLUGIN)));
    }
}
