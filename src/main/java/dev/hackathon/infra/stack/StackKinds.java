package dev.hackathon.infra.stack;

import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

import dev.hackathon.infra.aws.AwsSession;
import dev.hackathon.infra.engine.ResourceKind;
import dev.hackathon.infra.resources.Ownership;
import dev.hackathon.infra.config.StackConfig;
import dev.hackathon.infra.resources.dns.AliasRecords;
import dev.hackathon.infra.resources.dns.HostedZones;
import dev.hackathon.infra.resources.dns.ValidationRecords;
import dev.hackathon.infra.resources.edge.Certificates;
import dev.hackathon.infra.resources.edge.Listeners;
import dev.hackathon.infra.resources.edge.LoadBalancers;
import dev.hackathon.infra.resources.edge.Rules;
import dev.hackathon.infra.resources.edge.TargetGroups;
import dev.hackathon.infra.resources.edge.Targets;
import dev.hackathon.infra.resources.compute.IamNames;
import dev.hackathon.infra.resources.compute.IamRoles;
import dev.hackathon.infra.resources.compute.InlinePolicies;
import dev.hackathon.infra.resources.compute.InstanceProfiles;
import dev.hackathon.infra.resources.compute.Instances;
import dev.hackathon.infra.resources.compute.ManagedPolicyAttachments;
import dev.hackathon.infra.resources.data.CacheSubnetGroups;
import dev.hackathon.infra.resources.data.DbInstances;
import dev.hackathon.infra.resources.data.DbSubnetGroups;
import dev.hackathon.infra.resources.data.ReplicationGroups;
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
 * ownership.
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
    public final IamRoles iamRoles;
    public final ManagedPolicyAttachments managedPolicyAttachments;
    public final InlinePolicies inlinePolicies;
    public final InstanceProfiles instanceProfiles;
    public final Instances instances;
    public final DbSubnetGroups dbSubnetGroups;
    public final DbInstances dbInstances;
    public final CacheSubnetGroups cacheSubnetGroups;
    public final ReplicationGroups replicationGroups;
    public final TargetGroups targetGroups;
    public final LoadBalancers loadBalancers;
    public final Listeners listeners;
    public final Rules rules;
    public final Targets targets;
    public final Certificates certificates;
    /** The hosted zones records are written in; null when the config writes none (dns.zone: none). */
    public final HostedZones hostedZones;
    public final ValidationRecords validationRecords;
    public final AliasRecords aliasRecords;
    /** The account id (STS GetCallerIdentity), asked once and only if something needs it (an inference profile's ARN). */
    public final Supplier<String> account;

    /**
     * What the kinds are built with besides the session's clients: the stack's ownership,
     * {@code dbDelete} (final snapshot, from the config, and whether --yes may turn deletion
     * protection off: of the database, and of the load balancer if someone turned it on there),
     * {@code profile} (the AWS CLI profile the instance's {@code instance.ssm} command names, or
     * null), and {@code lb} and {@code dns}: whether the certificate and DNS kinds read anything.
     * Without {@code certificateArn: auto} and a {@code dns.zone} they cost no call and build no client.
     */
    public record Settings(Ownership owner, DbInstances.DeletePolicy dbDelete, String profile,
                           StackConfig.LoadBalancer lb, StackConfig.Dns dns) {

        /** A stack of this owner with nothing else said: no final snapshot, no profile, no certificate, no records. */
        public static Settings of(Ownership owner) {
            return new Settings(owner, DbInstances.DeletePolicy.DEFAULT, null, null, StackConfig.Dns.DEFAULT);
        }

        /** As the config says; {@code confirmDeletionProtectionOff}: the person agreed (--yes) to turn it off. */
        public static Settings of(StackConfig config, boolean confirmDeletionProtectionOff) {
            return new Settings(new Ownership(config.stack()),
                    new DbInstances.DeletePolicy(config.database().finalSnapshot(), confirmDeletionProtectionOff),
                    config.profile(), config.loadBalancer(), config.dns());
        }
    }

    public StackKinds(AwsSession aws, Settings settings) {
        Ownership owner = settings.owner();
        DbInstances.DeletePolicy dbDelete = settings.dbDelete();
        var ec2 = aws.ec2();
        vpcs = new Vpcs(ec2, owner);
        subnets = new Subnets(ec2, owner);
        internetGateways = new InternetGateways(ec2, owner);
        elasticIps = new ElasticIps(ec2, owner);
        natGateways = new NatGateways(ec2, owner);
        routeTables = new RouteTables(ec2, owner);
        securityGroups = new SecurityGroups(ec2, owner);
        defaultSecurityGroups = new DefaultSecurityGroups(ec2, owner);
        var iam = aws.iam();
        IamNames iamNames = iamNames(owner, aws.region().id());
        iamRoles = new IamRoles(iam, iamNames, Set.of(ComputeTier.ROLE));
        managedPolicyAttachments = new ManagedPolicyAttachments(iam, iamNames);
        inlinePolicies = new InlinePolicies(iam, iamNames);
        instanceProfiles = new InstanceProfiles(iam, iamNames, Set.of(ComputeTier.PROFILE));
        instances = new Instances(ec2, owner, aws.region().id(), settings.profile());
        dbSubnetGroups = new DbSubnetGroups(aws.rds(), owner);
        dbInstances = new DbInstances(aws.rds(), owner, dbDelete, java.time.Instant::now);
        cacheSubnetGroups = new CacheSubnetGroups(aws.elasticache(), owner);
        replicationGroups = new ReplicationGroups(aws.elasticache(), owner);
        var elb = aws.elb();
        targetGroups = new TargetGroups(elb, owner);
        loadBalancers = new LoadBalancers(elb, owner, dbDelete.confirmDeletionProtectionOff());
        listeners = new Listeners(elb, owner);
        rules = new Rules(elb, owner);
        targets = new Targets(elb, owner);
        StackConfig.LoadBalancer lb = settings.lb();
        StackConfig.Dns dns = settings.dns();
        List<String> hosts = lb == null ? null : lb.hosts();
        boolean auto = lb != null && lb.autoCertificate();
        var acm = auto ? aws.acm() : null;
        certificates = new Certificates(acm, owner, auto ? hosts : null);
        boolean records = hosts != null && dns != null && dns.writesRecords();
        hostedZones = records ? new HostedZones(aws.route53(), dns.zone()) : null;
        validationRecords = new ValidationRecords(records && auto ? aws.route53() : null, acm, owner, hostedZones,
                records && auto ? hosts : null);
        aliasRecords = new AliasRecords(records ? aws.route53() : null, owner, hostedZones, records ? hosts : null);
        account = aws::accountId;
    }

    /** The names of the stack's IAM entities in this Region (IAM is global, stacks are not). */
    public static IamNames iamNames(Ownership owner, String region) {
        return new IamNames(owner, region);
    }

    /**
     * Every kind the stack knows, whether or not the config has a resource of it: discovery
     * reads them all, so what the config dropped entirely (its last host rule, say) is still
     * found as ours, planned for deletion and removed by {@code up} and {@code down}.
     */
    public List<ResourceKind<?>> all() {
        return List.of(vpcs, subnets, internetGateways, elasticIps, natGateways, routeTables, securityGroups,
                defaultSecurityGroups, iamRoles, managedPolicyAttachments, inlinePolicies, instanceProfiles, instances,
                dbSubnetGroups, dbInstances, cacheSubnetGroups, replicationGroups, targetGroups, loadBalancers,
                listeners, rules, targets, certificates, validationRecords, aliasRecords);
    }
}
