package dev.hackathon.infra.output.html;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.hackathon.infra.config.StackConfig;
import dev.hackathon.infra.engine.VirtualClock;
import dev.hackathon.infra.stack.ResourceStatus;
import dev.hackathon.infra.stack.StatusReport;

/** The pages as text: self-contained, escaped, and saying what the model says. The browser's view is {@link PagesInBrowserTest}. */
class PagesTest {

    static String stackPage() {
        return StackPage.render(PageFixtures.stack(), null, "fleet.html");
    }

    static String fleetPage() {
        return FleetPage.render(PageFixtures.fleet(), Duration.ofSeconds(60));
    }

    @Test
    void aPageLoadsNothingFromAnywhereAndItsOnlyStyleIsTheOneItsPolicyNames() {
        for (String page : List.of(stackPage(), fleetPage())) {
            Matcher style = Pattern.compile("<style>(.*?)</style>", Pattern.DOTALL).matcher(page);
            assertTrue(style.find());
            assertFalse(style.find(), "a second style block");
            assertTrue(page.contains("default-src 'none'; style-src '" + HtmlPage.sha256(HtmlPage.STYLE) + "'"));
            assertEquals(HtmlPage.STYLE, page.substring(page.indexOf("<style>") + 7, page.indexOf("</style>")));
            assertFalse(page.contains("@import"));
            Matcher tag = Pattern.compile("<([a-zA-Z][a-zA-Z0-9]*)([^>]*)>").matcher(page);
            while (tag.find()) {
                assertFalse(List.of("script", "link", "iframe", "img", "object", "embed", "base", "form")
                        .contains(tag.group(1).toLowerCase()), "the page has a " + tag.group(1) + " element");
                Matcher attribute = Pattern.compile("\\s+([a-zA-Z_:][-a-zA-Z0-9_:.]*)(=\"[^\"]*\")?").matcher(tag.group(2));
                while (attribute.find()) {
                    assertFalse(attribute.group(1).toLowerCase().matches("src|style|on[a-z]+"),
                            "an attribute that loads, styles or runs something: " + tag.group());
                }
            }
            Matcher url = Pattern.compile("url\\(([^)]*)\\)").matcher(page);
            while (url.find()) {
                assertEquals("#arrow", url.group(1), "a url() that is not the page's own marker");
            }
            Matcher href = Pattern.compile("href=\"([^\"]*)\"").matcher(page);
            while (href.find()) {
                assertTrue(href.group(1).matches("https?://[^\"]+|[a-z0-9-]+\\.html"), "a link to " + href.group(1));
            }
        }
    }

    @Test
    void valuesFromAwsAndTheConfigAreEscapedWhereverTheyAppear() {
        String stack = stackPage();
        String fleet = fleetPage();

        assertFalse(stack.contains(PageFixtures.HOSTILE_ID));
        assertFalse(stack.contains(PageFixtures.HOSTILE_DRIFT));
        assertTrue(stack.contains("sg-0123&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"));
        assertTrue(stack.contains("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"));
        assertTrue(stack.contains("SECURITY: sg/db has an egress rule &lt;all traffic&gt;"));
        assertTrue(fleet.contains("cannot assume role &lt;OrganizationAccountAccessRole&gt;"));
        assertEquals("a&lt;b&gt;&amp;&quot;&#39;\uFFFD", Html.escape("a<b>&\"'\u0007"));
    }

    @Test
    void onlyWebAddressesAndFilesBesideThePageAreLinked() {
        assertEquals("#", Html.href("javascript:alert(1)"));
        assertEquals("#", Html.href("data:text/html,x"));
        assertEquals("#", Html.href("//evil.example/x"));
        assertEquals("https://a.example.com/?q=1&amp;r=2", Html.href("https://a.example.com/?q=1&r=2"));
        assertEquals("team-a.html", Html.href("team-a.html"));
    }

    @Test
    void theStackViewSaysWhatStatusFound() {
        StackView v = PageFixtures.stack();

        assertEquals(Health.SECURITY, v.health());
        assertEquals(Health.UNHEALTHY, v.targets().get(1).registration().health());
        assertEquals(Health.HEALTHY, v.targets().get(1).group().health());
        assertEquals(Health.NOT_READY, v.cache().health());
        assertEquals(Health.DRIFT, v.rules().get(1).node().health());
        assertEquals(List.of("listener/http", "listener/https"),
                v.listeners().stream().map(Node::key).sorted().toList());
        assertEquals(Health.MISSING, v.listeners().stream().filter(n -> n.key().equals("listener/https")).findFirst()
                .orElseThrow().health());
        assertEquals(List.of("subnet/old-b"), v.extra().stream().map(Node::key).toList());
        assertEquals(List.of("https://a.example.com/", "https://" + PageFixtures.LONG_HOST + "/"), v.urls());
        assertEquals("1 missing, 2 drifted, 1 not ready, 1 unhealthy, 1 not in config", v.summary());
    }

    @Test
    void aStackWithoutRulesIsReachedByItsLoadBalancersName() {
        StackConfig config = PageFixtures.config();
        StackConfig.LoadBalancer lb = config.loadBalancer();
        StackConfig noRules = config.withLoadBalancer(new StackConfig.LoadBalancer(null, lb.targets(), List.of()));

        StackView v = StackView.of(PageFixtures.report(), noRules, PageFixtures.NOW);

        assertEquals(List.of("http://team-a-alb-main-123.ap-northeast-1.elb.amazonaws.com/"), v.urls());
    }

    @Test
    void aPartAwsCallsFailedIsFailedWhateverElseItIs() {
        ResourceStatus failed = new ResourceStatus("db/main", "db", "RDS DB instance", "team-a-db-main", "failed", true,
                false, true, List.of(), Map.of());

        assertEquals(Health.FAILED, Health.of(failed));
        assertEquals(Health.FAILED, Health.worst(List.of(Health.MISSING, Health.FAILED, Health.HEALTHY)));
    }

    @Test
    void aTeamsRowCountsItsCostSinceItStartedAndItsTimeToExpiry() {
        Instant now = PageFixtures.NOW;
        FleetView.TeamRow a = PageFixtures.fleet().teams().get(0);

        double perHour = PageFixtures.report().cost().perHour();
        assertEquals(perHour * 5, a.costSoFar(now), 1e-9);
        assertNull(a.costSoFar(now.minusSeconds(6 * 3600)), "a stack that had not started yet has cost nothing known");
        assertEquals(Instant.parse("2026-12-01T18:00:00Z"), a.expiresAt());
        assertEquals("in 2d 3h", FleetPage.countdown(now.plus(Duration.ofHours(51)), now));
        assertEquals("in 45m", FleetPage.countdown(now.plus(Duration.ofMinutes(45)), now));
        assertEquals("expired 1h 0m ago", FleetPage.countdown(now.minus(Duration.ofHours(1)), now));
        assertEquals("never", FleetPage.countdown(null, now));
    }

    @Test
    void aTeamWhoseStackDoesNotExistYetIsNotCreatedAndHasNoUrls() {
        StatusReport r = PageFixtures.report();
        List<ResourceStatus> none = r.resources().stream().map(s -> new ResourceStatus(s.key(), s.kind(), s.label(), null,
                null, false, false, false, List.of(), Map.of())).toList();
        StatusReport nothing = new StatusReport("team-d", r.region(), none, List.of(), Map.of(), r.hosts(), List.of(),
                r.cost());

        FleetView.TeamRow row = FleetView.TeamRow.of("team-d", null, nothing, PageFixtures.config(), null, "team-d.html");

        assertEquals(Health.MISSING, row.health());
        assertEquals("not created", row.state());
        assertEquals(List.of(), row.urls());
    }

    @Test
    void watchRewritesThePageEveryIntervalOnTheClock(@TempDir Path dir) throws Exception {
        VirtualClock clock = new VirtualClock(0);
        Path file = dir.resolve("fleet.html");
        AtomicInteger renders = new AtomicInteger();
        List<Long> renderedAt = new ArrayList<>();

        PageWriter.watch(file, () -> {
            renderedAt.add(clock.nowMillis());
            return "<p>render " + renders.incrementAndGet() + "</p>";
        }, Duration.ofSeconds(60), clock, () -> renders.get() < 3);

        assertEquals(List.of(0L, 60_000L, 120_000L), renderedAt);
        assertEquals("<p>render 3</p>", Files.readString(file));
        try (Stream<Path> left = Files.list(dir)) {
            assertEquals(List.of(file), left.toList(), "a temporary file was left behind");
        }
    }
}
