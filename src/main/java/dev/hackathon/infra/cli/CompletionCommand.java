package dev.hackathon.infra.cli;

import java.util.concurrent.Callable;

import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "completion", mixinStandardHelpOptions = true,
        description = {"Print a shell completion script for bash and zsh (zsh through bashcompinit).",
                "Load it in the current shell, or add the line to ~/.bashrc or ~/.zshrc."},
        footer = {"", "Examples:", "  source <(hackathon-infra completion)",
                "  echo 'source <(hackathon-infra completion)' >> ~/.bashrc",
                "  # zsh: autoload -U +X bashcompinit && bashcompinit; source <(hackathon-infra completion)"})
final class CompletionCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        String script = AutoComplete.bash("hackathon-infra", spec.root().commandLine());
        java.io.PrintStream out = ((HackathonInfra) spec.root().userObject()).ctx.out();
        out.print(script);
        out.flush();
        return ExitCodes.OK;
    }
}
