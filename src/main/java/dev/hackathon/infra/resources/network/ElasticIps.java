package dev.hackathon.infra.resources.network;

import static dev.hackathon.infra.aws.AwsErrors.ignoringNotFound;
import static dev.hackathon.infra.resources.TagDrift.tagDiff;

import java.util.ArrayList;
import java.util.List;

import dev.hackathon.infra.engine.Change;
import dev.hackathon.infra.engine.Context;
import dev.hackathon.infra.engine.Discovery;
import dev.hackathon.infra.engine.Observed;
import dev.hackathon.infra.engine.Policy;
import dev.hackathon.infra.resources.Ownership;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Address;
import software.amazon.awssdk.services.ec2.model.AllocateAddressResponse;
import software.amazon.awssdk.services.ec2.model.DomainType;
import software.amazon.awssdk.services.ec2.model.ResourceType;

/**
 * The NAT gateway's Elastic IP. Releasing it fails (InvalidIPAddress.InUse, AuthFailure)
 * until the deleting NAT gateway lets go of it: retried as a dependency error.
 */
public final class ElasticIps extends Ec2Kind<ElasticIps.Spec> {

    public record Spec() {
    }

    public ElasticIps(Ec2Client ec2, Ownership owner) {
        super(ec2, owner);
    }

    @Override
    public String name() {
        return "eip";
    }

    @Override
    public String label() {
        return "Elastic IP";
    }

    @Override
    public List<Observed> discover(Discovery discovery) {
        List<Observed> out = new ArrayList<>();
        for (Address a : ec2.describeAddresses(r -> r.filters(stackFilter())).addresses()) {
            out.add(observed(a.allocationId(), a.associationId() == null ? "allocated" : "associated", a.tags(), a));
        }
        return out;
    }

    @Override
    public Observed create(String key, Spec spec, Context ctx) {
        AllocateAddressResponse a = ec2.allocateAddress(r -> r.domain(DomainType.VPC)
                .tagSpecifications(tagSpec(ResourceType.ELASTIC_IP, key, ctx)));
        Address address = Address.builder().allocationId(a.allocationId()).publicIp(a.publicIp())
                .tags(ec2Tags(key, ctx)).build();
        return observed(a.allocationId(), "allocated", address.tags(), address);
    }

    @Override
    public List<Change> diff(String key, Spec spec, Observed actual, Context ctx) {
        return tagDiff(key, actual, ctx);
    }

    @Override
    public Observed update(String key, Spec spec, Observed actual, List<Change> changes, Context ctx) {
        repairTags(actual.id(), key, changes, ctx);
        return actual;
    }

    @Override
    public void delete(Observed actual, Context ctx) {
        holders.deleting(actual.id(), () -> ignoringNotFound(() -> ec2.releaseAddress(r -> r.allocationId(actual.id()))),
                () -> holders.ofAddress(actual.id()));
    }

    /**
     * AuthFailure while releasing it: AWS answers that for a while for an address a deleted NAT
     * gateway has just let go of. Only there: anywhere else it is a credentials problem.
     */
    @Override
    public Policy policy() {
        return Policy.DEFAULT.heldWhileDeletingBy("AuthFailure");
    }
}
