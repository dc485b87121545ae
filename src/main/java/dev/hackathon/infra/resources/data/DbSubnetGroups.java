package dev.hackathon.infra.resources.data;

import static dev.hackathon.infra.aws.AwsErrors.ignoringNotFound;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import dev.hackathon.infra.engine.Change;
import dev.hackathon.infra.engine.Context;
import dev.hackathon.infra.engine.Discovery;
import dev.hackathon.infra.engine.Observed;
import dev.hackathon.infra.engine.ResourceKind;
import dev.hackathon.infra.resources.Ownership;
import dev.hackathon.infra.resources.TagDrift;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBSubnetGroup;
import software.amazon.awssdk.services.rds.model.Subnet;

/**
 * The DB subnet group over the private data subnets (one per AZ, as RDS requires two AZs).
 * It cannot be deleted while a database, even a deleting one, still uses it: AWS answers
 * InvalidDBSubnetGroupStateFault for minutes, which {@code down} retries.
 */
public final class DbSubnetGroups implements ResourceKind<DbSubnetGroups.Spec> {

    public record Spec(List<String> subnetKeys, String description) {
        public Spec {
            subnetKeys = List.copyOf(subnetKeys);
        }
    }

    private final RdsClient rds;
    private final Ownership owner;

    public DbSubnetGroups(RdsClient rds, Ownership owner) {
        this.rds = rds;
        this.owner = owner;
    }

    @Override
    public String name() {
        return "db-subnet-group";
    }

    @Override
    public String label() {
        return "DB subnet group";
    }

    @Override
    public Set<String> dependsOnKinds() {
        return Set.of("subnet");
    }

    /**
     * DescribeDBSubnetGroups has no tag filter (its Filters parameter is "not currently
     * supported") and returns no tags, and the Resource Groups Tagging API would be another
     * client and dependency. So: one paginated listing of the region's subnet groups, kept
     * to the names this kind gives ({@code <stack>-db-subnet-group-...}, deterministic from
     * the key), then ListTagsForResource for each of those few (normally one) to confirm the
     * stack tag and read the key; the name alone is not proof (stack "a-db" vs "a").
     */
    @Override
    public List<Observed> discover(Discovery discovery) {
        String prefix = owner.name(name() + "/");
        List<Observed> out = new ArrayList<>();
        DataApi.ownedByNameThenTags(rds.describeDBSubnetGroupsPaginator(r -> { }).dbSubnetGroups().stream(),
                DBSubnetGroup::dbSubnetGroupName, prefix,
                g -> DataApi.fromRds(rds.listTagsForResource(r -> r.resourceName(g.dbSubnetGroupArn())).tagList()), owner)
                .forEach((g, tags) -> out.add(observed(g, tags)));
        return out;
    }


    private Observed observed(DBSubnetGroup g, Map<String, String> tags) {
        return new Observed(owner.keyOf(tags), g.dbSubnetGroupName(), g.subnetGroupStatus(), tags, g);
    }

    @Override
    public Observed create(String key, Spec spec, Context ctx) {
        DBSubnetGroup g = rds.createDBSubnetGroup(r -> r.dbSubnetGroupName(owner.name(key))
                .dbSubnetGroupDescription(spec.description())
                .subnetIds(subnetIds(spec, ctx))
                .tags(DataApi.rds(key, ctx))).dbSubnetGroup();
        return observed(g, ctx.tags(key));
    }

    @Override
    public List<Change> diff(String key, Spec spec, Observed actual, Context ctx) {
        DBSubnetGroup g = actual.raw(DBSubnetGroup.class);
        List<Change> out = new ArrayList<>();
        Set<String> have = new TreeSet<>(g.subnets().stream().map(Subnet::subnetIdentifier).toList());
        Set<String> want = new TreeSet<>(subnetIdsOrKeys(spec, ctx));
        if (!have.equals(want)) {
            out.add(new Change("subnets", have, want));
        }
        out.addAll(TagDrift.diff(actual.tags(), ctx.tags(key)));
        return out;
    }

    @Override
    public Observed update(String key, Spec spec, Observed actual, List<Change> changes, Context ctx) {
        DBSubnetGroup g = actual.raw(DBSubnetGroup.class);
        if (changes.stream().anyMatch(c -> c.field().equals("subnets"))) {
            g = rds.modifyDBSubnetGroup(r -> r.dbSubnetGroupName(actual.id()).subnetIds(subnetIds(spec, ctx)))
                    .dbSubnetGroup();
        }
        if (TagDrift.anyTags(changes)) {
            rds.addTagsToResource(r -> r.resourceName(actual.raw(DBSubnetGroup.class).dbSubnetGroupArn())
                    .tags(DataApi.rds(key, ctx)));
        }
        return observed(g, ctx.tags(key));
    }

    @Override
    public void delete(Observed actual, Context ctx) {
        ignoringNotFound(() -> rds.deleteDBSubnetGroup(r -> r.dbSubnetGroupName(actual.id())));
    }

    private static List<String> subnetIds(Spec spec, Context ctx) {
        return spec.subnetKeys().stream().map(ctx::id).toList();
    }

    /** For diff during planning, when a subnet may not exist yet. */
    private static List<String> subnetIdsOrKeys(Spec spec, Context ctx) {
        return spec.subnetKeys().stream().map(ctx::idOrUnknown).toList();
    }
}
