package dev.hackathon.infra.stack.preflight;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import dev.hackathon.infra.config.StackConfig;
import dev.hackathon.infra.stack.DataTier;
import software.amazon.awssdk.services.rds.model.OrderableDBInstanceOption;

/**
 * The database class is orderable for the engine and version in every data zone
 * (DescribeOrderableDBInstanceOptions). The config's version may be a major version ("16"),
 * as CreateDBInstance accepts; the options list minor versions (16.4), so they are matched by
 * prefix rather than filtered by the API, which matches exactly.
 */
final class DbClassCheck implements PreflightCheck {

    @Override
    public String id() {
        return "db-class";
    }

    /** A new database, or a class or version that changes (ModifyDBInstance needs it orderable too). */
    @Override
    public boolean neededFor(PreflightScope scope) {
        return scope.creates(DataTier.DB) || scope.changes(DataTier.DB, "instanceClass", "engineVersion");
    }

    @Override
    public List<Finding> run(PreflightContext c) {
        StackConfig.Database db = c.config().database();
        List<OrderableDBInstanceOption> options = Api.call("rds:DescribeOrderableDBInstanceOptions", () -> c.aws().rds()
                .describeOrderableDBInstanceOptionsPaginator(r -> r.engine(db.engine())
                        .dbInstanceClass(db.instanceClass()).vpc(true).maxRecords(1000))
                .orderableDBInstanceOptions().stream()
                .filter(o -> o.engineVersion().equals(db.version()) || o.engineVersion().startsWith(db.version() + "."))
                .toList());
        String what = db.instanceClass() + " for " + db.engine() + " " + db.version();
        if (options.isEmpty()) {
            return List.of(Finding.fail(id(), what + " is not orderable in " + c.config().region(),
                    "choose another database.instanceClass or database.version (aws rds"
                            + " describe-orderable-db-instance-options --engine " + db.engine() + " --engine-version "
                            + db.version() + " --region " + c.config().region() + ")"));
        }
        Set<String> zones = options.stream().flatMap(o -> o.availabilityZones().stream())
                .map(z -> z.name()).collect(Collectors.toCollection(TreeSet::new));
        List<String> missing = c.dataZones().stream().filter(z -> !zones.contains(z)).toList();
        if (missing.isEmpty()) {
            return List.of(Finding.ok(id(), what + " is orderable in " + String.join(", ", c.dataZones())));
        }
        return List.of(Finding.fail(id(), what + " is not orderable in " + String.join(", ", missing)
                        + " (orderable in " + String.join(", ", zones) + ")",
                "choose another database.instanceClass, or zones where it is orderable in network.availabilityZones"));
    }
}
