package dev.hackathon.infra.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.SortedSet;

import dev.hackathon.infra.aws.AwsSession;
import dev.hackathon.infra.testing.StackInventory;
import dev.hackathon.infra.testing.TestCli;
import dev.hackathon.infra.testing.TestCli.Result;

/** The end states every reliability test asks for, checked the same way everywhere. */
final class Stacks {

    private Stacks() {
    }

    /**
     * The stack is whole and nothing more: {@code status} exits 0 (every resource of the config
     * present, in sync and ready, nothing extra), and the independent inventory holds exactly
     * one resource per key and no run lock. Returns that inventory.
     */
    static Map<String, java.util.List<String>> assertWholeAndHealthy(TestCli cli, String config, AwsSession aws,
                                                                    String stack) {
        Result status = cli.run("status", "--config", config);
        assertEquals(0, status.exit(), () -> "status of " + stack + ": " + status);
        Map<String, java.util.List<String>> inventory = StackInventory.of(aws, stack);
        assertEquals(Map.of(), StackInventory.duplicates(inventory), "one resource per key");
        assertEquals(false, inventory.keySet().stream().anyMatch(l -> l.startsWith("run-lock")), "lock released");
        return inventory;
    }

    /**
     * {@code down} exits 0 and the account holds exactly what it held before the stack was
     * made, tagged or not (a listener or a policy cannot outlive its load balancer or role).
     * Returns the account as it is now.
     */
    static SortedSet<String> assertDownLeftNothing(Result down, AwsSession aws, String stack, SortedSet<String> before) {
        assertEquals(0, down.exit(), () -> "down of " + stack + ": " + down);
        SortedSet<String> after = StackInventory.account(aws);
        assertEquals(before, after, "down of " + stack + " leaves nothing, tagged or not");
        return after;
    }

    /** Runs {@code down --yes} and checks it as {@link #assertDownLeftNothing}. */
    static SortedSet<String> assertDownLeavesNothing(TestCli cli, String config, AwsSession aws, String stack,
                                                     SortedSet<String> before) {
        return assertDownLeftNothing(cli.run("down", "--yes", "--config", config), aws, stack, before);
    }
}
