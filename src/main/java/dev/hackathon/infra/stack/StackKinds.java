package dev.hackathon.infra.stack;

import dev.hackathon.infra.aws.AwsSession;
import dev.hackathon.infra.resources.Ownership;
import dev.hackathon.infra.resources.edge.Listeners;
import dev.hackathon.infra.resources.edge.LoadBalancers;
import dev.hackathon.infra.resources.edge.Rules;
import dev.hackathon.infra.resources.edge.TargetGroups;
import dev.hackathon.infra.resources.edge.Targets;
import dev.hackathon.infra.resources.network.DefaultSecurityGroups;
import dev.hackathon.infra.resources.network.ElasticIps;
import dev.hackathon.infra.resources.network.InternetGateways;
import dev.hackathon.infra.resources.network.NatGateways;
import dev.hackathon.infra.resources.network.RouteTables;
import dev.hackathon.infra.resources.network.SecurityGroups;
import dev.hackathon.infra.resources.network.Subnets;
import dev.hackathon.infra.resources.network.Vpcs;

/**
 * One instance of every resource kind, bound to the session's clients and the stack's
 * ownership. Clients are created on first use, so a kind that is never called costs nothing.
 */
public final class StackKinds {

    public final Vpcs vpcs;
    public final Subnets subnets;
    public final InternetGateways internetGateways;
    public final ElasticIps elasticIps;
    public final NatGateways natGateways;
    public final RouteTables routeTables;
    public final SecurityGroups securityGroups;
    public final DefaultSecurityGroups defaultSecurityGroups;
    public final TargetGroups targetGroups;
    public final LoadBalancers loadBalancers;
    public final Listeners listeners;
    public final Rules rules;
    public final Targets targets;

    public StackKinds(AwsSession aws, Ownership owner) {
        this(aws, owner, false);
    }

    /**
     * @param confirmProtected whether deleting a resource with deletion protection on (turned
     *                         on by hand: the ALB) may turn it off first; otherwise it fails clearly
     */
    public StackKinds(AwsSession aws, Ownership owner, boolean confirmProtected) {
        var ec2 = aws.ec2();
        vpcs = new Vpcs(ec2, owner);
        subnets = new Subnets(ec2, owner);
        internetGateways = new InternetGateways(ec2, owner);
        elasticIps = new ElasticIps(ec2, owner);
        natGateways = new NatGateways(ec2, owner);
        routeTables = new RouteTables(ec2, owner);
        securityGroups = new SecurityGroups(ec2, owner);
        defaultSecurityGroups = new DefaultSecurityGroups(ec2, owner);
        var elb = aws.elb();
        targetGroups = new TargetGroups(elb, owner);
        loadBalancers = new LoadBalancers(elb, owner, confirmProtected);
        listeners = new Listeners(elb, owner);
        rules = new Rules(elb, owner);
        targets = new Targets(elb, owner);
    }
}
