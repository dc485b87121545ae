package dev.hackathon.infra.resources.edge;

import static dev.hackathon.infra.aws.AwsErrors.ignoringNotFound;
import static dev.hackathon.infra.resources.TagDrift.tagDiff;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import dev.hackathon.infra.aws.AwsErrors;
import dev.hackathon.infra.engine.Change;
import dev.hackathon.infra.engine.Context;
import dev.hackathon.infra.engine.Discovery;
import dev.hackathon.infra.engine.Observed;
import dev.hackathon.infra.engine.Policy;
import dev.hackathon.infra.engine.Reported;
import dev.hackathon.infra.engine.ResourceKind;
import dev.hackathon.infra.engine.Status;
import dev.hackathon.infra.resources.Ownership;
import dev.hackathon.infra.resources.TagDrift;
import software.amazon.awssdk.services.acm.AcmClient;
import software.amazon.awssdk.services.acm.model.CertificateDetail;
import software.amazon.awssdk.services.acm.model.CertificateSummary;
import software.amazon.awssdk.services.acm.model.DomainValidation;
import software.amazon.awssdk.services.acm.model.Tag;
import software.amazon.awssdk.services.acm.model.ValidationMethod;

/**
 * The ACM certificate {@code loadBalancer.certificateArn: auto} asks for: one certificate
 * whose names are every rule host (the first host its domain name, the others alternative
 * names), validated by DNS. Tags go on with RequestCertificate; an idempotency token from
 * stack and hosts makes a retried request return the first certificate.
 *
 * <p>Ready means: ACM has published a validation record for every name (it may take a few
 * seconds after the request; the records are what the DNS kinds and the person need), not
 * issued: nothing in the stack waits for the issue (HTTPS is added by the run that finds it
 * {@link #ISSUED}). {@link #healthy} is issued, so {@code status} exits 3 while it is pending.
 *
 * <p>Discovery reads nothing unless the config asks for a certificate ({@code hosts} null):
 * then one ListCertificates and one ListTagsForCertificate per certificate naming a rule
 * host (ACM has no tag filter), and one DescribeCertificate per one of ours.
 */
public final class Certificates implements ResourceKind<Certificates.Spec>, Reported<Certificates.Spec> {

    /** The stack has one certificate, for all its hosts. */
    public static final String KEY = "cert/main";
    public static final String ISSUED = "ISSUED";
    public static final String PENDING = "PENDING_VALIDATION";
    /** Output: the certificate's state, shown by {@code status}. */
    public static final String STATE_OUTPUT = "certificate.state";

    /** What ACM does not come back from: a new certificate is needed (hosts fixed, records right). */
    static final Set<String> FAILED_STATES = Set.of("FAILED", "VALIDATION_TIMED_OUT", "REVOKED", "EXPIRED", "INACTIVE");

    /** RequestCertificate may answer LimitExceeded or throttle for a while after many requests. */
    static final Duration REQUEST_WINDOW = Duration.ofMinutes(2);

    /** {@code hosts} in the config's order; the first is the certificate's domain name. */
    public record Spec(List<String> hosts) {
        public Spec {
            hosts = List.copyOf(hosts);
        }
    }

    private final AcmClient acm;
    private final Ownership owner;
    /** The config's rule hosts when it asks for a certificate; null: this kind reads nothing. */
    private final List<String> hosts;

    public Certificates(AcmClient acm, Ownership owner, List<String> hosts) {
        this.acm = acm;
        this.owner = owner;
        this.hosts = hosts == null ? null : List.copyOf(hosts);
    }

    @Override
    public String name() {
        return "cert";
    }

    @Override
    public String label() {
        return "certificate";
    }

    @Override
    public List<Observed> discover(Discovery discovery) {
        if (hosts == null) {
            return List.of();
        }
        Set<String> wanted = lower(hosts);
        List<Observed> out = new ArrayList<>();
        for (CertificateSummary s : acm.listCertificatesPaginator(r -> r.maxItems(1000)).certificateSummaryList()) {
            if (!namesAny(s, wanted)) {
                continue;
            }
            try {
                Map<String, String> tags = tagMap(acm.listTagsForCertificate(r -> r.certificateArn(s.certificateArn())).tags());
                if (owner.owns(tags)) {
                    CertificateDetail d = acm.describeCertificate(r -> r.certificateArn(s.certificateArn())).certificate();
                    out.add(observed(d, tags));
                }
            } catch (RuntimeException e) {
                if (!AwsErrors.isNotFound(e)) { // deleted between the listing and the read
                    throw e;
                }
            }
        }
        return out;
    }

    @Override
    public Observed create(String key, Spec spec, Context ctx) {
        List<Tag> tags = acmTags(key, ctx);
        String arn = acm.requestCertificate(r -> {
            r.domainName(spec.hosts().get(0)).validationMethod(ValidationMethod.DNS)
                    .idempotencyToken(owner.clientToken(key, String.join(",", spec.hosts())).substring(3, 35))
                    .tags(tags);
            if (spec.hosts().size() > 1) {
                r.subjectAlternativeNames(spec.hosts().subList(1, spec.hosts().size()));
            }
        }).certificateArn();
        // The validation records appear some seconds later: the wait for ready (state) is for them.
        CertificateDetail d = acm.describeCertificate(r -> r.certificateArn(arn)).certificate();
        return observed(d, ctx.tags(key));
    }

    /** A certificate's names cannot change: other hosts need a new certificate. */
    @Override
    public List<Change> diff(String key, Spec spec, Observed actual, Context ctx) {
        CertificateDetail d = actual.raw(CertificateDetail.class);
        List<Change> out = new ArrayList<>();
        Set<String> have = lower(names(d));
        Set<String> want = lower(spec.hosts());
        if (!have.equals(want)) {
            out.add(new Change("names", String.join(", ", new TreeSet<>(have)), String.join(", ", new TreeSet<>(want))));
        }
        if (FAILED_STATES.contains(d.statusAsString())) {
            out.add(new Change("state", d.statusAsString(), ISSUED));
        }
        out.addAll(tagDiff(key, actual, ctx));
        return out;
    }

    /**
     * Other names, or a state ACM does not come back from, need a new certificate. A token makes
     * a repeated request return the first certificate: no look-up needed before a retry.
     * DeleteCertificate answers ResourceInUseException while a listener still names it (ELB
     * lets go some seconds after the listener is deleted); RequestCertificate may answer
     * LimitExceeded or throttle for a while after many requests.
     */
    @Override
    public Policy policy() {
        return Policy.DEFAULT.withoutLookUp().forcingNewOn("names", "state")
                .retrying("ResourceInUseException", Duration.ofMinutes(5))
                .retrying("LimitExceededException", REQUEST_WINDOW).retrying("ThrottlingException", REQUEST_WINDOW);
    }

    /** Only tags can change in place. */
    @Override
    public Observed update(String key, Spec spec, Observed actual, List<Change> changes, Context ctx) {
        if (TagDrift.anyTags(changes)) {
            acm.addTagsToCertificate(r -> r.certificateArn(actual.id()).tags(acmTags(key, ctx)));
        }
        return actual;
    }

    @Override
    public void delete(Observed actual, Context ctx) {
        ignoringNotFound(() -> acm.deleteCertificate(r -> r.certificateArn(actual.id())));
    }

    @Override
    public Status state(Observed observed) {
        CertificateDetail d = observed.raw(CertificateDetail.class);
        if (FAILED_STATES.contains(d.statusAsString())) {
            return Status.failed(d.failureReasonAsString());
        }
        return ISSUED.equals(d.statusAsString()) || !validationRecords(d).isEmpty()
                && validationRecords(d).size() == lower(names(d)).size() ? Status.READY : Status.PENDING;
    }

    @Override
    public boolean healthy(Observed observed) {
        return ISSUED.equals(observed.state());
    }

    @Override
    public List<String> warnings(String key, Spec spec, Observed actual) {
        if (ISSUED.equals(actual.state())) {
            return List.of();
        }
        return List.of("certificate " + key + " is " + actual.state() + ": port 80 serves HTTP until ACM issues it"
                + " (minutes after its validation records resolve); the next `up` then adds HTTPS 443 and the redirect");
    }

    public static boolean issued(Observed o) {
        return o != null && ISSUED.equals(o.state());
    }

    /** The CNAME record ACM asks for, per name it has published one for. */
    public record ValidationRecord(String domain, String name, String type, String value) {
    }

    /** The validation records of a certificate, one per distinct record (names may share one). */
    public static List<ValidationRecord> validationRecords(CertificateDetail d) {
        Map<String, ValidationRecord> out = new LinkedHashMap<>();
        if (d.domainValidationOptions() != null) {
            for (DomainValidation v : d.domainValidationOptions()) {
                if (v.resourceRecord() != null && v.resourceRecord().name() != null) {
                    out.putIfAbsent(v.domainName().toLowerCase(), new ValidationRecord(v.domainName(),
                            v.resourceRecord().name(), v.resourceRecord().typeAsString(), v.resourceRecord().value()));
                }
            }
        }
        return List.copyOf(out.values());
    }

    /** The names a certificate covers: domain name and alternative names. */
    static List<String> names(CertificateDetail d) {
        List<String> out = new ArrayList<>();
        out.add(d.domainName());
        if (d.subjectAlternativeNames() != null) {
            out.addAll(d.subjectAlternativeNames());
        }
        return out;
    }

    private static boolean namesAny(CertificateSummary s, Set<String> wanted) {
        if (s.domainName() != null && wanted.contains(s.domainName().toLowerCase())) {
            return true;
        }
        return s.subjectAlternativeNameSummaries() != null
                && s.subjectAlternativeNameSummaries().stream().anyMatch(n -> wanted.contains(n.toLowerCase()));
    }

    private static Set<String> lower(List<String> names) {
        Set<String> out = new LinkedHashSet<>();
        names.forEach(n -> out.add(n.toLowerCase()));
        return out;
    }

    private static List<Tag> acmTags(String key, Context ctx) {
        List<Tag> tags = new ArrayList<>();
        ctx.tags(key).forEach((k, v) -> tags.add(Tag.builder().key(k).value(v).build()));
        return tags;
    }

    private static Map<String, String> tagMap(List<Tag> tags) {
        Map<String, String> m = new LinkedHashMap<>();
        if (tags != null) {
            tags.forEach(t -> m.put(t.key(), t.value()));
        }
        return m;
    }

    private Observed observed(CertificateDetail d, Map<String, String> tags) {
        return new Observed(owner.keyOf(tags), d.certificateArn(), d.statusAsString(), tags,
                Map.of(STATE_OUTPUT, d.statusAsString()), d);
    }
}
