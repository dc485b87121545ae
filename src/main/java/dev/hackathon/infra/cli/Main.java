package dev.hackathon.infra.cli;

/** Entry point: runs the command line and exits with its code. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        // Before anything else is loaded: the root's help is text the build rendered. It ends
        // by returning (exit code 0), not System.exit: since JDK 21 exit asks for a logger, and
        // finding the logging back end opens every jar on the class path, 45 ms here.
        if (RootHelp.answers(args)
                && RootHelp.print(System.out, RootHelp.colors(CliContext.terminal(), System.getenv(), args))) {
            return;
        }
        Signals.install();
        System.exit(HackathonInfra.execute(CliContext.system(), args));
    }
}
