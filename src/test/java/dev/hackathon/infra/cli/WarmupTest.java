package dev.hackathon.infra.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

/**
 * The launcher records its class-data-sharing archive from {@link Warmup}: if the warm-up
 * stopped going through status (a config key renamed, a command failing on empty answers),
 * the archive would silently cover less. Warmup checks each command's exit code; this keeps
 * it running and reaching every service a status reads.
 */
class WarmupTest {

    @Test
    void statusPlanAndTheFollowUpCallsReachTheStandIn() throws Exception {
        Set<String> answered = Warmup.warmUp();
        // Each service's listing (through the CLI) and a call made only about what was found.
        for (String op : List.of("DescribeVpcs", "DescribeInstances", "DescribeDBInstances", "DescribeReplicationGroups",
                "GetInstanceProfile", "DescribeLoadBalancers", "GetRole", "DescribeImages", "DescribeTargetHealth")) {
            assertTrue(answered.contains(op), op + " not among " + answered);
        }
    }
}
