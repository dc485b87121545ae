package dev.hackathon.infra.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

/** Rule logic without a server: matching, limits, windows, seeded probability. */
class FaultInjectorTest {

    @Test
    void matchesExactPrefixAnyAndServiceQualifiedNames() {
        FaultInjector f = new FaultInjector();
        f.fail("ec2:Create*", "X", 400);
        assertNotNull(f.decide("ec2", "CreateVpc", "ec2", false, null));
        assertNull(f.decide("rds", "CreateDBInstance", "query", false, null));
        assertNull(f.decide("ec2", "DescribeVpcs", "ec2", false, null));
        f.fail("*", "Y", 400);
        assertEquals("Y", f.decide("rds", "CreateDBInstance", "query", false, null).code());
    }

    @Test
    void timesLimitsAndFirstMatchingRuleWins() {
        FaultInjector f = new FaultInjector();
        f.fail("DeleteVpc", "DependencyViolation", 400).times(2);
        f.throttle("DeleteVpc").times(1);
        List<String> codes = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            FaultInjector.Fault fault = f.decide("ec2", "DeleteVpc", "ec2", false, null);
            codes.add(fault == null ? "ok" : fault.code());
        }
        assertEquals(List.of("DependencyViolation", "DependencyViolation", "RequestLimitExceeded", "ok"), codes);
        assertEquals(3, f.injectedCount("ec2:DeleteVpc"));
    }

    @Test
    void lostResponsesAreOnlyDecidedAfterASuccess() {
        FaultInjector f = new FaultInjector();
        f.loseResponse("CreateVpc");
        assertNull(f.decide("ec2", "CreateVpc", "ec2", false, null));
        FaultInjector.Fault lost = f.decide("ec2", "CreateVpc", "ec2", true, "<vpcId>vpc-1</vpcId>");
        assertEquals(500, lost.status());
        assertEquals("InternalError", lost.code());
        assertEquals("<vpcId>vpc-1</vpcId>", f.injected().get(0).serverResponse());
        assertEquals("InternalFailure", new FaultInjector().loseResponse("*").fault("query").code());
    }

    @Test
    void windowsFollowTheInjectorsClock() {
        AtomicLong now = new AtomicLong(1_000);
        FaultInjector f = new FaultInjector().clock(now::get);
        f.fail("DeleteSubnet", "DependencyViolation", 400).during(Duration.ofMinutes(2));
        assertNotNull(f.decide("ec2", "DeleteSubnet", "ec2", false, null));
        now.addAndGet(119_999);
        assertNotNull(f.decide("ec2", "DeleteSubnet", "ec2", false, null));
        now.incrementAndGet();
        assertNull(f.decide("ec2", "DeleteSubnet", "ec2", false, null));
    }

    @Test
    void aConditionOnTheRequestNarrowsARuleToOneResource() {
        FaultInjector f = new FaultInjector();
        f.fail("DeleteSubnet", "DependencyViolation", 400)
                .when(body -> "subnet-1".equals(FaultInjector.param(body, "SubnetId")));
        assertNotNull(f.decide("ec2", "DeleteSubnet", "ec2", false, "Action=DeleteSubnet&SubnetId=subnet-1&Version=2016-11-15", null));
        assertNull(f.decide("ec2", "DeleteSubnet", "ec2", false, "Action=DeleteSubnet&SubnetId=subnet-12&Version=2016-11-15", null));
        assertEquals("a b/c", FaultInjector.param("X=1&Name=a+b%2Fc", "Name"));
        assertNull(FaultInjector.param("X=1", "Name"));
    }

    @Test
    void probabilityIsReproducibleFromTheSeed() {
        assertEquals(pattern(7), pattern(7));
        String p = pattern(7);
        assertTrue(p.contains("x") && p.contains("."), p);
    }

    private static String pattern(long seed) {
        FaultInjector f = new FaultInjector(seed);
        f.throttle("*").withProbability(0.5);
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            s.append(f.decide("ec2", "DescribeVpcs", "ec2", false, null) == null ? '.' : 'x');
        }
        return s.toString();
    }

    @Test
    void onlyLiteralLoopbackHostsAreAccepted() {
        assertTrue(FaultInjector.isLoopbackHost("127.0.0.1"));
        assertTrue(FaultInjector.isLoopbackHost("127.1.2.3"));
        assertTrue(FaultInjector.isLoopbackHost("localhost"));
        assertTrue(FaultInjector.isLoopbackHost("[::1]"));
        assertFalse(FaultInjector.isLoopbackHost("ec2.ap-northeast-1.amazonaws.com"));
        assertFalse(FaultInjector.isLoopbackHost("127.0.0.1.example.com"));
        assertFalse(FaultInjector.isLoopbackHost("10.0.0.1"));
    }

    @Test
    void mutatingOperationsAreRecognisedByPrefixAtAWordBoundary() {
        assertTrue(RecordingInterceptor.isMutating("CreateVpc"));
        assertTrue(RecordingInterceptor.isMutating("AddTagsToResource"));
        assertTrue(RecordingInterceptor.isMutating("SetRulePriorities"));
        assertTrue(RecordingInterceptor.isMutating("TagResource"));
        assertTrue(RecordingInterceptor.isMutating("RunInstances"));
        assertFalse(RecordingInterceptor.isMutating("DescribeVpcs"));
        assertFalse(RecordingInterceptor.isMutating("ListTagsForResource"));
        assertFalse(RecordingInterceptor.isMutating("GetParameter"));
        assertFalse(RecordingInterceptor.isMutating("Settle"));
    }
}
