package dev.hackathon.infra.resources.compute;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

class PolicyDocumentsTest {

    private static final String DOC = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
            + "\"Action\":[\"bedrock:InvokeModel\",\"bedrock:InvokeModelWithResponseStream\"],"
            + "\"Resource\":[\"arn:aws:bedrock:us-east-1::foundation-model/a\",\"arn:aws:bedrock:us-east-1::foundation-model/b\"]}]}";

    @Test
    void urlEncodedDocumentAsIamReturnsItMeansTheSame() {
        JsonNode plain = PolicyDocuments.parse(DOC);
        JsonNode encoded = PolicyDocuments.parse(URLEncoder.encode(DOC, StandardCharsets.UTF_8));
        assertEquals(plain, encoded);
    }

    @Test
    void reorderedKeysListsAndSingleElementListsAreNoDrift() {
        String reordered = "{\"Statement\":{\"Resource\":[\"arn:aws:bedrock:us-east-1::foundation-model/b\","
                + "\"arn:aws:bedrock:us-east-1::foundation-model/a\"],\"Action\":[\"bedrock:InvokeModelWithResponseStream\","
                + "\"bedrock:InvokeModel\"],\"Effect\":\"Allow\"},\"Version\":\"2012-10-17\"}";
        assertTrue(PolicyDocuments.sameMeaning(PolicyDocuments.parse(DOC), PolicyDocuments.parse(reordered)));
        assertTrue(PolicyDocuments.sameMeaning(PolicyDocuments.parse("{\"Action\":\"s3:Get\"}"),
                PolicyDocuments.parse("{\"Action\":[\"s3:Get\"]}")));
    }

    @Test
    void anotherResourceOrActionIsDrift() {
        assertFalse(PolicyDocuments.sameMeaning(PolicyDocuments.parse(DOC), PolicyDocuments.parse(DOC.replace("model/b", "model/c"))));
        assertFalse(PolicyDocuments.sameMeaning(PolicyDocuments.parse(DOC),
                PolicyDocuments.parse(DOC.replace("bedrock:InvokeModelWithResponseStream", "bedrock:*"))));
    }

    @Test
    void aPlusInPlainJsonIsNotDecodedAsASpace() {
        assertEquals("a+b", PolicyDocuments.parse("{\"k\":\"a+b\"}").get("k").asText());
        assertEquals("a+b", PolicyDocuments.parse("%7B%22k%22%3A%22a%2Bb%22%7D").get("k").asText());
    }

    @Test
    void widerActualsAreSecurityRelevant() {
        JsonNode want = PolicyDocuments.parse(DOC);
        assertEquals(Set.of("bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"),
                PolicyDocuments.allowed(want, "Action"));
        assertTrue(InlinePolicies.widens(PolicyDocuments.parse(DOC.replace("bedrock:InvokeModel\"", "bedrock:*\"")), want));
        assertTrue(InlinePolicies.widens(PolicyDocuments.parse(DOC.replace("model/b", "model/*")), want));
        assertFalse(InlinePolicies.widens(PolicyDocuments.parse(DOC.replace(",\"arn:aws:bedrock:us-east-1::foundation-model/b\"", "")), want));
    }
}
