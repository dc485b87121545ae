package dev.hackathon.infra.bench;

import dev.hackathon.infra.engine.Backoff;
import dev.hackathon.infra.engine.Discoverer;
import dev.hackathon.infra.engine.ErrorDescriber;
import dev.hackathon.infra.engine.Executor;
import dev.hackathon.infra.engine.FakeKind;
import dev.hackathon.infra.engine.Graph;
import dev.hackathon.infra.engine.Node;
import dev.hackathon.infra.engine.RunResult;
import dev.hackathon.infra.engine.RunSettings;
import dev.hackathon.infra.engine.VirtualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Scheduling benchmark (issue 10): the engine runs a fake graph shaped like the full seed
 * stack (design.md §1) on a {@link VirtualClock}, with per-kind latencies in virtual
 * seconds, and its makespan is compared with the graph's critical path, the lower bound
 * for any scheduler whose calls take no time. The gap is what waiting costs: a poll a
 * tenth of the time waited after the last (0.5 s to 10 s) sees a resource up to a tenth
 * of its wait after it is ready. Run at AWS's timings and at a tenth of them (issue 16).
 *
 * <pre>mvn -q -o test-compile &amp;&amp; java -cp target/classes:target/test-classes \
 *     dev.hackathon.infra.bench.SchedulingBenchmark</pre>
 */
public final class SchedulingBenchmark {

    /** Instance profiles reach EC2 about this long after IAM says they exist. */
    static final long PROPAGATION_S = 10;

    /** One resource of the model: key, kind, latency (to ready and to gone), dependencies. */
    record Spec(String key, String kind, long latencyS, List<String> deps) { }

    /** How one run went against the graph's bounds, in virtual milliseconds; polls: the waiters' reads. */
    public record Result(String command, int scale, long makespanMillis, long criticalPathMillis, long serialMillis,
            long polls, long realMillis) {
        public double ratio() {
            return (double) makespanMillis / criticalPathMillis;
        }
    }

    static final Map<String, String> LABELS = new LinkedHashMap<>();
    static final List<Spec> SPECS = new ArrayList<>();

    static {
        kind("vpc", "VPC");
        kind("subnet", "subnet");
        kind("igw", "internet gateway");
        kind("eip", "Elastic IP");
        kind("nat", "NAT gateway");
        kind("route-table", "route table");
        kind("sg", "security group");
        kind("default-sg", "default security group lockdown");
        kind("db-subnet-group", "DB subnet group");
        kind("db", "DB instance");
        kind("cache-subnet-group", "cache subnet group");
        kind("cache", "replication group");
        kind("role", "IAM role");
        kind("role-policy", "IAM inline policy");
        kind("role-attachment", "IAM policy attachment");
        kind("profile", "instance profile");
        kind("instance", "EC2 instance");
        kind("tg", "target group");
        kind("alb", "load balancer");
        kind("listener", "listener");
        kind("rule", "listener rule");
        kind("registration", "target registration");

        spec("vpc/main", 5);
        for (String s : List.of("public-a", "public-b", "app-a", "app-b", "data-a", "data-b")) {
            spec("subnet/" + s, 3, "vpc/main");
        }
        spec("igw/main", 3, "vpc/main");
        spec("eip/nat", 2);
        spec("nat/a", 90, "subnet/public-a", "eip/nat", "igw/main");
        spec("route-table/public", 2, "vpc/main", "igw/main", "subnet/public-a", "subnet/public-b");
        spec("route-table/app", 2, "vpc/main", "nat/a", "subnet/app-a", "subnet/app-b");
        spec("route-table/data", 2, "vpc/main", "subnet/data-a", "subnet/data-b");
        spec("sg/alb", 2, "vpc/main");
        spec("sg/app", 2, "vpc/main", "sg/alb");
        spec("sg/db", 2, "vpc/main", "sg/app");
        spec("sg/cache", 2, "vpc/main", "sg/app");
        spec("default-sg/main", 2, "vpc/main");
        spec("db-subnet-group/main", 2, "subnet/data-a", "subnet/data-b");
        spec("db/main", 420, "db-subnet-group/main", "sg/db");
        spec("cache-subnet-group/main", 2, "subnet/data-a", "subnet/data-b");
        spec("cache/main", 360, "cache-subnet-group/main", "sg/cache");
        spec("role/app", 5);
        spec("role-policy/bedrock", 2, "role/app");
        spec("role-attachment/ssm", 2, "role/app");
        spec("profile/app", 5, "role/app", "role-policy/bedrock", "role-attachment/ssm");
        spec("instance/app", 30, "subnet/app-a", "sg/app", "profile/app");
        spec("tg/app", 2, "vpc/main");
        spec("tg/api", 2, "vpc/main");
        spec("alb/main", 150, "subnet/public-a", "subnet/public-b", "sg/alb");
        spec("listener/http", 2, "alb/main"); // default action: fixed 404, no target group
        spec("rule/app", 2, "listener/http", "tg/app");
        spec("rule/api", 2, "listener/http", "tg/api");
        spec("registration/app", 2, "tg/app", "instance/app");
        spec("registration/api", 2, "tg/api", "instance/app");
    }

    private static void kind(String name, String label) {
        LABELS.put(name, label);
    }

    private static void spec(String key, long latencyS, String... deps) {
        SPECS.add(new Spec(key, key.substring(0, key.indexOf('/')), latencyS, List.of(deps)));
    }

    /** Seconds of the model in virtual milliseconds, with every latency divided by {@code scale}. */
    static long millis(long seconds, int scale) {
        return seconds * 1000 / scale;
    }

    /** Create-to-ready on up (the profile's counts its propagation), create-to-gone on down. */
    static long weight(Spec s, boolean up, int scale) {
        return millis(up && s.kind.equals("profile") ? s.latencyS + PROPAGATION_S : s.latencyS, scale);
    }

    /** The longest path through the graph by latency: no schedule can finish sooner. */
    static long criticalPath(boolean up, int scale) {
        Map<String, Long> finish = new HashMap<>();
        for (Spec s : SPECS) { // listed dependencies first
            long start = s.deps.stream().mapToLong(finish::get).max().orElse(0);
            finish.put(s.key, start + weight(s, up, scale));
        }
        return finish.values().stream().mapToLong(Long::longValue).max().orElseThrow();
    }

    static long serialSum(boolean up, int scale) {
        return SPECS.stream().mapToLong(s -> weight(s, up, scale)).sum();
    }

    /**
     * Runs up, then down, of the modelled stack on a fresh fake cloud, every latency divided
     * by {@code scale} (1: AWS's; 10: a tenth, where the poll interval's floor shows). The
     * engine's back-off is not scaled: it is what is measured.
     */
    public static List<Result> run(int parallelism, int scale) {
        VirtualClock clock = new VirtualClock();
        FakeKind.Cloud cloud = new FakeKind.Cloud(clock);
        Map<String, FakeKind> kinds = new HashMap<>();
        LABELS.forEach((name, label) -> kinds.put(name, cloud.kind(name, label)));
        for (Spec s : SPECS) {
            Duration d = Duration.ofMillis(millis(s.latencyS, scale));
            kinds.get(s.kind).readyAfter(d).goneAfter(d);
        }
        kinds.get("instance").beforeCreate((key, ctx) -> {
            if (clock.nowMillis() < cloud.readyAt("profile/app") + millis(PROPAGATION_S, scale)) {
                throw new FakeKind.FakeError("InvalidParameterValue: Invalid IAM Instance Profile name", true);
            }
        });
        List<Node> nodes = new ArrayList<>();
        for (Spec s : SPECS) {
            nodes.add(new Node(s.key, kinds.get(s.kind), "spec", java.util.Set.copyOf(s.deps)));
        }
        Graph graph = new Graph(nodes);
        RunSettings settings = RunSettings.defaults(k -> Map.of("hackathon-infra:key", k)).withParallelism(parallelism)
                .withClassifier(FakeKind.CLASSIFIER);
        Executor executor = new Executor(clock, settings, e -> { });
        Discoverer discoverer = new Discoverer(ErrorDescriber.PLAIN);

        long t0 = System.nanoTime();
        RunResult up = executor.up(graph, discoverer.discover(cloud.kinds()));
        long t1 = System.nanoTime();
        long upPolls = cloud.calls("discover").size();
        RunResult down = executor.down(graph, discoverer.discover(cloud.kinds()));
        long t2 = System.nanoTime();
        check(up, "up");
        check(down, "down");
        if (up.created() != SPECS.size() || down.deleted() != SPECS.size() || cloud.liveCount() != 0) {
            throw new IllegalStateException("benchmark run incomplete: created " + up.created() + ", deleted "
                    + down.deleted() + ", left " + cloud.liveCount());
        }
        long downPolls = cloud.calls("discover").size() - upPolls;
        // Discovery before each run reads every kind once; the rest are the pollers' reads.
        long discoveryReads = LABELS.size();
        return List.of(
                new Result("up", scale, up.elapsedMillis(), criticalPath(true, scale), serialSum(true, scale),
                        upPolls - discoveryReads, (t1 - t0) / 1_000_000),
                new Result("down", scale, down.elapsedMillis(), criticalPath(false, scale), serialSum(false, scale),
                        downPolls - discoveryReads, (t2 - t1) / 1_000_000));
    }

    private static void check(RunResult r, String command) {
        if (!r.succeeded()) {
            throw new IllegalStateException(command + " failed: " + r.failures() + " skipped " + r.skipped());
        }
    }

    /** The issue 16 goals: ratio at AWS's timings, and at a tenth of them. */
    static final double GOAL_AT_AWS_TIMINGS = 1.05;
    static final double GOAL_AT_A_TENTH = 1.10;

    public static void main(String[] args) {
        int parallelism = args.length > 0 ? Integer.parseInt(args[0]) : 8;
        Backoff b = RunSettings.defaults(k -> Map.of()).backoff();
        System.out.printf("Seed stack model: %d resources, parallelism %d, virtual clock; polls a tenth of the time waited"
                + " apart (%.1f s to %.0f s), retries %.0f s doubling to %.0f s%n", SPECS.size(), parallelism,
                b.pollFloorMillis() / 1000.0, b.maxMillis() / 1000.0, b.initialMillis() / 1000.0, b.maxMillis() / 1000.0);
        System.out.printf("%-6s %-9s %10s %14s %7s %6s %11s %6s %9s%n", "run", "timings", "makespan", "critical path",
                "ratio", "goal", "serial sum", "polls", "real time");
        boolean met = true;
        for (int scale : new int[] {1, 10}) {
            double goal = scale == 1 ? GOAL_AT_AWS_TIMINGS : GOAL_AT_A_TENTH;
            for (Result r : run(parallelism, scale)) {
                boolean ok = r.ratio() <= goal;
                met &= ok;
                System.out.printf("%-6s %-9s %8.1f s %12.1f s %7.3f %6s %9.1f s %6d %6d ms%s%n", r.command(),
                        scale == 1 ? "AWS" : "1/" + scale, r.makespanMillis() / 1000.0, r.criticalPathMillis() / 1000.0,
                        r.ratio(), "<=" + goal, r.serialMillis() / 1000.0, r.polls(), r.realMillis(),
                        ok ? "" : "   GOAL NOT MET");
            }
        }
        System.out.println(met ? "scheduling: every goal met" : "scheduling: a goal is NOT met (see docs/benchmarks.md)");
    }
}
