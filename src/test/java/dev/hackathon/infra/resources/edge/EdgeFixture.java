package dev.hackathon.infra.resources.edge;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import dev.hackathon.infra.aws.AwsErrors;
import dev.hackathon.infra.aws.AwsSession;
import dev.hackathon.infra.config.StackConfig;
import dev.hackathon.infra.config.SubnetLayout.Tier;
import dev.hackathon.infra.engine.Context;
import dev.hackathon.infra.engine.Discoverer;
import dev.hackathon.infra.engine.Discovery;
import dev.hackathon.infra.engine.Executor;
import dev.hackathon.infra.engine.Graph;
import dev.hackathon.infra.engine.Node;
import dev.hackathon.infra.engine.Observed;
import dev.hackathon.infra.engine.Plan;
import dev.hackathon.infra.engine.Planner;
import dev.hackathon.infra.engine.RunListener;
import dev.hackathon.infra.engine.RunResult;
import dev.hackathon.infra.engine.RunSettings;
import dev.hackathon.infra.engine.Snapshot;
import dev.hackathon.infra.engine.VirtualClock;
import dev.hackathon.infra.resources.Ownership;
import dev.hackathon.infra.resources.data.DbInstances;
import dev.hackathon.infra.resources.network.Ec2Kind;
import dev.hackathon.infra.stack.EdgeTier;
import dev.hackathon.infra.stack.NetworkTier;
import dev.hackathon.infra.stack.StackKinds;
import dev.hackathon.infra.stack.StackService;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Image;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Listener;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancer;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Rule;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroup;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthDescription;

/**
 * The network and edge tiers plus a stand-in for the compute tier's instance (key
 * {@code instance/app}, kind {@code instance}: a plain RunInstances in the app subnet), run
 * through the real engine against moto. Tests of the edge do not depend on the compute
 * tier's code, only on its key and kind name.
 */
final class EdgeFixture {

    final AwsSession aws;
    final StackConfig config;
    final Ownership owner;
    final StackKinds kinds;
    final Graph graph;
    final RunSettings settings;
    final ElasticLoadBalancingV2Client elb;
    /** The runs' clock, on which they wait and retry. */
    final VirtualClock clock = new VirtualClock(System.currentTimeMillis());

    EdgeFixture(AwsSession aws, StackConfig config) {
        this(aws, config, false);
    }

    EdgeFixture(AwsSession aws, StackConfig config, boolean confirmProtected) {
        this.aws = aws;
        this.config = config;
        this.owner = new Ownership(config.stack());
        this.kinds = new StackKinds(aws, new StackKinds.Settings(owner, new DbInstances.DeletePolicy(false, confirmProtected),
                null, null, dev.hackathon.infra.config.StackConfig.Dns.DEFAULT));
        List<Node> nodes = new ArrayList<>(NetworkTier.nodes(config, kinds));
        String appSubnet = NetworkTier.subnetKey(Tier.APP, 0);
        nodes.add(Node.of(EdgeTier.INSTANCE, new FakeInstances(aws.ec2(), owner), appSubnet, appSubnet, NetworkTier.SG_APP));
        nodes.addAll(EdgeTier.nodes(config, kinds, nodes));
        this.graph = new Graph(nodes);
        // As StackService sets them up: AWS's errors read and classified as for a run.
        this.settings = StackService.defaultSettings(config).withDescriber(AwsErrors::describe);
        this.elb = aws.elb();
    }

    Snapshot discover() {
        return new Discoverer(settings.describer()).discover(graph.kinds());
    }

    RunResult up() {
        return new Executor(clock, settings, RunListener.NONE).up(graph, discover());
    }

    RunResult down() {
        return new Executor(clock, settings, RunListener.NONE).down(graph, discover());
    }

    Plan plan() {
        return new Planner(settings.tagsForKey()).plan(graph, discover());
    }

    String id(String key) {
        return discover().find(key).map(Observed::id).orElseThrow(() -> new AssertionError("no " + key));
    }

    // ---- reading back what AWS has, without the tool's classes ----

    LoadBalancer alb() {
        return elb.describeLoadBalancers(r -> r.loadBalancerArns(id(EdgeTier.ALB))).loadBalancers().get(0);
    }

    Map<String, String> albAttributes() {
        return elb.describeLoadBalancerAttributes(r -> r.loadBalancerArn(id(EdgeTier.ALB))).attributes().stream()
                .collect(Collectors.toMap(a -> a.key(), a -> a.value()));
    }

    /** Listeners by port. */
    Map<Integer, Listener> listeners() {
        return elb.describeListeners(r -> r.loadBalancerArn(id(EdgeTier.ALB))).listeners().stream()
                .collect(Collectors.toMap(Listener::port, l -> l));
    }

    /** Non-default rules of a listener, by priority. */
    List<Rule> rules(int port) {
        return elb.describeRules(r -> r.listenerArn(listeners().get(port).listenerArn())).rules().stream()
                .filter(r -> !r.isDefault()).sorted(Comparator.comparing(Rules::priority)).toList();
    }

    TargetGroup targetGroup(String target) {
        return elb.describeTargetGroups(r -> r.targetGroupArns(id("tg/" + target))).targetGroups().get(0);
    }

    List<TargetHealthDescription> registrations(String target) {
        return elb.describeTargetHealth(r -> r.targetGroupArn(id("tg/" + target))).targetHealthDescriptions();
    }

    /** The stand-in for the compute tier's instance. */
    static final class FakeInstances extends Ec2Kind<String> {

        /** {@code ec2}: as the real kinds get it, retrying calls that name a just-created id. */
        FakeInstances(software.amazon.awssdk.services.ec2.Ec2Client ec2, Ownership owner) {
            super(ec2, owner);
        }

        @Override
        public String name() {
            return "instance";
        }

        @Override
        public String label() {
            return "instance (test stand-in)";
        }

        @Override
        public List<Observed> discover(Discovery discovery) {
            List<Observed> out = new ArrayList<>();
            ec2.describeInstancesPaginator(r -> r.filters(stackFilter(),
                    Filter.builder().name("instance-state-name").values("pending", "running").build()))
                    .reservations().forEach(res -> res.instances()
                            .forEach(i -> out.add(observed(i.instanceId(), i.state().nameAsString(), i.tags(), i))));
            return out;
        }

        @Override
        public Observed create(String key, String subnetKey, Context ctx) {
            Image image = ec2.describeImages(r -> r.owners("amazon")
                    .filters(Filter.builder().name("name").values("al2023-ami-2023*-x86_64").build())).images().get(0);
            Instance i = ec2.runInstances(r -> r.imageId(image.imageId()).instanceType("t3.small").minCount(1).maxCount(1)
                    .subnetId(ctx.id(subnetKey)).tagSpecifications(tagSpec(ResourceType.INSTANCE, key, ctx))).instances().get(0);
            return observed(i.instanceId(), "running", i.tags(), i);
        }

        @Override
        public void delete(Observed actual, Context ctx) {
            try {
                ec2.terminateInstances(r -> r.instanceIds(actual.id()));
            } catch (RuntimeException e) {
                if (!AwsErrors.isNotFound(e)) {
                    throw e;
                }
            }
        }
    }
}
