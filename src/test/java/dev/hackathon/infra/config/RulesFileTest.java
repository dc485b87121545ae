package dev.hackathon.infra.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.hackathon.infra.config.RulesFile.UneditableException;
import dev.hackathon.infra.config.StackConfig.Rule;

/** The config file's rules list edited as text: exact output, comments and layout kept. */
class RulesFileTest {

    private static String seed() throws Exception {
        return Files.readString(Path.of("config/hackathon.yaml"));
    }

    @Test
    void addingToTheSeedAppendsOneFlowLineAndKeepsEverythingElse() throws Exception {
        String before = seed();
        String after = RulesFile.add(before, new Rule("www.example.com", "app", 102));
        assertEquals(before.replace("    - {host: api.example.com, target: api, priority: 101}\n",
                "    - {host: api.example.com, target: api, priority: 101}\n"
                        + "    - {host: www.example.com, target: app, priority: 102}\n"), after);
        assertTrue(after.contains("# an ARN, or auto (ACM certificate for every rule host, DNS-validated): HTTPS 443 + redirect from 80"),
                "the comments stay");
        // And the real loader reads it back with the new rule.
        Path file = Files.createTempFile("rules", ".yaml");
        Files.writeString(file, after);
        assertEquals(List.of(new Rule("example.com", "app", 100), new Rule("api.example.com", "api", 101),
                new Rule("www.example.com", "app", 102)), ConfigLoader.load(file).loadBalancer().rules());
    }

    @Test
    void removingFromTheSeedDropsExactlyThatLine() throws Exception {
        String before = seed();
        String after = RulesFile.remove(before, "example.com");
        assertEquals(before.replace("    - {host: example.com, target: app, priority: 100}\n", ""), after);
    }

    @Test
    void blockStyleEntriesAreEditedInBlockStyle() throws Exception {
        String before = """
                stack: demo
                loadBalancer:
                  targets:
                    app: {port: 3000}
                  rules:
                    # the front end
                    - host: example.com   # apex
                      target: app
                      priority: 100

                    - host: api.example.com
                      target: app
                      priority: 101
                # the end
                """;
        String added = RulesFile.add(before, new Rule("*.example.com", "app", 200));
        assertEquals(before.replace("""
                      priority: 101
                """, """
                      priority: 101
                    - host: "*.example.com"
                      target: app
                      priority: 200
                """), added);

        String removed = RulesFile.remove(before, "example.com");
        assertEquals("""
                stack: demo
                loadBalancer:
                  targets:
                    app: {port: 3000}
                  rules:
                    # the front end

                    - host: api.example.com
                      target: app
                      priority: 101
                # the end
                """, removed);
    }

    @Test
    void anEmptyListOrNoRulesKeyGetsAList() throws Exception {
        String empty = """
                loadBalancer:
                  targets: {app: {port: 3000}}
                  rules: []   # none yet
                tags: {a: b}
                """;
        assertEquals("""
                loadBalancer:
                  targets: {app: {port: 3000}}
                  rules: # none yet
                    - {host: example.com, target: app, priority: 100}
                tags: {a: b}
                """, RulesFile.add(empty, new Rule("example.com", "app", 100)));

        String none = """
                loadBalancer:
                  targets:
                    app: {port: 3000}

                # network comes next
                network: {cidr: 10.0.0.0/16}
                """;
        assertEquals("""
                loadBalancer:
                  targets:
                    app: {port: 3000}
                  rules:
                    - {host: example.com, target: app, priority: 100}

                # network comes next
                network: {cidr: 10.0.0.0/16}
                """, RulesFile.add(none, new Rule("example.com", "app", 100)));
    }

    @Test
    void removingTheLastRuleLeavesAnExplicitEmptyList() throws Exception {
        String one = "loadBalancer:\n  rules:  # host rules\n  - {host: example.com, target: app, priority: 100}\nstack: x\n";
        assertEquals("loadBalancer:\n  rules: [] # host rules\nstack: x\n", RulesFile.remove(one, "example.com"));
    }

    @Test
    void windowsLineEndingsStayWindowsLineEndings() throws Exception {
        String crlf = seed().replace("\n", "\r\n");
        String after = RulesFile.add(crlf, new Rule("www.example.com", "app", 102));
        assertTrue(after.contains("priority: 101}\r\n    - {host: www.example.com, target: app, priority: 102}\r\n"));
        assertEquals(after.split("\r\n", -1).length - 1, after.split("\n", -1).length - 1, "no bare \\n");
    }

    @Test
    void theSectionIsFoundByWhatTheYamlMeansNotByHowItsLinesStart() throws Exception {
        // A key that merely starts with "loadBalancer", a quoted key, and a document marker.
        String text = """
                ---
                loadBalancerNote: "loadBalancer:\n  rules: []"   # text, not the section
                'loadBalancer':
                    targets: {app: {port: 3000}}
                    rules:
                    -   host: example.com
                        target: app
                        priority: 100
                stack: demo
                """;
        assertEquals(text.replace("""
                        priority: 100
                """, """
                        priority: 100
                    -   host: api.example.com
                        target: app
                        priority: 101
                """), RulesFile.add(text, new Rule("api.example.com", "app", 101)));
        assertEquals(text.replace("""
                    -   host: example.com
                        target: app
                        priority: 100
                """, "").replace("    rules:\n", "    rules: []\n"), RulesFile.remove(text, "example.com"));
    }

    @Test
    void shapesItCannotEditSafelyAreRefusedWithAReason() {
        assertRefused("loadBalancer:\n  rules: [{host: a.example.com, target: app, priority: 1}]\n", "write one rule per line");
        assertRefused("loadBalancer: {rules: []}\n", "written on one line");
        assertRefused("loadBalancer:\n  rules:\n    - {host: a.example.com,\n       target: app, priority: 1}\n", "several lines");
        assertRefused("loadBalancer:\n  rules:\n    - host: a.example.com\n      target: app\n      priority: 1\n"
                + "      extra:\n        nested: 1\n", "cannot read: extra:");
        assertRefused("stack: x\n", "no loadBalancer section");
        assertRefused("loadBalancer:\n  rules:\n    - &r {host: a.example.com, target: app, priority: 1}\n", "cannot read");
    }

    @Test
    void aHostAlreadyThereOrMissingIsReported() throws Exception {
        UneditableException dup = assertThrows(UneditableException.class,
                () -> RulesFile.add(seed(), new Rule("api.example.com", "app", 300)));
        assertTrue(dup.getMessage().contains("already has a rule"));
        UneditableException missing = assertThrows(UneditableException.class,
                () -> RulesFile.remove(seed(), "nope.example.com"));
        assertTrue(missing.getMessage().contains("no rule for host nope.example.com"));
    }

    private static void assertRefused(String text, String reason) {
        UneditableException e = assertThrows(UneditableException.class,
                () -> RulesFile.add(text, new Rule("new.example.com", "app", 500)), text);
        assertTrue(e.getMessage().contains(reason), e.getMessage());
    }
}
