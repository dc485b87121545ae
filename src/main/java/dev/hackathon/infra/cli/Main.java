package dev.hackathon.infra.cli;

/** Entry point: runs the command line and exits with its code. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        Signals.install();
        System.exit(HackathonInfra.execute(CliContext.system(), args));
    }
}
