package dev.hackathon.infra.resources.compute;

import static dev.hackathon.infra.aws.AwsErrors.ignoringNotFound;
import static dev.hackathon.infra.resources.TagDrift.tagDiff;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

import dev.hackathon.infra.engine.Change;
import dev.hackathon.infra.engine.Context;
import dev.hackathon.infra.engine.Discovery;
import dev.hackathon.infra.engine.Observed;
import dev.hackathon.infra.engine.Policy;
import dev.hackathon.infra.engine.Status;
import dev.hackathon.infra.resources.Ownership;
import dev.hackathon.infra.resources.network.Ec2Kind;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Address;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.HttpTokensState;
import software.amazon.awssdk.services.ec2.model.IamInstanceProfileAssociation;
import software.amazon.awssdk.services.ec2.model.Image;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceMetadataEndpointState;
import software.amazon.awssdk.services.ec2.model.InstanceMetadataOptionsResponse;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.VolumeType;

/**
 * The app instance: in a private app subnet, no public IP, only the app security group,
 * IMDSv2 required (hop limit 2, so containers on the host can still reach it), an encrypted
 * gp3 root volume, our instance profile, reached only through SSM Session Manager.
 *
 * <p>What {@code up} repairs in place: metadata options, security groups, the profile
 * association, tags, a stopped instance (started again), an Elastic IP associated by hand
 * (disassociated), and the instance type (stop, modify, start: the type cannot change while
 * running; the stop-in-progress error is retried with backoff until the instance is stopped,
 * so no step sleeps). Replacing the instance would lose what the team put on it, so only
 * what cannot be otherwise asks for it: another subnet or another CPU architecture.
 * A newer AMI is reported but never replaces the instance by itself.
 */
public final class Instances extends Ec2Kind<Instances.Spec> {

    /** ModifyInstanceAttribute(instanceType) is refused until a stop has finished. */
    public static final Duration STOP_WINDOW = Duration.ofMinutes(10);

    static final int HOP_LIMIT = 2;

    /**
     * @param ami      {@code al2023} or an {@code ami-} id
     * @param userData path of a script (read and base64-encoded at launch), or null
     */
    public record Spec(String subnetKey, List<String> securityGroupKeys, String profileKey, String type, String ami,
                       int volumeGb, Path userData) {
    }

    private final String region;
    private final String profile;
    private final Images images;

    /**
     * @param region  for the {@code instance.ssm} command
     * @param profile the AWS CLI profile the {@code instance.ssm} command names, or null
     */
    public Instances(Ec2Client ec2, Ownership owner, String region, String profile) {
        super(ec2, owner);
        this.region = region;
        this.profile = profile;
        this.images = new Images(ec2);
    }

    @Override
    public String name() {
        return "instance";
    }

    @Override
    public String label() {
        return "EC2 instance";
    }

    @Override
    public Set<String> dependsOnKinds() {
        return Set.of("subnet", "sg", "instance-profile", "iam-role", "iam-inline-policy", "iam-managed-policy", "rt");
    }

    /** One DescribeInstances by stack tag; terminated instances stay listed for a while (isGone). */
    @Override
    public List<Observed> discover(Discovery discovery) {
        List<Observed> out = new ArrayList<>();
        ec2.describeInstancesPaginator(r -> r.filters(stackFilter())).reservations()
                .forEach(res -> res.instances().forEach(i -> out.add(observed(i, null))));
        return out;
    }

    @Override
    public Observed create(String key, Spec spec, Context ctx) {
        String subnet = ctx.id(spec.subnetKey());
        List<String> groups = spec.securityGroupKeys().stream().map(ctx::id).toList();
        String profileName = ctx.id(spec.profileKey());
        Image image = images.resolve(spec.ami(), spec.type());
        String userData = spec.userData() == null ? null : userData(spec.userData());
        // The token makes a retried RunInstances return the first instance on AWS (moto ignores
        // it: the engine also looks the key up by tag before retrying). It names what the
        // instance is made from, so a new subnet after a teardown gets a new one.
        List<String> salt = new ArrayList<>(List.of(subnet, image.imageId(), spec.type()));
        Instance i = null;
        for (int attempt = 0; attempt < 4; attempt++) {
            String token = owner.clientToken(key, salt.toArray(String[]::new));
            i = ec2.runInstances(r -> r.imageId(image.imageId()).instanceType(spec.type()).minCount(1).maxCount(1)
                    .clientToken(token)
                    .networkInterfaces(n -> n.deviceIndex(0).subnetId(subnet).groups(groups)
                            .associatePublicIpAddress(false).deleteOnTermination(true))
                    .metadataOptions(m -> m.httpTokens(HttpTokensState.REQUIRED).httpPutResponseHopLimit(HOP_LIMIT)
                            .httpEndpoint(InstanceMetadataEndpointState.ENABLED))
                    .blockDeviceMappings(b -> b.deviceName(image.rootDeviceName()).ebs(e -> e.volumeSize(spec.volumeGb())
                            .volumeType(VolumeType.GP3).encrypted(true).deleteOnTermination(true)))
                    .iamInstanceProfile(p -> p.name(profileName))
                    .userData(userData)
                    .tagSpecifications(tagSpec(ResourceType.INSTANCE, key, ctx), tagSpec(ResourceType.VOLUME, key, ctx)))
                    .instances().get(0);
            if (!dead(i.state().nameAsString())) {
                break;
            }
            // AWS answers a reused token with the instance it launched then, even terminated
            // (a replacement in the same subnet): launch anew under a token that names it.
            salt.add(i.instanceId());
        }
        return observed(i.toBuilder().tags(madeWith(i.tags(), key, ctx)).build(), key);
    }

    @Override
    public List<Change> diff(String key, Spec spec, Observed actual, Context ctx) {
        Instance i = actual.raw(Instance.class);
        List<Change> out = new ArrayList<>();
        String state = i.state().nameAsString();
        if (state.equals("stopped") || state.equals("stopping")) {
            out.add(new Change("state", state, "running"));
        }
        ctx.find(spec.subnetKey()).filter(s -> !s.id().equals(i.subnetId()))
                .ifPresent(s -> out.add(new Change("subnet", i.subnetId(), s.id())));
        if (!spec.type().equals(i.instanceTypeAsString())) {
            out.add(new Change("type", i.instanceTypeAsString(), spec.type()));
        }
        String arch = Images.architecture(spec.type());
        if (Images.AL2023.equals(spec.ami()) && i.architectureAsString() != null && !arch.equals(i.architectureAsString())) {
            out.add(new Change("architecture", i.architectureAsString(), arch));
        }
        // "al2023" means the newest image when the instance is launched: a release since then is
        // not drift (status would report one every week, and up would never act on it), so an
        // existing instance is compared with no image lookup (issue 16: a DescribeImages over
        // every image Amazon owns, in every status, for an answer nothing used). An ami- id is
        // compared as given.
        if (spec.ami().startsWith("ami-") && !spec.ami().equals(i.imageId())) {
            // Reported so the team knows; `up` keeps the instance (see update).
            out.add(new Change("ami", i.imageId(), spec.ami() + " (up keeps the instance, replace it by hand to use it)"));
        }
        out.addAll(metadataDiff(i.metadataOptions()));
        Set<String> haveGroups = groups(i);
        Set<String> wantGroups = new TreeSet<>();
        spec.securityGroupKeys().forEach(k -> wantGroups.add(ctx.idOrUnknown(k)));
        if (!haveGroups.equals(wantGroups)) {
            Set<String> extra = new TreeSet<>(haveGroups);
            extra.removeAll(wantGroups);
            out.add(extra.isEmpty() ? new Change("securityGroups", haveGroups, wantGroups)
                    : Change.security("securityGroups", haveGroups, wantGroups));
        }
        String haveProfile = i.iamInstanceProfile() == null ? null : i.iamInstanceProfile().arn();
        String wantProfile = ctx.find(spec.profileKey())
                .map(o -> o.raw(software.amazon.awssdk.services.iam.model.InstanceProfile.class).arn()).orElse(null);
        if (wantProfile == null || !wantProfile.equals(haveProfile)) {
            out.add(new Change("iamInstanceProfile", haveProfile == null ? "(none)" : haveProfile,
                    wantProfile == null ? Context.unknown(spec.profileKey()) : wantProfile));
        }
        if (i.publicIpAddress() != null) {
            out.add(Change.security("publicIp", i.publicIpAddress(), "(none)"));
        }
        out.addAll(tagDiff(key, actual, ctx));
        return out;
    }

    /**
     * Replacing the instance would lose what the team put on it: only another subnet or another
     * CPU architecture does (a group or profile made anew is re-attached in place). About a
     * minute to run on AWS. Terminating it deregisters its targets: they are registered again
     * after a new one. It runs the app: a second instance of the key ("Launch more like this")
     * is reported, never terminated; the app subnet and group cannot be deleted while it still
     * shuts down. Changing its type stops it first, and the modify is refused (retried) until
     * it has stopped.
     */
    @Override
    public Policy policy() {
        return Policy.DEFAULT.readyWithin(Duration.ofMinutes(15)).waitingUntilGone().deletableUnderDependents()
                .keepingDuplicates().forcingNewOn("subnet", "architecture").retrying("IncorrectInstanceState", STOP_WINDOW);
    }

    @Override
    public Observed update(String key, Spec spec, Observed actual, List<Change> changes, Context ctx) {
        String id = actual.id();
        Set<String> fields = new TreeSet<>(changes.stream().map(Change::field).toList());
        repairTags(id, key, changes, ctx);
        if (fields.stream().anyMatch(f -> f.startsWith("metadata."))) {
            ec2.modifyInstanceMetadataOptions(r -> r.instanceId(id).httpTokens(HttpTokensState.REQUIRED)
                    .httpPutResponseHopLimit(HOP_LIMIT).httpEndpoint(InstanceMetadataEndpointState.ENABLED));
        }
        if (fields.contains("securityGroups")) {
            List<String> groups = spec.securityGroupKeys().stream().map(ctx::id).toList();
            ec2.modifyInstanceAttribute(r -> r.instanceId(id).groups(groups));
        }
        if (fields.contains("iamInstanceProfile")) {
            reassociateProfile(id, ctx.id(spec.profileKey()));
        }
        if (fields.contains("publicIp")) {
            disassociateAddresses(id);
        }
        // "ami": nothing to do in place; the Change says so. Replacing would lose the instance's data.
        boolean started = false;
        if (fields.contains("type")) {
            // Idempotent steps: stopping a stopping or stopped instance is accepted; the modify
            // fails with IncorrectInstanceState until it is stopped, and that error is retried.
            ec2.stopInstances(r -> r.instanceIds(id));
            ec2.modifyInstanceAttribute(r -> r.instanceId(id).instanceType(t -> t.value(spec.type())));
            ec2.startInstances(r -> r.instanceIds(id));
            started = true;
        } else if (fields.contains("state")) {
            ec2.startInstances(r -> r.instanceIds(id));
            started = true;
        }
        // A started instance is pending: the engine polls the kind until it runs.
        return started ? observed(actual.raw(Instance.class).toBuilder().state(s -> s.name("pending")).build(), key)
                : actual;
    }

    @Override
    public void delete(Observed actual, Context ctx) {
        ignoringNotFound(() -> ec2.terminateInstances(r -> r.instanceIds(actual.id())));
    }

    /**
     * Shutting down: it cannot be started again; {@code up} launches a new one once it is gone.
     * Stopping or stopped: {@code up} starts it (its diff says so); waiting for it fails, with
     * the reason EC2 gives.
     */
    @Override
    public Status state(Observed o) {
        return switch (o.state()) {
            case "running" -> Status.READY;
            case "pending" -> Status.PENDING;
            case "shutting-down" -> Status.DELETING;
            case "terminated" -> Status.GONE;
            default -> Status.failed(reason(o.raw(Instance.class)));
        };
    }

    private static String reason(Instance i) {
        return i == null || i.stateReason() == null ? null : i.stateReason().code() + ": " + i.stateReason().message();
    }

    /** The command that opens a shell on the instance. */
    public String ssmCommand(String instanceId) {
        return "aws ssm start-session --target " + instanceId + " --region " + region
                + (profile == null || profile.isBlank() ? "" : " --profile " + profile);
    }

    private List<Change> metadataDiff(InstanceMetadataOptionsResponse m) {
        List<Change> out = new ArrayList<>();
        String tokens = m == null ? null : m.httpTokensAsString();
        if (!HttpTokensState.REQUIRED.toString().equals(tokens)) {
            // IMDSv1 lets any SSRF in the app read the role's credentials.
            out.add(Change.security("metadata.httpTokens", tokens, HttpTokensState.REQUIRED.toString()));
        }
        Integer hops = m == null ? null : m.httpPutResponseHopLimit();
        if (!Objects.equals(hops, HOP_LIMIT)) {
            out.add(new Change("metadata.httpPutResponseHopLimit", hops, HOP_LIMIT));
        }
        // AWS always answers the endpoint state; absent (moto after a modify) means the default, enabled.
        String endpoint = m == null || m.httpEndpoint() == null ? "enabled" : m.httpEndpointAsString();
        if (!"enabled".equals(endpoint)) {
            out.add(new Change("metadata.httpEndpoint", endpoint, "enabled"));
        }
        return out;
    }

    private void reassociateProfile(String instanceId, String profileName) {
        List<IamInstanceProfileAssociation> current = ec2.describeIamInstanceProfileAssociations(r -> r.filters(
                Filter.builder().name("instance-id").values(instanceId).build())).iamInstanceProfileAssociations();
        IamInstanceProfileAssociation live = current.stream()
                .filter(a -> "associated".equals(a.stateAsString()) || "associating".equals(a.stateAsString()))
                .findFirst().orElse(null);
        if (live == null) {
            ec2.associateIamInstanceProfile(r -> r.instanceId(instanceId).iamInstanceProfile(p -> p.name(profileName)));
        } else {
            ec2.replaceIamInstanceProfileAssociation(r -> r.associationId(live.associationId())
                    .iamInstanceProfile(p -> p.name(profileName)));
        }
    }

    /** An Elastic IP associated by hand is the only public address that can go without a new instance. */
    private void disassociateAddresses(String instanceId) {
        List<Address> addresses = ec2.describeAddresses(r -> r.filters(
                Filter.builder().name("instance-id").values(instanceId).build())).addresses();
        for (Address a : addresses) {
            if (a.associationId() != null) {
                ignoringNotFound(() -> ec2.disassociateAddress(r -> r.associationId(a.associationId())));
            }
        }
    }

    /**
     * The groups of the primary network interface, which is what ModifyInstanceAttribute(Groups)
     * sets; AWS mirrors them at the instance level, moto shows them only on the interface.
     */
    public static Set<String> groups(Instance i) {
        Set<String> out = new TreeSet<>();
        i.networkInterfaces().stream()
                .filter(n -> n.attachment() != null && Integer.valueOf(0).equals(n.attachment().deviceIndex()))
                .findFirst().ifPresentOrElse(n -> n.groups().forEach(g -> out.add(g.groupId())),
                        () -> i.securityGroups().forEach(g -> out.add(g.groupId())));
        return out;
    }

    private static boolean dead(String state) {
        return "terminated".equals(state) || "shutting-down".equals(state);
    }

    private static String userData(Path file) {
        try {
            return Base64.getEncoder().encodeToString(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UncheckedIOException("reading instance.userData " + file + ": " + e.getMessage(), e);
        }
    }

    /** {@code key} names the resource when the answer carries no tags (a RunInstances response may not). */
    private Observed observed(Instance i, String key) {
        Map<String, String> tags = tagMap(i.tags());
        String k = owner.keyOf(tags) != null ? owner.keyOf(tags) : key;
        Map<String, String> outputs = new LinkedHashMap<>();
        outputs.put("instance.id", i.instanceId());
        if (i.privateIpAddress() != null) {
            outputs.put("instance.privateIp", i.privateIpAddress());
        }
        outputs.put("instance.state", i.state().nameAsString());
        outputs.put("instance.ssm", ssmCommand(i.instanceId()));
        // Its subnet and groups: which copy of those is kept; and when it was launched.
        Set<String> uses = new java.util.HashSet<>(groups(i));
        uses.add(i.subnetId());
        return new Observed(k, i.instanceId(), i.state().nameAsString(), tags, outputs, i).referring(uses)
                .madeAt(i.launchTime());
    }
}
