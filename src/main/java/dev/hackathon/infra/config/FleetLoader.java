package dev.hackathon.infra.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import dev.hackathon.infra.config.YamlNode.Mapping;

/**
 * Reads and validates a fleet file the way {@link ConfigLoader} reads a config: every problem at
 * once, one line each as {@code file:line: path: message}, nothing called on AWS. The base
 * config is loaded too, and its own problems follow the fleet file's, under its own name.
 */
public final class FleetLoader {

    private FleetLoader() {
    }

    public static FleetConfig load(Path file) throws ConfigException {
        Problems problems = new Problems(file.toString());
        YamlNode root = LocatedYamlReader.read(ConfigLoader.readText(file, problems), problems);
        if (root == null) {
            throw problems.fatal(0, "the file is empty; a fleet file needs at least 'base: <config file>' and "
                    + "'teams: [{name: team-a}]'");
        }
        if (!(root instanceof Mapping)) {
            throw problems.fatal(root.line(), "expected a mapping of keys (base: ..., teams: ...) at the top, got "
                    + root.describe());
        }
        FleetValidator validator = new FleetValidator(file);
        FleetConfig fleet = validator.validate(new Field(problems, "", root, root.line()));
        List<ConfigProblem> all = new ArrayList<>();
        try {
            problems.throwIfAny();
        } catch (ConfigException e) {
            all.addAll(e.problems());
        }
        all.addAll(validator.baseProblems());
        if (!all.isEmpty()) {
            throw new ConfigException(all);
        }
        return fleet;
    }
}
