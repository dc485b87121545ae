package dev.hackathon.infra.aws;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.client.builder.SdkSyncClientBuilder;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.acm.AcmClient;
import software.amazon.awssdk.services.bedrock.BedrockClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.elasticache.ElastiCacheClient;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * The AWS clients of one run, each built once, when first asked for, all sharing one
 * url-connection HTTP client, one credentials provider, one region, one endpoint override,
 * one explicit retry strategy and the same interceptors (tests add recorders and fault
 * injectors there). Each client has its own lock: threads that need different clients never
 * wait for each other.
 */
public final class AwsSession implements AutoCloseable {

    private final Region region;
    private final URI endpoint;
    private final AwsCredentialsProvider credentials;
    private final List<ExecutionInterceptor> interceptors;
    private final SdkHttpClient http;
    private final ProfileFile profiles;
    private final String profileName;
    private final Lazy<Ec2Client> ec2 = new Lazy<>(() -> build(Ec2Client.builder(), null));
    private final Lazy<ElasticLoadBalancingV2Client> elb =
            new Lazy<>(() -> build(ElasticLoadBalancingV2Client.builder(), null));
    private final Lazy<RdsClient> rds = new Lazy<>(() -> build(RdsClient.builder(), null));
    private final Lazy<ElastiCacheClient> elasticache = new Lazy<>(() -> build(ElastiCacheClient.builder(), null));
    /** IAM is global; its endpoint lives in aws-global (us-east-1 signing). */
    private final Lazy<IamClient> iam = new Lazy<>(() -> build(IamClient.builder(), Region.AWS_GLOBAL));
    private final Lazy<SsmClient> ssm = new Lazy<>(() -> build(SsmClient.builder(), null));
    private final Lazy<StsClient> sts = new Lazy<>(() -> build(StsClient.builder(), null));
    private final Lazy<String> account = new Lazy<>(() -> sts().getCallerIdentity().account());
    /** The load balancer's certificate must be in the load balancer's region: the session's. */
    private final Lazy<AcmClient> acm = new Lazy<>(() -> build(AcmClient.builder(), null));
    /** Route 53 is global, per partition (aws-global, aws-cn-global, ...): {@link Partitions#globalRegion}. */
    private final Lazy<Route53Client> route53 =
            new Lazy<>(this::buildRoute53);
    private final Lazy<SecretsManagerClient> secrets = new Lazy<>(() -> build(SecretsManagerClient.builder(), null));
    /** Bedrock has a region of its own in the config (bedrock.region); one client per region asked for. */
    private final java.util.concurrent.ConcurrentMap<Region, Lazy<BedrockClient>> bedrock =
            new java.util.concurrent.ConcurrentHashMap<>();
    private final Lazy<ServiceQuotas> serviceQuotas = new Lazy<>(this::buildServiceQuotas);

    public AwsSession(Region region, URI endpoint, AwsCredentialsProvider credentials, List<ExecutionInterceptor> interceptors) {
        this(region, endpoint, credentials, interceptors, null, null);
    }

    /**
     * {@code profiles}: the profile files already read for the credentials, for the clients'
     * settings too ({@code profileName} null: the default profile); null lets each client read
     * the SDK's default files itself.
     */
    public AwsSession(Region region, URI endpoint, AwsCredentialsProvider credentials, List<ExecutionInterceptor> interceptors,
                      ProfileFile profiles, String profileName) {
        this(region, endpoint, credentials, interceptors, profiles, profileName, null);
    }

    /** {@code caBundle}: the certificates to trust for TLS instead of the JVM's ({@link HttpClients}); null: the JVM's. */
    AwsSession(Region region, URI endpoint, AwsCredentialsProvider credentials, List<ExecutionInterceptor> interceptors,
               ProfileFile profiles, String profileName, HttpClients.CaBundle caBundle) {
        this.region = region;
        this.endpoint = endpoint;
        this.credentials = credentials;
        this.interceptors = List.copyOf(interceptors);
        this.profiles = profiles;
        this.profileName = profileName;
        this.http = HttpClients.forEndpoint(endpoint, caBundle);
    }

    public Region region() {
        return region;
    }

    public AwsCredentialsProvider credentials() {
        return credentials;
    }

    public Ec2Client ec2() {
        return ec2.get();
    }

    public ElasticLoadBalancingV2Client elb() {
        return elb.get();
    }

    public RdsClient rds() {
        return rds.get();
    }

    public ElastiCacheClient elasticache() {
        return elasticache.get();
    }

    public IamClient iam() {
        return iam.get();
    }

    public SsmClient ssm() {
        return ssm.get();
    }

    /** The account the credentials are in (one STS GetCallerIdentity per session, when first asked). */
    public String accountId() {
        return account.get();
    }

    public StsClient sts() {
        return sts.get();
    }

    public AcmClient acm() {
        return acm.get();
    }

    public Route53Client route53() {
        return route53.get();
    }

    public SecretsManagerClient secretsManager() {
        return secrets.get();
    }

    /** The Bedrock control plane in {@code bedrockRegion} (the config's bedrock.region, not the stack's). */
    public BedrockClient bedrock(Region bedrockRegion) {
        return bedrock.computeIfAbsent(bedrockRegion, r -> new Lazy<>(() -> build(BedrockClient.builder(), r))).get();
    }

    /** Service Quotas' GetServiceQuota, signed by hand: the SDK's module is not on the classpath ({@link ServiceQuotas}). */
    public ServiceQuotas serviceQuotas() {
        return serviceQuotas.get();
    }

    private Route53Client buildRoute53() {
        return build(Route53Client.builder(), Region.of(Partitions.globalRegion(region.id())));
    }

    private ServiceQuotas buildServiceQuotas() {
        URI at = endpoint != null ? endpoint : ServiceQuotas.endpointFromEnvironment(System.getenv(), region);
        return new ServiceQuotas(http, credentials, region, at);
    }

    /** {@code clientRegion} null: the session's region. */
    private <C extends SdkClient, B extends AwsClientBuilder<B, C> & SdkSyncClientBuilder<B, C>> C build(
            B builder, Region clientRegion) {
        builder.region(clientRegion == null ? region : clientRegion)
                .credentialsProvider(credentials)
                .httpClient(http)
                .overrideConfiguration(overrides());
        if (endpoint != null) {
            builder.endpointOverride(endpoint);
        }
        return builder.build();
    }

    private ClientOverrideConfiguration overrides() {
        ClientOverrideConfiguration.Builder o = ClientOverrideConfiguration.builder()
                .retryStrategy(RetryPolicy.strategy())
                .apiCallAttemptTimeout(Duration.ofSeconds(60))
                .apiCallTimeout(Duration.ofMinutes(5));
        if (profiles != null) {
            o.defaultProfileFile(profiles);
            if (profileName != null) {
                o.defaultProfileName(profileName);
            }
        }
        o.addExecutionInterceptor(RetryPolicy.operationMarker());
        interceptors.forEach(o::addExecutionInterceptor);
        return o.build();
    }

    @Override
    public void close() {
        for (Lazy<? extends SdkClient> c : List.of(ec2, elb, rds, elasticache, iam, ssm, sts, acm, route53, secrets)) {
            c.ifMade(SdkClient::close);
        }
        bedrock.values().forEach(c -> c.ifMade(SdkClient::close));
        http.close();
    }
}
