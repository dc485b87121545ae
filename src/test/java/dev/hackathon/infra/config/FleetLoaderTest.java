package dev.hackathon.infra.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.hackathon.infra.config.FleetConfig.Team;
import dev.hackathon.infra.config.StackConfig.Rule;

class FleetLoaderTest {

    static final Path FLEETS = Path.of("src/test/resources/fleets");

    @Test
    void theIssuesExampleLoadsWithEveryTeamAsAStackOfItsOwn() throws Exception {
        FleetConfig fleet = FleetLoader.load(FLEETS.resolve("fleet.yaml"));

        assertEquals("fleet", fleet.name());
        assertEquals(8, fleet.concurrency());
        assertEquals(List.of("team-a", "team-b"), fleet.teams().stream().map(Team::name).toList());

        StackConfig a = fleet.configOf(fleet.team("team-a"));
        assertEquals("team-a", a.stack());
        assertEquals(List.of(new Rule("a.example.com", "app", 100), new Rule("api.a.example.com", "api", 101)),
                a.loadBalancer().rules());
        // The certificate and DNS follow the rule hosts; everything else is the base's.
        assertTrue(a.loadBalancer().autoCertificate());
        assertEquals(List.of("a.example.com", "api.a.example.com"), a.loadBalancer().hosts());
        StackConfig base = fleet.base();
        assertEquals(base.withStack("team-a").withLoadBalancer(a.loadBalancer()), a);

        StackConfig b = fleet.configOf(fleet.team("team-b"));
        assertEquals("team-b", b.stack());
        assertEquals(base.loadBalancer(), b.loadBalancer());
        assertEquals("111122223333", fleet.team("team-b").account());
        assertNull(fleet.roleArnOf(fleet.team("team-a")));
        assertEquals("arn:aws:iam::111122223333:role/OrganizationAccountAccessRole", fleet.roleArnOf(fleet.team("team-b")));
    }

    @Test
    void theBaseIsFoundBesideTheFleetFileWhereverTheToolRuns(@TempDir Path dir) throws Exception {
        Path event = Files.createDirectories(dir.resolve("event/configs"));
        Files.copy(FLEETS.resolve("base.yaml"), event.resolve("stack.yaml"));
        Path file = ConfigFiles.write(dir.resolve("event"), "spring-hack.yml",
                "base: configs/stack.yaml\nteams:\n  - name: blue\n");

        FleetConfig fleet = FleetLoader.load(file);

        assertEquals("spring-hack", fleet.name());
        assertEquals(FleetConfig.DEFAULT_CONCURRENCY, fleet.concurrency());
        assertEquals("blue", fleet.configOf(fleet.team("blue")).stack());
        assertNull(fleet.roleName());
    }

    @Test
    void anUnquotedAccountIdIsReadAsWritten(@TempDir Path dir) throws Exception {
        Files.copy(FLEETS.resolve("base.yaml"), dir.resolve("base.yaml"));
        Path file = ConfigFiles.write(dir, "fleet.yaml", "base: base.yaml\nroleName: Admin\nteams:\n"
                + "  - {name: team-a, account: 011122223333}\n");

        assertEquals("011122223333", FleetLoader.load(file).team("team-a").account());
    }

    @Test
    void everyProblemOfTheFleetAndOfItsBaseIsReportedAtOnceInFileOrder(@TempDir Path dir) throws Exception {
        Files.copy(FLEETS.resolve("bad-base.yaml"), dir.resolve("base.yaml"));
        Path file = ConfigFiles.write(dir, "fleet.yaml", String.join("\n",
                "base: base.yaml",
                "concurrency: 0",
                "teams:",
                "  - name: Team-A",
                "  - name: team-b",
                "    account: \"111122223333\"",
                ""));

        ConfigException e = assertThrows(ConfigException.class, () -> FleetLoader.load(file));

        List<String> where = e.problems().stream().map(p -> Path.of(p.file()).getFileName() + ":" + p.line()).toList();
        assertEquals(List.of("fleet.yaml:1", "fleet.yaml:2", "fleet.yaml:4", "fleet.yaml:6", "base.yaml:2"), where,
                e.getMessage());
    }

    @Test
    void aTeamWithoutHostsServesTheBasesHostsAndOneWithHostsItsOwn() throws Exception {
        FleetConfig fleet = FleetLoader.load(FLEETS.resolve("fleet.yaml"));

        assertEquals(List.of("a.example.com", "api.a.example.com"), fleet.hostsOf(fleet.team("team-a")));
        assertEquals(List.of("example.com", "api.example.com"), fleet.hostsOf(fleet.team("team-b")));
    }

    @Test
    void teamsNamedOnTheCommandLineAreCheckedAgainstTheFleet() throws Exception {
        FleetConfig fleet = FleetLoader.load(FLEETS.resolve("fleet.yaml"));

        assertEquals(List.of(), fleet.unknownTeams(List.of("team-b")));
        List<String> unknown = fleet.unknownTeams(List.of("team-c", "teamb"));
        assertEquals(2, unknown.size());
        assertTrue(unknown.get(0).startsWith("--teams: no team 'team-c' in "), unknown.get(0));
        assertTrue(unknown.get(1).contains("did you mean 'team-b'?"), unknown.get(1));
        assertEquals(List.of("team-b"), fleet.only(List.of("team-b")).stream().map(Team::name).toList());
        assertEquals(fleet.teams(), fleet.only(List.of()));
    }

    @Test
    void everyTeamsConfigIsOneTheConfigLoaderWouldAccept(@TempDir Path dir) throws Exception {
        // The team's stack name passes the same derived-name rules as a config's stack name.
        Files.copy(FLEETS.resolve("base.yaml"), dir.resolve("base.yaml"));
        Path file = ConfigFiles.write(dir, "fleet.yaml", "base: base.yaml\nteams:\n"
                + "  - name: a1\n  - {name: z-twenty-one-chars-ok, hosts: [z.example.com, api.z.example.com]}\n");

        FleetConfig fleet = FleetLoader.load(file);

        for (Team t : fleet.teams()) {
            StackConfig c = fleet.configOf(t);
            assertEquals(List.of(), DerivedNames.problems(c.stack(), c.region(), c.loadBalancer().targets().keySet()));
        }
    }
}
