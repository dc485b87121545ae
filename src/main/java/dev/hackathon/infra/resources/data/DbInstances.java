package dev.hackathon.infra.resources.data;

import static dev.hackathon.infra.aws.AwsErrors.ignoringNotFound;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

import dev.hackathon.infra.engine.Change;
import dev.hackathon.infra.engine.Context;
import dev.hackathon.infra.engine.Discovery;
import dev.hackathon.infra.engine.Observed;
import dev.hackathon.infra.engine.Policy;
import dev.hackathon.infra.engine.Status;
import dev.hackathon.infra.engine.ResourceKind;
import dev.hackathon.infra.resources.Ownership;
import dev.hackathon.infra.resources.TagDrift;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.ModifyDbInstanceRequest;
import software.amazon.awssdk.services.rds.model.VpcSecurityGroupMembership;

/**
 * The PostgreSQL instance: private (not publicly accessible, only the db security group,
 * data subnets), storage encrypted, and its master password created and kept by AWS in
 * Secrets Manager (ManageMasterUserPassword), so no password is ever generated, printed,
 * logged or stored by this tool; only the secret's ARN is shown. Creating takes ~7 min and
 * deleting as long, during which the subnet group and security group stay in use, so
 * {@code down} waits until it is gone.
 */
public final class DbInstances implements ResourceKind<DbInstances.Spec> {

    public record Spec(String engine, String version, String instanceClass, int storageGb, String dbName,
                       String username, int backupRetentionDays, boolean deletionProtection,
                       String subnetGroupKey, String securityGroupKey) {
    }

    /**
     * How {@code down} treats the database, fixed for a run: {@code finalSnapshot} from the
     * config; {@code confirmDeletionProtectionOff} when the person confirmed (--yes) that a
     * protected database may have its protection turned off and be deleted.
     */
    public record DeletePolicy(boolean finalSnapshot, boolean confirmDeletionProtectionOff) {
        public static final DeletePolicy DEFAULT = new DeletePolicy(false, false);
    }

    /** {@code down} met a protected database and was not told to turn the protection off. */
    public static final class DeletionProtectedException extends IllegalStateException {
        public DeletionProtectedException(String key) {
            super("database " + key + " has deletion protection on; rerun down with --yes to turn it off");
        }
    }

    public static final String STORAGE_TYPE = "gp3";
    public static final String OUT_ENDPOINT = "db.endpoint";
    public static final String OUT_PORT = "db.port";
    public static final String OUT_SECRET = "db.secretArn";

    /** Changes this kind shows but will not make: they lose data or need a person's decision. */
    static final Set<String> REFUSED = Set.of("engine", "engineMajorVersion", "allocatedStorage.shrink");

    private static final Duration BUSY_WINDOW = Duration.ofMinutes(30);
    private static final DateTimeFormatter SNAPSHOT_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
            .withZone(ZoneOffset.UTC);

    private final RdsClient rds;
    private final Ownership owner;
    private final DeletePolicy deletePolicy;
    private final Supplier<Instant> now;

    public DbInstances(RdsClient rds, Ownership owner, DeletePolicy deletePolicy, Supplier<Instant> now) {
        this.rds = rds;
        this.owner = owner;
        this.deletePolicy = deletePolicy;
        this.now = now;
    }

    public DbInstances(RdsClient rds, Ownership owner) {
        this(rds, owner, DeletePolicy.DEFAULT, Instant::now);
    }

    @Override
    public String name() {
        return "db";
    }

    @Override
    public String label() {
        return "database";
    }

    @Override
    public Set<String> dependsOnKinds() {
        return Set.of("sg", "db-subnet-group");
    }

    /**
     * DescribeDBInstances has no tag filter (its filters are ids, engine, domain), but it
     * returns each instance's TagList: one paginated call, kept to the stack's tag here.
     */
    @Override
    public List<Observed> discover(Discovery discovery) {
        List<Observed> out = new ArrayList<>();
        rds.describeDBInstancesPaginator(r -> { }).dbInstances().forEach(db -> {
            Map<String, String> tags = DataApi.fromRds(db.tagList());
            if (owner.owns(tags)) {
                out.add(observed(db, tags));
            }
        });
        return out;
    }

    private Observed observed(DBInstance db, Map<String, String> tags) {
        Map<String, String> outputs = new LinkedHashMap<>();
        if (db.endpoint() != null && db.endpoint().address() != null) {
            outputs.put(OUT_ENDPOINT, db.endpoint().address());
            if (db.endpoint().port() != null) {
                outputs.put(OUT_PORT, String.valueOf(db.endpoint().port()));
            }
        }
        if (db.masterUserSecret() != null && db.masterUserSecret().secretArn() != null) {
            outputs.put(OUT_SECRET, db.masterUserSecret().secretArn()); // the ARN only, never the value
        }
        return new Observed(owner.keyOf(tags), db.dbInstanceIdentifier(), db.dbInstanceStatus(), tags, outputs, db)
                .madeAt(db.instanceCreateTime())
                .protectedBy(Boolean.TRUE.equals(db.deletionProtection()) ? "deletion protection is on" : null);
    }

    @Override
    public Observed create(String key, Spec spec, Context ctx) {
        DBInstance db = rds.createDBInstance(r -> r.dbInstanceIdentifier(owner.name(key))
                .engine(spec.engine())
                .engineVersion(spec.version())
                .dbInstanceClass(spec.instanceClass())
                .allocatedStorage(spec.storageGb())
                .storageType(STORAGE_TYPE)
                .dbName(spec.dbName())
                .masterUsername(spec.username())
                .manageMasterUserPassword(true)
                .publiclyAccessible(false)
                .storageEncrypted(true)
                .multiAZ(false)
                .vpcSecurityGroupIds(ctx.id(spec.securityGroupKey()))
                .dbSubnetGroupName(ctx.id(spec.subnetGroupKey()))
                .backupRetentionPeriod(spec.backupRetentionDays())
                .deletionProtection(spec.deletionProtection())
                .copyTagsToSnapshot(true)
                .autoMinorVersionUpgrade(true)
                .tags(DataApi.rds(key, ctx))).dbInstance();
        return observed(db, ctx.tags(key));
    }

    @Override
    public List<Change> diff(String key, Spec spec, Observed actual, Context ctx) {
        DBInstance db = actual.raw(DBInstance.class);
        List<Change> out = new ArrayList<>();
        if (!spec.engine().equalsIgnoreCase(db.engine())) {
            out.add(new Change("engine", db.engine(), spec.engine()));
        } else {
            Change version = versionChange(db.engineVersion(), spec.version());
            if (version != null) {
                out.add(version);
            }
        }
        if (!spec.instanceClass().equals(db.dbInstanceClass())) {
            out.add(new Change("instanceClass", db.dbInstanceClass(), spec.instanceClass()));
        }
        int storage = db.allocatedStorage() == null ? 0 : db.allocatedStorage();
        if (storage < spec.storageGb()) {
            out.add(new Change("allocatedStorage", storage, spec.storageGb()));
        } else if (storage > spec.storageGb()) {
            out.add(new Change("allocatedStorage.shrink", storage, spec.storageGb()));
        }
        if (!STORAGE_TYPE.equals(db.storageType())) {
            out.add(new Change("storageType", db.storageType(), STORAGE_TYPE));
        }
        if (db.backupRetentionPeriod() == null || db.backupRetentionPeriod() != spec.backupRetentionDays()) {
            out.add(new Change("backupRetentionPeriod", db.backupRetentionPeriod(), spec.backupRetentionDays()));
        }
        if (Boolean.TRUE.equals(db.deletionProtection()) != spec.deletionProtection()) {
            out.add(new Change("deletionProtection", db.deletionProtection(), spec.deletionProtection()));
        }
        if (!Boolean.FALSE.equals(db.publiclyAccessible())) {
            out.add(Change.security("publiclyAccessible", db.publiclyAccessible(), false));
        }
        if (!Boolean.TRUE.equals(db.storageEncrypted())) {
            out.add(Change.security("storageEncrypted", db.storageEncrypted(), true));
        }
        if (db.masterUserSecret() == null) {
            out.add(Change.security("masterUserPassword", "self-managed", "managed in Secrets Manager"));
        }
        Set<String> groups = new TreeSet<>(db.vpcSecurityGroups().stream()
                .map(VpcSecurityGroupMembership::vpcSecurityGroupId).toList());
        String wantGroup = ctx.idOrUnknown(spec.securityGroupKey());
        if (!groups.equals(Set.of(wantGroup))) {
            out.add(Change.security("securityGroups", groups, Set.of(wantGroup)));
        }
        if (!Boolean.TRUE.equals(db.copyTagsToSnapshot())) {
            out.add(new Change("copyTagsToSnapshot", db.copyTagsToSnapshot(), true));
        }
        if (!Boolean.TRUE.equals(db.autoMinorVersionUpgrade())) {
            out.add(new Change("autoMinorVersionUpgrade", db.autoMinorVersionUpgrade(), true));
        }
        out.addAll(TagDrift.diff(actual.tags(), ctx.tags(key)));
        return out;
    }

    /**
     * A config version "16" accepts any 16.x (AWS picks the minor, auto minor upgrades move
     * it); "16.4" asks for at least 16.4. A different major version is shown as a change
     * but never made by the tool (an upgrade needs a person: parameter groups, extensions,
     * downtime; a downgrade is impossible), and never by replacing the database.
     */
    static Change versionChange(String actual, String desired) {
        if (actual == null || desired == null) {
            return null;
        }
        if (!major(actual).equals(major(desired))) {
            return new Change("engineMajorVersion", actual, desired);
        }
        if (compareVersions(actual, desired) < 0) {
            return new Change("engineVersion", actual, desired);
        }
        return null;
    }

    private static String major(String version) {
        int dot = version.indexOf('.');
        return dot < 0 ? version : version.substring(0, dot);
    }

    /** Compares dotted versions on their common segments, numerically where both are numbers. */
    static int compareVersions(String a, String b) {
        String[] x = a.split("\\.");
        String[] y = b.split("\\.");
        for (int i = 0; i < Math.min(x.length, y.length); i++) {
            int c;
            try {
                c = Integer.compare(Integer.parseInt(x[i]), Integer.parseInt(y[i]));
            } catch (NumberFormatException e) {
                c = x[i].compareTo(y[i]);
            }
            if (c != 0) {
                return c;
            }
        }
        return 0; // "16" vs "16.4": equal as far as the shorter one says
    }

    /**
     * Encryption cannot be turned on in place: a new, encrypted instance replaces it. About 7
     * minutes to be ready on AWS, more with a snapshot restore: the longest wait of the stack;
     * RDS lists it "deleting" until it is gone, and its subnet group and group stay in use
     * meanwhile. It holds the data: a second database of the key is reported, never deleted.
     * Briefly busy (backing up, modifying), it refuses ModifyDBInstance: retried.
     */
    @Override
    public Policy policy() {
        return Policy.DEFAULT.readyWithin(Duration.ofMinutes(60)).waitingUntilGone().keepingDuplicates()
                .forcingNewOn("storageEncrypted").retrying("InvalidDBInstanceState", BUSY_WINDOW);
    }

    @Override
    public Observed update(String key, Spec spec, Observed actual, List<Change> changes, Context ctx) {
        DBInstance db = actual.raw(DBInstance.class);
        ModifyDbInstanceRequest.Builder m = ModifyDbInstanceRequest.builder()
                .dbInstanceIdentifier(actual.id()).applyImmediately(true);
        boolean modify = false;
        List<String> refused = new ArrayList<>();
        for (Change c : changes) {
            modify |= switch (c.field()) {
                case "engineVersion" -> set(m.engineVersion(spec.version()));
                case "instanceClass" -> set(m.dbInstanceClass(spec.instanceClass()));
                case "allocatedStorage" -> set(m.allocatedStorage(spec.storageGb()));
                case "storageType" -> set(m.storageType(STORAGE_TYPE));
                case "backupRetentionPeriod" -> set(m.backupRetentionPeriod(spec.backupRetentionDays()));
                case "deletionProtection" -> set(m.deletionProtection(spec.deletionProtection()));
                case "publiclyAccessible" -> set(m.publiclyAccessible(false));
                case "masterUserPassword" -> set(m.manageMasterUserPassword(true));
                case "securityGroups" -> set(m.vpcSecurityGroupIds(ctx.id(spec.securityGroupKey())));
                case "copyTagsToSnapshot" -> set(m.copyTagsToSnapshot(true));
                case "autoMinorVersionUpgrade" -> set(m.autoMinorVersionUpgrade(true));
                default -> {
                    if (REFUSED.contains(c.field())) {
                        refused.add(c.toString());
                    }
                    yield false;
                }
            };
        }
        if (modify) {
            db = rds.modifyDBInstance(m.build()).dbInstance();
        }
        if (TagDrift.anyTags(changes)) {
            String arn = actual.raw(DBInstance.class).dbInstanceArn();
            rds.addTagsToResource(r -> r.resourceName(arn).tags(DataApi.rds(key, ctx)));
        }
        if (!refused.isEmpty()) {
            throw new IllegalStateException("database " + key + ": " + String.join(", ", refused)
                    + " is not changed by this tool (it would lose data or needs a decision: upgrade or migrate"
                    + " the database yourself, or put the existing value back in the config)");
        }
        return observed(db, ctx.tags(key));
    }

    /** Lets each case of the switch above set one field and say "modify" in one expression. */
    private static boolean set(Object ignored) {
        return true;
    }

    @Override
    public void delete(Observed actual, Context ctx) {
        String id = actual.id();
        if (actual.deletionProtection().isPresent()) {
            if (!deletePolicy.confirmDeletionProtectionOff()) {
                throw new DeletionProtectedException(actual.key());
            }
            rds.modifyDBInstance(r -> r.dbInstanceIdentifier(id).deletionProtection(false).applyImmediately(true));
        }
        ignoringNotFound(() -> rds.deleteDBInstance(r -> {
            r.dbInstanceIdentifier(id);
            if (deletePolicy.finalSnapshot()) {
                r.finalDBSnapshotIdentifier(finalSnapshotId(actual.key())).skipFinalSnapshot(false);
            } else {
                r.skipFinalSnapshot(true);
            }
        }));
    }


    /** Unique per deletion: the stack, the key and the time ({@code hackathon-db-main-final-20250101-120000}). */
    String finalSnapshotId(String key) {
        return owner.name(key == null ? "db/unknown" : key) + "-final-" + SNAPSHOT_TIME.format(now.get());
    }

    /**
     * Deleting: listed for minutes under its identifier, which is not free until it is gone.
     * States it does not come back from by itself (failed, storage full, stopped ...) fail the wait.
     */
    @Override
    public Status state(Observed o) {
        String s = o.state() == null ? "" : o.state();
        if (s.equals("available") || s.equals("storage-optimization")) {
            return Status.READY; // storage-optimization: usable, and it can last hours
        }
        if (s.equals("deleting")) {
            return Status.DELETING;
        }
        if (s.equals("failed") || s.startsWith("incompatible-") || s.startsWith("inaccessible-")
                || s.equals("restore-error") || s.equals("storage-full") || s.equals("insufficient-capacity")
                || s.equals("stopped") || s.equals("stopping")) {
            return Status.failed(null);
        }
        return Status.PENDING; // creating, backing-up, modifying, upgrading, rebooting, ...
    }
}
