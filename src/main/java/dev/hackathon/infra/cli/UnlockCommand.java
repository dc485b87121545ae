package dev.hackathon.infra.cli;

import java.io.IOException;
import java.util.Optional;

import dev.hackathon.infra.aws.AwsSession;
import dev.hackathon.infra.config.StackConfig;
import dev.hackathon.infra.stack.RunLock;
import dev.hackathon.infra.stack.StackService;
import picocli.CommandLine.Command;

@Command(name = "unlock", mixinStandardHelpOptions = true,
        description = {"Break the stack's run lock, left by a run that died (a killed CI job).",
                "Shows who holds it and asks you to type the stack name; --yes skips the question."},
        footer = {"", "Examples:", "  hackathon-infra unlock", "  hackathon-infra unlock --yes --profile ci"})
final class UnlockCommand extends StackCommand {

    @Override
    int run(StackConfig config, StackService service, AwsSession aws) throws IOException {
        RunLock lock = new RunLock(aws.ssm(), config.stack(), root().ctx.clock());
        Optional<RunLock.Holder> holder = lock.read();
        if (holder.isEmpty()) {
            root().ctx.out().println("Stack " + config.stack() + " is not locked.");
            return ExitCodes.OK;
        }
        root().ctx.out().println("Stack " + config.stack() + " is locked by " + holder.get().describe() + ".");
        if (!root().yes) {
            if (!root().ctx.interactive()) {
                throw new UsageException("unlock needs confirmation: run it at a terminal, or pass --yes");
            }
            root().ctx.err().print("Type the stack name (" + config.stack() + ") to break the lock: ");
            root().ctx.err().flush();
            String answer = root().ctx.in().readLine();
            if (answer == null || !answer.trim().equals(config.stack())) {
                throw new UsageException("not confirmed; the lock stays");
            }
        }
        lock.breakLock();
        root().ctx.out().println("Lock broken.");
        return ExitCodes.OK;
    }
}
