package dev.hackathon.infra.stack.preflight;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import software.amazon.awssdk.services.ec2.model.AvailabilityZone;
import software.amazon.awssdk.services.ec2.model.AvailabilityZoneState;

/**
 * The Region answers and every configured zone is one of its zones, open to the account and
 * available (DescribeAvailabilityZones lists only the zones the account may use: a new
 * account has no ap-northeast-1b, for one).
 */
final class ZonesCheck implements PreflightCheck {

    @Override
    public String id() {
        return "zones";
    }

    /** Subnets are where a zone is chosen. */
    @Override
    public boolean neededFor(PreflightScope scope) {
        return scope.createsA("subnet");
    }

    @Override
    public List<Finding> run(PreflightContext c) {
        String region = c.config().region();
        List<AvailabilityZone> listed = Api.call("ec2:DescribeAvailabilityZones",
                () -> c.aws().ec2().describeAvailabilityZones().availabilityZones());
        Map<String, AvailabilityZone> zones = listed.stream()
                .filter(z -> z.zoneType() == null || "availability-zone".equals(z.zoneType()))
                .collect(Collectors.toMap(AvailabilityZone::zoneName, Function.identity(), (a, b) -> a,
                        java.util.TreeMap::new));
        List<String> usable = zones.values().stream().filter(z -> z.state() == AvailabilityZoneState.AVAILABLE)
                .map(AvailabilityZone::zoneName).toList();
        List<String> problems = new ArrayList<>();
        for (String zone : c.config().network().availabilityZones()) {
            AvailabilityZone z = zones.get(zone);
            if (z == null) {
                problems.add(zone + " is not a zone of " + region + " open to this account");
            } else if (z.state() != AvailabilityZoneState.AVAILABLE) {
                problems.add(zone + " is " + z.stateAsString());
            }
        }
        if (problems.isEmpty()) {
            return List.of(Finding.ok(id(), "Region " + region + ": " + String.join(", ",
                    c.config().network().availabilityZones()) + " available"));
        }
        return List.of(Finding.fail(id(), String.join("; ", problems) + " (available: "
                + (usable.isEmpty() ? "none" : String.join(", ", usable)) + ")",
                "set network.availabilityZones to available zones of " + region
                        + (usable.size() >= 2 ? ", e.g. [" + usable.get(0) + ", " + usable.get(1) + "]" : "")));
    }
}
