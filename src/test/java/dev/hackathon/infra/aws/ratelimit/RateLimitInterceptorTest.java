package dev.hackathon.infra.aws.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import dev.hackathon.infra.engine.Clock;
import dev.hackathon.infra.engine.VirtualClock;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.core.client.builder.SdkSyncClientBuilder;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.StandardRetryStrategy;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.acm.AcmClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.elasticache.ElastiCacheClient;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * The limiter as the SDK runs it: through real clients (their HTTP answered in process, no
 * network), on a virtual clock. Every attempt takes a token, retries after throttling included,
 * keyed by the account, Region, service and operation the SDK itself names.
 */
class RateLimitInterceptorTest {

    static final String ACCOUNT = "111111111111";
    static final String OK = "<DescribeVpcsResponse xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\">"
            + "<requestId>r</requestId><vpcSet/></DescribeVpcsResponse>";
    static final String THROTTLED = "<Response><Errors><Error><Code>RequestLimitExceeded</Code>"
            + "<Message>Request limit exceeded.</Message></Error></Errors><RequestID>r</RequestID></Response>";

    /** Answers every request in process: throttled on every {@code throttleEvery}-th attempt (0: never). */
    static final class Answers implements SdkHttpClient {
        final AtomicInteger attempts = new AtomicInteger();
        final int throttleEvery;

        Answers(int throttleEvery) {
            this.throttleEvery = throttleEvery;
        }

        @Override
        public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
            int n = attempts.incrementAndGet();
            boolean throttle = throttleEvery > 0 && n % throttleEvery == 1;
            return new ExecutableHttpRequest() {
                @Override
                public HttpExecuteResponse call() {
                    byte[] body = (throttle ? THROTTLED : OK).getBytes(StandardCharsets.UTF_8);
                    return HttpExecuteResponse.builder()
                            .response(SdkHttpResponse.builder().statusCode(throttle ? 503 : 200).build())
                            .responseBody(AbortableInputStream.create(new ByteArrayInputStream(body))).build();
                }

                @Override
                public void abort() {
                }
            };
        }

        @Override
        public void close() {
        }
    }

    /** A client as a session builds one, but retrying at once: the SDK's backoff would really sleep. */
    static <C extends SdkClient, B extends AwsClientBuilder<B, C> & SdkSyncClientBuilder<B, C>> C client(
            B builder, Region region, SdkHttpClient http, ExecutionInterceptor interceptor) {
        return builder.region(region)
                .endpointOverride(URI.create("http://127.0.0.1:9"))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(http)
                .overrideConfiguration(o -> o.addExecutionInterceptor(interceptor)
                        .retryStrategy(StandardRetryStrategy.builder().maxAttempts(3).circuitBreakerEnabled(false)
                                .backoffStrategy(BackoffStrategy.retryImmediately())
                                .throttlingBackoffStrategy(BackoffStrategy.retryImmediately()).build()))
                .build();
    }

    /** The virtual time {@code calls} CreateNatGateway (a scarce bucket) take through one team's limited client. */
    static long virtualMillisFor(int calls, int throttleEvery) {
        VirtualClock clock = new VirtualClock(0);
        RateLimiter limiter = new RateLimiter(clock);
        Answers http = new Answers(throttleEvery);
        try (Ec2Client ec2 = client(Ec2Client.builder(), Region.AP_NORTHEAST_1, http, limiter.interceptor("team-a", ACCOUNT))) {
            for (int i = 0; i < calls; i++) {
                ec2.createNatGateway(b -> b.subnetId("subnet-1"));
            }
        }
        return clock.nowMillis();
    }

    @Test
    void aThrottledAttemptThatTheSdkRetriesTakesATokenLikeAnyCall() {
        // 20 calls, each throttled once and retried by the SDK, make 40 attempts. A retry goes at
        // once (the SDK's backoff spaced it already) but its token is owed: the 20th call waits as
        // long as the 39th of 39 calls that each went through the first time.
        long throttledOnce = virtualMillisFor(20, 2);
        long plain39 = virtualMillisFor(39, 0);
        long plain20 = virtualMillisFor(20, 0);

        assertTrue(plain20 > 0, "20 calls at once must outrun the bucket for this test to mean anything");
        assertTrue(plain39 > plain20);
        assertEquals(plain39, throttledOnce);
    }

    @Test
    void callsInAnotherRegionOrAccountDoNotWaitForABusyBucket() {
        VirtualClock clock = new VirtualClock(0);
        RateLimiter limiter = new RateLimiter(clock);
        try (Ec2Client tokyo = client(Ec2Client.builder(), Region.AP_NORTHEAST_1, new Answers(0),
                limiter.interceptor("team-a", ACCOUNT));
             Ec2Client virginia = client(Ec2Client.builder(), Region.US_EAST_1, new Answers(0),
                     limiter.interceptor("team-b", ACCOUNT));
             Ec2Client elsewhere = client(Ec2Client.builder(), Region.AP_NORTHEAST_1, new Answers(0),
                     limiter.interceptor("team-c", "222222222222"))) {
            for (int i = 0; i < 20; i++) {
                tokyo.createNatGateway(b -> b.subnetId("subnet-1"));
            }
            long busy = clock.nowMillis();
            assertTrue(busy > 0, "Tokyo's bucket must be busy for this test to mean anything");

            virginia.createNatGateway(b -> b.subnetId("subnet-1"));
            elsewhere.createNatGateway(b -> b.subnetId("subnet-1"));

            assertEquals(busy, clock.nowMillis());
        }
    }

    @Test
    void ApiLimitsNamesTheServicesAsTheSdkDoes() {
        Map<String, String> seen = new LinkedHashMap<>();
        ExecutionInterceptor names = new ExecutionInterceptor() {
            @Override
            public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                seen.put(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME),
                        attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME));
                throw new IllegalStateException("seen");
            }
        };
        Region r = Region.AP_NORTHEAST_1;
        List<Runnable> calls = List.of(
                () -> client(Ec2Client.builder(), r, new Answers(0), names).describeVpcs(),
                () -> client(ElasticLoadBalancingV2Client.builder(), r, new Answers(0), names).describeLoadBalancers(),
                () -> client(RdsClient.builder(), r, new Answers(0), names).describeDBInstances(),
                () -> client(ElastiCacheClient.builder(), r, new Answers(0), names).describeReplicationGroups(),
                () -> client(IamClient.builder(), Region.AWS_GLOBAL, new Answers(0), names).listRoles(),
                () -> client(SsmClient.builder(), r, new Answers(0), names).describeParameters(),
                () -> client(AcmClient.builder(), r, new Answers(0), names).listCertificates(),
                () -> client(Route53Client.builder(), Region.AWS_GLOBAL, new Answers(0), names).listHostedZones());
        for (Runnable call : calls) {
            try {
                call.run();
            } catch (RuntimeException expected) {
                // stopped by the recorder before anything was sent
            }
        }

        assertEquals(Map.of("DescribeVpcs", ApiLimits.EC2, "DescribeLoadBalancers", ApiLimits.ELB,
                "DescribeDBInstances", ApiLimits.RDS, "DescribeReplicationGroups", ApiLimits.ELASTICACHE,
                "ListRoles", ApiLimits.IAM, "DescribeParameters", ApiLimits.SSM, "ListCertificates", ApiLimits.ACM,
                "ListHostedZones", ApiLimits.ROUTE53), seen);
        seen.forEach((operation, service) -> assertTrue(!ApiLimits.of(service, operation, null).isEmpty(), service));
    }

    @Test
    void aCallStoppedWhileWaitingIsGivenUpWithoutHoldingUpTheLine() throws Exception {
        // A clock that stands still: a call that finds no token waits until it is interrupted.
        Clock frozen = new Clock() {
            @Override
            public long nowMillis() {
                return 0;
            }

            @Override
            public <T> T await(BlockingQueue<T> events, long deadlineMillis, boolean workInFlight)
                    throws InterruptedException {
                return events.take();
            }

            @Override
            public void sleep(long millis) {
                throw new AssertionError("the limiter must not sleep");
            }
        };
        RateLimiter limiter = new RateLimiter(frozen);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicInteger sent = new AtomicInteger();
        Thread team = new Thread(() -> {
            try (Ec2Client ec2 = client(Ec2Client.builder(), Region.AP_NORTHEAST_1, new Answers(0),
                    limiter.interceptor("team-a", ACCOUNT))) {
                while (true) {
                    ec2.createNatGateway(b -> b.subnetId("subnet-1"));
                    sent.incrementAndGet();
                }
            } catch (RuntimeException e) {
                failure.set(e);
            }
        });
        team.start();
        long giveUp = System.nanoTime() + 30_000_000_000L;
        while (limiter.nextDispatchAt() == Long.MAX_VALUE && System.nanoTime() < giveUp) {
            Thread.onSpinWait();
        }
        assertTrue(limiter.nextDispatchAt() != Long.MAX_VALUE, "the call never started waiting");

        team.interrupt();
        team.join(30_000);

        assertInstanceOf(AbortedException.class, failure.get());
        assertTrue(sent.get() > 0);
        assertEquals(Long.MAX_VALUE, limiter.nextDispatchAt(), "the given-up call still holds a place in line");
    }

    @Test
    void manyThreadsThroughTheBlockingPathGetEveryCallThroughUnderTheBucket() throws Exception {
        VirtualClock clock = new VirtualClock(0);
        RateLimiter limiter = new RateLimiter(clock);
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        AtomicInteger done = new AtomicInteger();
        List<Thread> teams = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String team = "team-" + i;
            Thread t = new Thread(() -> {
                try {
                    for (int c = 0; c < 10; c++) {
                        limiter.acquire(team, ACCOUNT, "ap-northeast-1", ApiLimits.EC2, "CreateNatGateway", null);
                        done.incrementAndGet();
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            });
            teams.add(t);
            t.start();
        }
        for (Thread t : teams) {
            t.join(60_000);
        }

        assertEquals(List.of(), failures);
        assertEquals(200, done.get());
        // AWS's CreateNatGateway bucket (10, refilled at 1 a second) lets at most 10 + t calls through by time t.
        assertTrue(200 <= 10 + clock.nowMillis() / 1000.0, "200 calls by " + clock.nowMillis() + " ms");
    }
}
