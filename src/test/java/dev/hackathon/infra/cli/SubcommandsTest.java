package dev.hackathon.infra.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.hackathon.infra.testing.TestCli;
import picocli.CommandLine;

/** Only the command a command line names is built; everything else still gets every command. */
class SubcommandsTest {

    private static Class<?> named(String... args) {
        return Subcommands.named(new CommandLine(new HackathonInfra(null)).getCommandSpec(), args);
    }

    private static Set<String> built(String... args) {
        return HackathonInfra.tree(new HackathonInfra(null), args).getSubcommands().keySet();
    }

    @Test
    void theCommandIsTheFirstWordThatIsNoGlobalOptionsValue() {
        assertEquals(StatusCommand.class, named("status"));
        assertEquals(StatusCommand.class, named("--config", "x.yaml", "--output", "json", "status", "--verbose"));
        assertEquals(StatusCommand.class, named("--output=json", "--no-color", "-q", "status"));
        assertEquals(UpCommand.class, named("--profile", "status", "up"));
        assertEquals(RulesCommand.class, named("rules", "add", "--host", "status"));
        assertEquals(CommandLine.HelpCommand.class, named("help", "status"));
        assertNull(named("--help"));
        assertNull(named("stauts"));
        assertNull(named());
        assertNull(named("--", "status"));
    }

    @Test
    void aNamedCommandIsBuiltAloneAndEverythingElseGetsAll() {
        Set<String> all = Set.of("up", "plan", "status", "down", "rules", "unlock", "doctor", "connect", "env",
                "completion", "help");
        assertEquals(Set.of("status"), built("--output", "json", "status"));
        assertEquals(Set.of("rules"), built("rules", "list"));
        assertEquals(List.of("list", "add", "remove", "sync"), List.copyOf(
                HackathonInfra.tree(new HackathonInfra(null), "rules").getSubcommands().get("rules").getSubcommands().keySet()));
        for (String[] args : new String[][] {{"--help"}, {"help", "status"}, {"completion"}, {"stauts"}, {}}) {
            assertEquals(all, built(args), String.join(" ", args));
        }
    }

    @Test
    void aMistypedCommandStillGetsItsSuggestion() {
        TestCli.Result r = new TestCli(null).runRaw("stauts");
        assertEquals(2, r.exit(), r::toString);
        assertEquals(true, r.err().contains("status"), r::toString);
    }
}
