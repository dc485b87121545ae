package dev.hackathon.infra.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.hackathon.infra.engine.ErrorDescriber;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;

/**
 * Errors are classified and described without ever throwing, whatever they lack (an answer
 * that did not parse has no code and no message), and never read as a bare class name.
 */
class ErrorClassificationTest {

    private static AwsServiceException withoutCode(int status) {
        return Ec2Exception.builder().statusCode(status)
                .awsErrorDetails(AwsErrorDetails.builder().serviceName("Ec2").build()).build();
    }

    @Test
    void anErrorWithoutACodeIsClassifiedByItsStatusAlone() {
        assertNull(AwsErrors.code(withoutCode(502)));
        assertTrue(RetryPolicy.mayHaveExecuted(withoutCode(502)));
        assertTrue(RetryPolicy.isTransient(withoutCode(503)));
        assertFalse(RetryPolicy.mayHaveExecuted(withoutCode(400)));
        assertFalse(RetryPolicy.isThrottling(withoutCode(400)));
        assertFalse(AwsErrors.isNotFound(withoutCode(404)));
        assertFalse(AwsErrors.isCredentialsError(withoutCode(403)));
        AwsServiceException noDetails = AwsServiceException.builder().statusCode(500).build();
        assertTrue(RetryPolicy.mayHaveExecuted(noDetails));
        assertEquals("Ec2 answered HTTP 502 with no error code (the answer could not be read); try again",
                AwsErrors.describe(withoutCode(502)));
    }

    @Test
    void anExceptionWithoutAMessageIsNeverShownAsItsClassName() {
        for (Throwable e : List.of(new NullPointerException(), new IllegalStateException(), new RuntimeException(""))) {
            for (String text : List.of(AwsErrors.describe(e), AwsErrors.message(e), ErrorDescriber.PLAIN.describe(e))) {
                assertFalse(text.contains(e.getClass().getSimpleName()), text);
                assertTrue(text.contains("--verbose"), text);
            }
        }
        assertEquals("the cause", AwsErrors.message(new RuntimeException(null, new IllegalStateException("the cause"))));
    }

    @Test
    void profileFilesAreLookedUpUnderHomeFirst(@TempDir Path home) throws Exception {
        Files.createDirectories(home.resolve(".aws"));
        Files.writeString(home.resolve(".aws/config"), "[profile from-home]\nregion = eu-west-3\n");
        AwsSessionFactory factory = new AwsSessionFactory(List.of(), Map.of("HOME", home.toString()));
        ProfileFile files = factory.profileFile();
        assertEquals("eu-west-3", files.profile("from-home").orElseThrow().property("region").orElseThrow());
        assertEquals(home, AwsSessionFactory.home(Map.of("HOME", home.toString())));
        assertEquals(Path.of(System.getProperty("user.home")), AwsSessionFactory.home(Map.of()));
    }
}
