package dev.hackathon.infra.aws;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.profiles.ProfileProperty;
import software.amazon.awssdk.regions.Region;

/**
 * Opens an {@link AwsSession}: region from the command line or config, else AWS_REGION (or
 * AWS_DEFAULT_REGION, as the AWS CLI reads it), else the profile's {@code region}; credentials
 * from the named profile (SSO profiles included: sso and ssooidc are on the classpath), else
 * the SDK's default chain; the endpoint from --endpoint-url, else the SDK's own
 * AWS_ENDPOINT_URL* variables; the CA bundle for TLS from AWS_CA_BUNDLE or the profile's
 * ca_bundle, as the AWS CLI reads them. Credentials are resolved before anything else, so an expired
 * SSO session fails at once with its fix.
 *
 * <p>The environment is passed in rather than read, so tests decide it: the region and the
 * profile files come from that map, never from the test machine's own variables or
 * {@code ~/.aws}. The region is never looked up on the instance metadata service: that is a
 * network call with timeouts, and a run on a laptop would wait for it to fail.
 */
public class AwsSessionFactory {

    private final List<ExecutionInterceptor> interceptors;
    private final Map<String, String> env;

    public AwsSessionFactory() {
        this(List.of(), System.getenv());
    }

    public AwsSessionFactory(List<ExecutionInterceptor> interceptors, Map<String, String> env) {
        this.interceptors = List.copyOf(interceptors);
        this.env = Map.copyOf(env);
    }

    public AwsSession open(String profile, String region, URI endpoint) {
        Region resolvedRegion = resolveRegion(profile, region);
        AwsCredentialsProvider credentials = credentials(profile);
        try {
            credentials.resolveCredentials();
        } catch (SdkClientException | IllegalArgumentException | IllegalStateException e) {
            throw credentialsProblem(profile, e);
        }
        return new AwsSession(resolvedRegion, endpoint, credentials, interceptors, profiles(), profile, caBundle(profile));
    }

    /** AWS_CA_BUNDLE, else the profile's ca_bundle, as the AWS CLI reads them. */
    private HttpClients.CaBundle caBundle(String profile) {
        String name = profile != null ? profile : env.getOrDefault("AWS_PROFILE", "default");
        return HttpClients.CaBundle.find(env, profiles().profile(name).flatMap(p -> p.property("ca_bundle")), name);
    }

    /** Tests override this to use fixed credentials. */
    protected AwsCredentialsProvider credentials(String profile) {
        if (profile != null) {
            return ProfileCredentialsProvider.builder().profileFile(profiles()).profileName(profile).build();
        }
        return DefaultCredentialsProvider.builder().build();
    }

    Region resolveRegion(String profile, String region) {
        if (region != null && !region.isBlank()) {
            return Region.of(region);
        }
        for (String name : List.of("AWS_REGION", "AWS_DEFAULT_REGION")) {
            String value = env.get(name);
            if (value != null && !value.isBlank()) {
                return Region.of(value.trim());
            }
        }
        String profileName = profile != null ? profile : env.getOrDefault("AWS_PROFILE", "default");
        Optional<String> fromProfile = profiles().profile(profileName)
                .flatMap(p -> p.property(ProfileProperty.REGION));
        if (fromProfile.isPresent()) {
            return Region.of(fromProfile.get());
        }
        throw new NoRegionException("no AWS region\n  fix: set `region:` in the config, pass --region REGION, or"
                + " set AWS_REGION" + (profile == null ? "" : " (or region in profile '" + profile + "')"));
    }

    /**
     * The profile files, read once: for the region, the credentials and the clients' own
     * settings (each client would otherwise read them again, and check them before every call).
     */
    private ProfileFile profiles() {
        if (profiles == null) {
            profiles = profileFile();
        }
        return profiles;
    }

    private ProfileFile profiles;

    /** ~/.aws/config and ~/.aws/credentials, or the files AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE name. */
    protected ProfileFile profileFile() {
        Path home = home(env);
        ProfileFile.Aggregator files = ProfileFile.aggregator();
        addIfPresent(files, env.get("AWS_CONFIG_FILE"), home.resolve(".aws/config"), ProfileFile.Type.CONFIGURATION);
        addIfPresent(files, env.get("AWS_SHARED_CREDENTIALS_FILE"), home.resolve(".aws/credentials"),
                ProfileFile.Type.CREDENTIALS);
        return files.build();
    }

    /**
     * The home directory the AWS CLI and the SDK use: {@code $HOME} first, then {@code user.home}
     * (they differ under sudo, in CI containers and in a test's temporary home; reading another
     * ~/.aws/config than the SDK's SSO token cache belongs to would leave an SSO profile without credentials).
     */
    static Path home(Map<String, String> env) {
        String home = env.get("HOME");
        return Path.of(home != null && !home.isBlank() ? home : System.getProperty("user.home"));
    }

    private static void addIfPresent(ProfileFile.Aggregator files, String named, Path fallback, ProfileFile.Type type) {
        Path path = named != null && !named.isBlank() ? Path.of(named) : fallback;
        if (Files.isReadable(path)) {
            files.addFile(ProfileFile.builder().content(path).type(type).build());
        }
    }

    /** Turns the SDK's many credential failures into one message with the fix. */
    public static CredentialsException credentialsProblem(String profile, Throwable e) {
        String text = AwsErrors.message(e);
        // "Profile file contained no credentials for profile 'x': ProfileFile(sections=...)": the dump adds nothing.
        int dump = text.indexOf(": ProfileFile(");
        String first = dump < 0 ? text : text.substring(0, dump);
        return new CredentialsException("AWS credentials missing or expired: " + first + "\n  fix: "
                + ErrorAdvice.credentials(profile, text), e);
    }
}
