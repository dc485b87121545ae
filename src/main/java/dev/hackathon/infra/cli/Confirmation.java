package dev.hackathon.infra.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.util.List;

import dev.hackathon.infra.config.StackConfig;
import dev.hackathon.infra.engine.Plan;
import dev.hackathon.infra.engine.PlannedChange;

/**
 * The one place a command asks before it destroys: {@code --yes} confirms; at a terminal the
 * person types the stack name; without a terminal and without {@code --yes} the command stops
 * with exit 2 having changed nothing. {@code down}, {@code up} and {@code rules} all ask here.
 */
final class Confirmation {

    private Confirmation() {
    }

    /** The plan's lines that delete or replace something; creates and in-place updates never ask. */
    static Plan destructive(Plan plan) {
        return new Plan(plan.entries().stream().filter(c -> c.action() == PlannedChange.Action.DELETE
                || c.action() == PlannedChange.Action.REPLACE).toList());
    }

    /**
     * Shows {@code lines} (unless --yes) and asks for the stack name. {@code what}: what typing it
     * agrees to ("delete all of the above"); {@code notes}: lines printed before the question.
     */
    static void ask(StackCommand cmd, StackConfig config, String command, Plan lines, String what, List<String> notes)
            throws IOException {
        HackathonInfra root = cmd.root();
        if (root.yes) {
            return;
        }
        if (!root.ctx.interactive()) {
            throw new UsageException(command + " would delete or replace " + lines.entries().size() + " resource"
                    + (lines.entries().size() == 1 ? "" : "s") + " and needs confirmation: run it at a terminal, or"
                    + " pass --yes (nothing was changed)" + listing(lines));
        }
        cmd.text().plan(lines);
        PrintStream err = root.ctx.err();
        notes.forEach(err::println);
        err.print("Type the stack name (" + config.stack() + ") to " + what + ": ");
        err.flush();
        String answer = root.ctx.in().readLine();
        if (answer == null || !answer.trim().equals(config.stack())) {
            throw new UsageException("not confirmed; nothing was changed");
        }
    }

    /** Without a terminal the lines go with the error, so a CI log says what would have gone. */
    private static String listing(Plan lines) {
        StringBuilder sb = new StringBuilder();
        for (PlannedChange c : lines.entries()) {
            sb.append("\n  ").append(c.action().mark()).append(' ').append(c.label()).append(' ').append(c.key())
                    .append(c.id() == null ? "" : " (" + c.id() + ")")
                    .append(c.changes().isEmpty() ? "" : ": " + String.join("; ", c.changes().stream()
                            .map(Object::toString).toList()));
        }
        return sb.toString();
    }
}
