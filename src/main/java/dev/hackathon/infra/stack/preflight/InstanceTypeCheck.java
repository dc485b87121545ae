package dev.hackathon.infra.stack.preflight;

import java.util.List;
import java.util.TreeSet;

import dev.hackathon.infra.stack.ComputeTier;

import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.InstanceTypeOffering;
import software.amazon.awssdk.services.ec2.model.LocationType;

/** The instance type is offered in the app subnet's zone (DescribeInstanceTypeOfferings by zone). */
final class InstanceTypeCheck implements PreflightCheck {

    @Override
    public String id() {
        return "instance-type";
    }

    /** A launch, or a type or subnet (so zone) that changes. */
    @Override
    public boolean neededFor(PreflightScope scope) {
        return scope.creates(ComputeTier.INSTANCE) || scope.changes(ComputeTier.INSTANCE, "type", "subnet");
    }

    @Override
    public List<Finding> run(PreflightContext c) {
        String type = c.config().instance().type();
        String zone = c.appZone();
        // Every zone that offers it, in one call: the fix can then name them.
        TreeSet<String> offeredIn = Api.call("ec2:DescribeInstanceTypeOfferings", () -> c.aws().ec2()
                .describeInstanceTypeOfferingsPaginator(r -> r.locationType(LocationType.AVAILABILITY_ZONE)
                        .filters(Filter.builder().name("instance-type").values(type).build()))
                .instanceTypeOfferings().stream().map(InstanceTypeOffering::location)
                .collect(java.util.stream.Collectors.toCollection(TreeSet::new)));
        if (offeredIn.contains(zone)) {
            return List.of(Finding.ok(id(), type + " is offered in " + zone + " (the app subnet's zone)"));
        }
        return List.of(Finding.fail(id(), type + " is not offered in " + zone + " (the app subnet's zone); "
                + (offeredIn.isEmpty() ? "no zone of " + c.config().region() + " offers it"
                        : "offered in " + String.join(", ", offeredIn)),
                offeredIn.isEmpty() ? "choose another instance.type (aws ec2 describe-instance-type-offerings"
                        + " --location-type availability-zone --region " + c.config().region() + ")"
                        : "choose another instance.type, or put " + offeredIn.first()
                                + " first in network.availabilityZones"));
    }
}
