package dev.hackathon.infra.output.html;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import dev.hackathon.infra.output.Json;

/**
 * The pages in a real browser: Debian's headless Chromium opens a stack's page and a fleet's
 * page rendered from the fixture model ({@link PageFixtures}), takes a screenshot of each, and
 * dumps the DOM it built. The tests then hold what the browser made against the model: every
 * part drawn with the health the model gives it, in that health's own colour on the screenshot,
 * text inside its box, nothing loaded from anywhere, the hostile values inert, and the table
 * rows with the states the model has.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PagesInBrowserTest {

    static final int WIDTH = 1100;
    static final int HEIGHT = 1300;

    Path dir;
    Path stackPage;
    Path fleetPage;
    String stackDom;
    String fleetDom;
    JsonNode stackLayout;
    JsonNode fleetLayout;
    BufferedImage stackShot;
    BufferedImage fleetShot;

    @BeforeAll
    void openThePagesInChromium(@TempDir Path tmp) throws Exception {
        dir = tmp;
        HeadlessChromium chromium = HeadlessChromium.require(dir, System.getenv());
        stackPage = dir.resolve("team-a.html");
        fleetPage = dir.resolve("fleet.html");
        PageWriter.write(stackPage, StackPage.render(PageFixtures.stack(), null, "fleet.html"));
        PageWriter.write(fleetPage, FleetPage.render(PageFixtures.fleet(), java.time.Duration.ofSeconds(60)));
        Path harness = Files.copy(resource("/pages/measure.html"), dir.resolve("measure.html"));

        stackShot = read(chromium.screenshot(stackPage, dir.resolve("team-a.png"), WIDTH, HEIGHT));
        fleetShot = read(chromium.screenshot(fleetPage, dir.resolve("fleet.png"), WIDTH, HEIGHT));
        stackDom = chromium.dumpDom(stackPage, WIDTH, HEIGHT);
        fleetDom = chromium.dumpDom(fleetPage, WIDTH, HEIGHT);
        stackLayout = measure(chromium, harness, "team-a.html");
        fleetLayout = measure(chromium, harness, "fleet.html");
    }

    static Path resource(String name) throws URISyntaxException {
        return Path.of(PagesInBrowserTest.class.getResource(name).toURI());
    }

    static BufferedImage read(Path png) throws IOException {
        assertTrue(Files.size(png) > 0, "no screenshot was written");
        BufferedImage image = ImageIO.read(png.toFile());
        assertNotNull(image, "the screenshot is not a PNG");
        return image;
    }

    /** What the harness found once the browser had laid the page out (file access lets it into the frame). */
    static JsonNode measure(HeadlessChromium chromium, Path harness, String page) throws Exception {
        String url = harness.toUri() + "?page=" + page + "&w=" + WIDTH + "&h=" + HEIGHT;
        String dom = chromium.dumpDom(url, WIDTH, HEIGHT, "--allow-file-access-from-files");
        Matcher m = Pattern.compile("<pre id=\"out\">(.*?)</pre>", Pattern.DOTALL).matcher(dom);
        assertTrue(m.find(), "the harness wrote nothing:\n" + dom);
        String json = m.group(1).replace("&lt;", "<").replace("&gt;", ">").replace("&nbsp;", "\u00a0")
                .replace("&amp;", "&");
        assertNotEquals("pending", json, "the page did not load in the frame");
        return Json.mapper().readTree(json);
    }

    /** data-part → data-health of the diagram's parts, in the dumped DOM. */
    static Map<String, String> drawn(String dom) {
        Map<String, String> parts = new LinkedHashMap<>();
        Matcher m = Pattern.compile("<g class=\"node [^\"]*\" data-part=\"([^\"]+)\" data-key=\"([^\"]+)\" "
                + "data-health=\"([^\"]+)\"").matcher(dom);
        while (m.find()) {
            parts.put(m.group(1) + " " + m.group(2).replace("&amp;", "&"), m.group(3));
        }
        return parts;
    }

    @Test
    void theScreenshotsShowAPageNotABlank() {
        for (BufferedImage shot : List.of(stackShot, fleetShot)) {
            assertEquals(WIDTH, shot.getWidth());
            Set<Integer> colours = new HashSet<>();
            for (int y = 0; y < shot.getHeight(); y += 3) {
                for (int x = 0; x < shot.getWidth(); x += 3) {
                    colours.add(shot.getRGB(x, y) & 0xffffff);
                }
            }
            assertTrue(colours.size() > 50, "only " + colours.size() + " colours: the page looks blank");
        }
    }

    @Test
    void theDiagramDrawsEveryPartWithTheHealthTheModelGivesIt() {
        StackView model = PageFixtures.stack();
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("load-balancer alb/main", model.loadBalancer().health().attribute());
        for (StackView.RuleView r : model.rules()) {
            expected.put("rule rule/" + r.host(), r.node().health().attribute());
        }
        for (StackView.TargetView t : model.targets()) {
            expected.put("target-group tg/" + t.name(),
                    Health.worst(List.of(t.group().health(), t.registration().health())).attribute());
        }
        expected.put("instance instance/app", model.instance().health().attribute());
        expected.put("nat-gateway nat/a", model.nat().health().attribute());
        expected.put("database db/main", model.database().health().attribute());
        expected.put("cache cache/main", model.cache().health().attribute());
        expected.put("others others", "security-drift");

        assertEquals(expected, drawn(stackDom));
        // The fixture has one part in each state the diagram shows, so the comparison covers them all.
        assertEquals(Set.of("healthy", "drift", "unhealthy", "not-ready", "security-drift"), Set.copyOf(expected.values()));
        assertEquals(expected.size(), stackLayout.get("nodes").size(), "the browser laid out another set of parts");
    }

    @Test
    void eachHealthIsDrawnInItsOwnColourOnTheScreenshot() {
        Map<String, String> strokeOf = new LinkedHashMap<>();
        for (JsonNode n : stackLayout.get("nodes")) {
            String health = n.get("health").asText();
            String stroke = n.get("stroke").asText();
            String earlier = strokeOf.putIfAbsent(health, stroke);
            assertTrue(earlier == null || earlier.equals(stroke), health + " is drawn in two colours");
            int rgb = rgb(stroke);
            // The box's left edge, half-way down, is drawn in that colour in the screenshot of the page alone.
            int x = (int) Math.round(n.get("x").asDouble());
            int y = (int) Math.round(n.get("y").asDouble() + n.get("h").asDouble() / 2);
            assertTrue(near(stackShot, x, y, rgb), n.get("key").asText() + " (" + health + ") is not drawn in " + stroke
                    + " at " + x + "," + y);
        }
        assertEquals(strokeOf.size(), Set.copyOf(strokeOf.values()).size(), "two healths share a colour: " + strokeOf);
    }

    @Test
    void everyTextFitsItsBoxAndNoBoxCoversAnother() {
        JsonNode svg = stackLayout.get("svg");
        List<double[]> boxes = new ArrayList<>();
        for (JsonNode n : stackLayout.get("nodes")) {
            double x = n.get("x").asDouble();
            double y = n.get("y").asDouble();
            double w = n.get("w").asDouble();
            double h = n.get("h").asDouble();
            assertTrue(x >= svg.get("x").asDouble() && x + w <= svg.get("x").asDouble() + svg.get("w").asDouble()
                    && y >= svg.get("y").asDouble() && y + h <= svg.get("y").asDouble() + svg.get("h").asDouble(),
                    n.get("key").asText() + " lies outside the drawing");
            for (JsonNode t : n.get("texts")) {
                assertTrue(t.get("x").asDouble() >= x && t.get("x").asDouble() + t.get("w").asDouble() <= x + w - 2,
                        "'" + t.get("text").asText() + "' runs out of " + n.get("key").asText() + "'s box");
            }
            for (double[] other : boxes) {
                boolean apart = x + w <= other[0] || other[0] + other[2] <= x || y + h <= other[1] || other[1] + other[3] <= y;
                assertTrue(apart, n.get("key").asText() + " covers another box");
            }
            boxes.add(new double[] {x, y, w, h});
        }
    }

    @Test
    void thePagesLoadNothingAndTheHostileValuesStayText() {
        assertEquals(0, stackLayout.get("resources").asInt(), "the stack page loaded something");
        assertEquals(0, fleetLayout.get("resources").asInt(), "the fleet page loaded something");
        for (String dom : List.of(stackDom, fleetDom)) {
            assertFalse(dom.contains("<script"), "a script element was made from a value");
            assertFalse(dom.contains("<img"), "an image element was made from a value");
        }
        assertTrue(stackDom.contains("&lt;script&gt;alert('x')&lt;/script&gt;"), "the hostile id is not shown as text");
        // The style (allowed by its hash in the page's Content-Security-Policy) did apply: the boxes are coloured.
        for (JsonNode n : stackLayout.get("nodes")) {
            assertNotEquals("rgb(0, 0, 0)", n.get("fill").asText(), "the page's style was blocked");
        }
    }

    @Test
    void theTablesListTheStatesTheModelHas() {
        StackView model = PageFixtures.stack();
        Map<String, String> expected = new LinkedHashMap<>();
        model.all().forEach(n -> expected.put(n.key(), n.health().word()));
        model.extra().forEach(n -> expected.put(n.key(), n.health().word()));
        Map<String, String> shown = new LinkedHashMap<>();
        for (JsonNode row : stackLayout.get("rows")) {
            assertTrue(row.get("visible").asBoolean());
            shown.put(row.get("key").asText(), row.get("badge").asText().substring(2));
        }
        assertEquals(expected, shown);

        FleetView fleet = PageFixtures.fleet();
        Map<String, String> teams = new LinkedHashMap<>();
        fleet.teams().forEach(t -> teams.put(t.team(), t.health().word()));
        Map<String, String> rows = new LinkedHashMap<>();
        fleetLayout.get("rows").forEach(r -> rows.put(r.get("key").asText(), r.get("badge").asText().substring(2)));
        assertEquals(teams, rows);
        for (FleetView.TeamRow t : fleet.teams()) {
            if (t.page() != null) {
                assertTrue(fleetDom.contains("<a href=\"" + t.page() + "\">" + t.team() + "</a>"), t.team() + " has no link");
            }
        }
        assertTrue(fleetDom.contains("<meta http-equiv=\"refresh\" content=\"60\">"), "the fleet page does not reload");
    }

    private static int rgb(String css) {
        Matcher m = Pattern.compile("rgb\\((\\d+), (\\d+), (\\d+)\\)").matcher(css);
        assertTrue(m.matches(), "not a colour: " + css);
        return Integer.parseInt(m.group(1)) << 16 | Integer.parseInt(m.group(2)) << 8 | Integer.parseInt(m.group(3));
    }

    /** Whether a pixel within two of (x, y) has (nearly) that colour: anti-aliasing blends the edges. */
    private static boolean near(BufferedImage image, int x, int y, int rgb) {
        for (int dy = -2; dy <= 2; dy++) {
            for (int dx = -2; dx <= 2; dx++) {
                int px = x + dx;
                int py = y + dy;
                if (px < 0 || py < 0 || px >= image.getWidth() || py >= image.getHeight()) {
                    continue;
                }
                int p = image.getRGB(px, py);
                int d = Math.abs((p >> 16 & 0xff) - (rgb >> 16 & 0xff)) + Math.abs((p >> 8 & 0xff) - (rgb >> 8 & 0xff))
                        + Math.abs((p & 0xff) - (rgb & 0xff));
                if (d <= 24) {
                    return true;
                }
            }
        }
        return false;
    }
}
