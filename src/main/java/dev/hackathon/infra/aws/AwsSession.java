package dev.hackathon.infra.aws;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;

import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.client.builder.SdkSyncClientBuilder;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.elasticache.ElastiCacheClient;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * The AWS clients of one run, built once, lazily, all sharing one url-connection HTTP
 * client, one credentials provider, one region, one endpoint override, one explicit retry
 * strategy and the same interceptors (tests add recorders and fault injectors there).
 */
public final class AwsSession implements AutoCloseable {

    private final Region region;
    private final URI endpoint;
    private final AwsCredentialsProvider credentials;
    private final List<ExecutionInterceptor> interceptors;
    private final SdkHttpClient http;
    private final ConcurrentMap<Class<?>, SdkClient> clients = new ConcurrentHashMap<>();

    public AwsSession(Region region, URI endpoint, AwsCredentialsProvider credentials, List<ExecutionInterceptor> interceptors) {
        this.region = region;
        this.endpoint = endpoint;
        this.credentials = credentials;
        this.interceptors = List.copyOf(interceptors);
        this.http = UrlConnectionHttpClient.builder()
                .connectionTimeout(Duration.ofSeconds(5))
                .socketTimeout(Duration.ofSeconds(60))
                .build();
    }

    public Region region() {
        return region;
    }

    public AwsCredentialsProvider credentials() {
        return credentials;
    }

    public Ec2Client ec2() {
        return client(Ec2Client.class, Ec2Client::builder, region);
    }

    public ElasticLoadBalancingV2Client elb() {
        return client(ElasticLoadBalancingV2Client.class, ElasticLoadBalancingV2Client::builder, region);
    }

    public RdsClient rds() {
        return client(RdsClient.class, RdsClient::builder, region);
    }

    public ElastiCacheClient elasticache() {
        return client(ElastiCacheClient.class, ElastiCacheClient::builder, region);
    }

    /** IAM is global; its endpoint lives in aws-global (us-east-1 signing). */
    public IamClient iam() {
        return client(IamClient.class, IamClient::builder, Region.AWS_GLOBAL);
    }

    public SsmClient ssm() {
        return client(SsmClient.class, SsmClient::builder, region);
    }

    public StsClient sts() {
        return client(StsClient.class, StsClient::builder, region);
    }

    @SuppressWarnings("unchecked")
    private <C extends SdkClient, B extends AwsClientBuilder<B, C> & SdkSyncClientBuilder<B, C>> C client(
            Class<C> type, Supplier<B> builder, Region clientRegion) {
        return (C) clients.computeIfAbsent(type, t -> {
            B b = builder.get()
                    .region(clientRegion)
                    .credentialsProvider(credentials)
                    .httpClient(http)
                    .overrideConfiguration(overrides());
            if (endpoint != null) {
                b.endpointOverride(endpoint);
            }
            return b.build();
        });
    }

    private ClientOverrideConfiguration overrides() {
        ClientOverrideConfiguration.Builder o = ClientOverrideConfiguration.builder()
                .retryStrategy(RetryPolicy.strategy())
                .apiCallAttemptTimeout(Duration.ofSeconds(60))
                .apiCallTimeout(Duration.ofMinutes(5));
        o.addExecutionInterceptor(RetryPolicy.operationMarker());
        interceptors.forEach(o::addExecutionInterceptor);
        return o.build();
    }

    @Override
    public void close() {
        clients.values().forEach(SdkClient::close);
        http.close();
    }
}
