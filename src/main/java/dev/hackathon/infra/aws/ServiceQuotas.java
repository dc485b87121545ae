package dev.hackathon.infra.aws;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.OptionalDouble;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.regions.Region;

/**
 * Service Quotas' GetServiceQuota, the one call the preflight makes there, as a JSON 1.1
 * request signed with the SDK's own SigV4 signer and sent through the session's HTTP client.
 * Why by hand: the SDK's servicequotas module does not resolve from the Maven mirror this
 * project builds from, and one read-only call does not justify vendoring a client. It goes
 * around the SDK's interceptors and retries, so it makes exactly one attempt; errors come
 * back as {@link AwsServiceException} with the service's code, as an SDK client's would.
 */
public final class ServiceQuotas {

    /** The API's target prefix (its model's version) and SigV4 signing name. */
    private static final String TARGET = "ServiceQuotasV20190624.GetServiceQuota";
    private static final String SIGNING_NAME = "servicequotas";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SdkHttpClient http;
    private final AwsCredentialsProvider credentials;
    private final Region region;
    private final URI endpoint;

    ServiceQuotas(SdkHttpClient http, AwsCredentialsProvider credentials, Region region, URI endpoint) {
        this.http = http;
        this.credentials = credentials;
        this.region = region;
        this.endpoint = endpoint;
    }

    /**
     * The SDK's endpoint variables, as its clients read them (AWS_ENDPOINT_URL_SERVICE_QUOTAS,
     * then AWS_ENDPOINT_URL), else the Region's public endpoint.
     */
    static URI endpointFromEnvironment(Map<String, String> env, Region region) {
        for (String name : new String[] {"AWS_ENDPOINT_URL_SERVICE_QUOTAS", "AWS_ENDPOINT_URL"}) {
            String v = env.get(name);
            if (v != null && !v.isBlank()) {
                return URI.create(v.trim());
            }
        }
        String domain = region.metadata() == null ? "amazonaws.com" : region.metadata().domain();
        return URI.create("https://servicequotas." + region.id() + "." + domain);
    }

    /** The quota's applied value in the session's Region; throws the service's error (NoSuchResourceException, AccessDeniedException). */
    public OptionalDouble appliedValue(String serviceCode, String quotaCode) {
        String body = "{\"ServiceCode\":\"" + serviceCode + "\",\"QuotaCode\":\"" + quotaCode + "\"}";
        SdkHttpFullRequest request = SdkHttpFullRequest.builder()
                .method(SdkHttpMethod.POST)
                .uri(endpoint.resolve("/"))
                .putHeader("Content-Type", "application/x-amz-json-1.1")
                .putHeader("X-Amz-Target", TARGET)
                .build();
        SignedRequest signed = AwsV4HttpSigner.create().sign(r -> r
                .identity(credentials.resolveCredentials())
                .request(request)
                .payload(ContentStreamProvider.fromUtf8String(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, SIGNING_NAME)
                .putProperty(AwsV4HttpSigner.REGION_NAME, region.id()));
        try {
            HttpExecuteResponse response = http.prepareRequest(HttpExecuteRequest.builder()
                    .request(signed.request())
                    .contentStreamProvider(signed.payload().orElse(null))
                    .build()).call();
            JsonNode answer = read(response);
            int status = response.httpResponse().statusCode();
            if (status / 100 != 2) {
                throw error(status, answer);
            }
            JsonNode value = answer.path("Quota").path("Value");
            return value.isNumber() ? OptionalDouble.of(value.asDouble()) : OptionalDouble.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("Service Quotas at " + endpoint + ": " + e.getMessage(), e);
        }
    }

    private static JsonNode read(HttpExecuteResponse response) throws IOException {
        if (response.responseBody().isEmpty()) {
            return JSON.createObjectNode();
        }
        try (InputStream in = response.responseBody().get()) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            try {
                return text.isBlank() ? JSON.createObjectNode() : JSON.readTree(text);
            } catch (IOException notJson) {
                return JSON.createObjectNode(); // an emulator's HTML 404 page: no code, the status says it
            }
        }
    }

    /** The JSON protocol's error: {@code __type} is the code (sometimes prefixed "namespace#"). */
    private static AwsServiceException error(int status, JsonNode answer) {
        String type = answer.path("__type").asText("");
        String code = type.isEmpty() ? null : type.substring(type.indexOf('#') + 1);
        String message = answer.hasNonNull("message") ? answer.get("message").asText()
                : answer.path("Message").asText("HTTP " + status);
        return AwsServiceException.builder()
                .statusCode(status)
                .message(message)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(message)
                        .serviceName("ServiceQuotas").build())
                .build();
    }
}
