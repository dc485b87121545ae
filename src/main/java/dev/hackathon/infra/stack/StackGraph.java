package dev.hackathon.infra.stack;

import java.util.ArrayList;
import java.util.List;

import dev.hackathon.infra.config.StackConfig;
import dev.hackathon.infra.engine.Graph;
import dev.hackathon.infra.engine.Node;

/** The one place that knows the architecture: config in, resource graph out, tier by tier. */
public final class StackGraph {

    private StackGraph() {
    }

    public static Graph build(StackConfig config, StackKinds kinds) {
        return build(config, kinds, EdgeState.assumed(config));
    }

    /** {@code edge}: what discovery found about the certificate and the hosted zones. */
    public static Graph build(StackConfig config, StackKinds kinds, EdgeState edge) {
        List<Node> nodes = new ArrayList<>(NetworkTier.nodes(config, kinds));
        nodes.addAll(DataTier.nodes(config, kinds));
        nodes.addAll(ComputeTier.nodes(config, kinds));
        nodes.addAll(EdgeTier.nodes(config, kinds, nodes, edge));
        return new Graph(nodes);
    }
}
