package dev.hackathon.infra.aws;

import java.net.URI;
import java.util.List;

import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;

/**
 * Opens an {@link AwsSession}: region from the command line or config, else the SDK's chain
 * (environment, then profile); credentials from the named profile (SSO profiles included:
 * sso and ssooidc are on the classpath), else the SDK's default chain; the endpoint from
 * --endpoint-url, else the SDK's own AWS_ENDPOINT_URL* variables. Credentials are resolved
 * before anything else, so an expired SSO session fails at once with its fix.
 */
public class AwsSessionFactory {

    private final List<ExecutionInterceptor> interceptors;

    public AwsSessionFactory() {
        this(List.of());
    }

    public AwsSessionFactory(List<ExecutionInterceptor> interceptors) {
        this.interceptors = List.copyOf(interceptors);
    }

    public AwsSession open(String profile, String region, URI endpoint) {
        Region resolvedRegion = resolveRegion(profile, region);
        AwsCredentialsProvider credentials = credentials(profile);
        try {
            credentials.resolveCredentials();
        } catch (SdkClientException | IllegalArgumentException | IllegalStateException e) {
            throw credentialsProblem(profile, e);
        }
        return new AwsSession(resolvedRegion, endpoint, credentials, interceptors);
    }

    /** Tests override this to use fixed credentials. */
    protected AwsCredentialsProvider credentials(String profile) {
        if (profile != null) {
            return ProfileCredentialsProvider.builder().profileName(profile).build();
        }
        return DefaultCredentialsProvider.builder().build();
    }

    private static Region resolveRegion(String profile, String region) {
        if (region != null) {
            return Region.of(region);
        }
        try {
            DefaultAwsRegionProviderChain.Builder chain = DefaultAwsRegionProviderChain.builder();
            if (profile != null) {
                chain.profileName(profile);
            }
            return chain.build().getRegion();
        } catch (SdkClientException e) {
            throw new NoRegionException("no AWS region: set `region:` in the config, pass --region, or set AWS_REGION");
        }
    }

    /** Turns the SDK's many credential failures into one message with the fix. */
    public static CredentialsException credentialsProblem(String profile, Throwable e) {
        String text = String.valueOf(e.getMessage());
        String lower = text.toLowerCase();
        String fix;
        if (profile != null && (lower.contains("sso") || lower.contains("token") || lower.contains("expired"))) {
            fix = "run: aws sso login --profile " + profile;
        } else if (profile != null && lower.contains("profile file contained no credentials")) {
            fix = "profile '" + profile + "' has no credentials; check ~/.aws/config or run: aws configure --profile " + profile;
        } else if (profile != null) {
            fix = "check profile '" + profile + "' in ~/.aws/config (for SSO: aws sso login --profile " + profile + ")";
        } else {
            fix = "pass --profile NAME (after `aws configure sso` or `aws sso login --profile NAME`), or set AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY";
        }
        String first = text.lines().findFirst().orElse(text);
        return new CredentialsException("AWS credentials missing or expired: " + first + "\n  fix: " + fix, e);
    }
}
