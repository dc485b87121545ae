package dev.hackathon.infra.output;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class TextReportsTest {

    @Test
    void longArnsAreCutToTypeAndLastSegmentOtherIdsStayWhole() {
        assertEquals("targetgroup/…/93d86f1cc98a20cb", TextReports.shortId(
                "arn:aws:elasticloadbalancing:ap-northeast-1:123456789012:targetgroup/hackathon-tg-app/93d86f1cc98a20cb"));
        assertEquals("listener-rule/…/bf54dec0cb77924e", TextReports.shortId("arn:aws:elasticloadbalancing:ap-northeast-1:"
                + "123456789012:listener-rule/app/hackathon-alb-main/f80b3ec08d8cf9e3/ac8513f9a2fd4838/bf54dec0cb77924e"));
        assertEquals("policy/AmazonSSMManagedInstanceCore",
                TextReports.shortId("arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore"));
        assertEquals("vpc-4512d9775b4a16c52", TextReports.shortId("vpc-4512d9775b4a16c52"));
        assertEquals("-", TextReports.shortId(null));
    }
}
