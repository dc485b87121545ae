package dev.hackathon.infra.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.ConnectException;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

/** The advice's edge cases; the common ones run through the CLI in ErrorMessagesTest. */
class ErrorAdviceTest {

    @Test
    void quotasByCodeAndAnyOtherQuotaByItsShapeButNeverThrottling() {
        assertEquals(Optional.of("request a quota increase for \"VPCs per Region\" (Amazon VPC) in Service Quotas,"
                + " or delete unused VPCs"), advice("VpcLimitExceeded", "The maximum number of VPCs has been reached."));
        assertEquals(Optional.of("request a quota increase for \"NAT gateways per Availability Zone\" (Amazon VPC)"
                + " in Service Quotas, or delete unused NAT gateways"), advice("NatGatewayLimitExceeded", "max"));
        assertEquals(Optional.of("request a quota increase for \"DB instances\" (Amazon RDS) in Service Quotas, or"
                + " delete unused DB instances"), advice("DBInstanceQuotaExceeded", "max"));
        assertEquals(Optional.of("an AWS quota was reached: request an increase in Service Quotas (the message names"
                + " it), or delete unused resources of that kind"), advice("LimitExceeded", "Cannot exceed quota for"
                + " RolesPerAccount: 1000"));
        // Throttling looks like a quota by name but is retried, not advised on.
        assertEquals(Optional.empty(), advice("RequestLimitExceeded", "Request limit exceeded."));
        assertEquals(Optional.empty(), advice("TooManyRequestsException", "Rate exceeded"));
        assertEquals(Optional.empty(), advice("TooManyUpdates", "There are concurrent updates for a resource that"
                + " supports one update at a time."));
        assertEquals(Optional.empty(), advice("DependencyViolation", "has dependencies"));
    }

    @Test
    void accessDeniedWithoutDetailsStillSaysWhatToAskFor() {
        // EC2's older form: no action, no resource, only the encoded message.
        assertEquals(Optional.of("ask your AWS administrator to allow this action; see why with: aws sts"
                        + " decode-authorization-message --query DecodedMessage --output text --encoded-message abc-123"),
                advice("UnauthorizedOperation", "You are not authorized to perform this operation. Encoded"
                        + " authorization failure message: abc-123"));
        assertEquals("UnauthorizedOperation: You are not authorized to perform this operation. (encoded details"
                + " below)\n  fix: ask your AWS administrator to allow this action; see why with: aws sts"
                + " decode-authorization-message --query DecodedMessage --output text --encoded-message abc-123",
                AwsErrors.describe(error("UnauthorizedOperation", "You are not authorized to perform this operation."
                        + " Encoded authorization failure message: abc-123")));
        // A resource at the end of the sentence loses the full stop.
        assertEquals(Optional.of("ask your AWS administrator to allow iam:PassRole on arn:aws:iam::1:role/x for"
                + " arn:aws:sts::1:assumed-role/Dev/a"), advice("AccessDenied", "User: arn:aws:sts::1:assumed-role/Dev/a"
                + " is not authorized to perform: iam:PassRole on resource: arn:aws:iam::1:role/x."));
    }

    @Test
    void credentialsNameTheProfileAndAnUnreachableEndpointTheSettingsToCheck() {
        assertEquals(Optional.of("run: aws sso login --profile dev"),
                ErrorAdvice.of(error("ExpiredToken", "The security token included in the request is expired"), "dev"));
        assertEquals(Optional.of(ErrorAdvice.UNREACHABLE), ErrorAdvice.of(SdkClientException.create(
                "Unable to execute HTTP request: Connection refused", new ConnectException("Connection refused")), null));
        assertEquals(Optional.empty(), ErrorAdvice.of(new IllegalStateException("state failed"), null));
    }

    private static Optional<String> advice(String code, String message) {
        return ErrorAdvice.of(error(code, message), null);
    }

    private static AwsServiceException error(String code, String message) {
        return AwsServiceException.builder().statusCode(400)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(message).build()).build();
    }
}
