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
                "Shows who holds it and asks you to type the stack name; --yes skips the question.",
                "",
                "The lock is an SSM parameter. Taking a free lock is atomic (a create that fails if it exists);"
                        + " nothing else is: SSM cannot delete only if unchanged. unlock reads the lock again right"
                        + " before it deletes it and keeps a lock that changed hands meanwhile (exit 5). A run still"
                        + " alive whose lock you break notices at its next renewal (within 45 s) and stops before"
                        + " its next change (exit 5). A lock nobody renews lapses by itself 3 minutes after its last"
                        + " renewal, and the next run takes it over."},
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
        Optional<RunLock.Holder> now = lock.breakLock(holder.get());
        if (now.isPresent()) {
            root().ctx.err().println("error: the lock changed hands while you were asked: it is now held by "
                    + now.get().describe() + "; nothing was deleted.\n  fix: run hackathon-infra unlock again if"
                    + " that run died too");
            return ExitCodes.LOCKED;
        }
        root().ctx.out().println("Lock broken.");
        return ExitCodes.OK;
    }
}
