// The browser's copy of the cluster: what the last snapshot said, plus the
// object changes applied since.

export function podKey(pod) {
  return `${pod.namespace}/${pod.name}`;
}

export class ClusterModel {
  components = [];
  nodes = new Map();
  pods = new Map();

  replace(snapshot) {
    this.components = snapshot.components ?? [];
    this.nodes = new Map((snapshot.nodes ?? []).map((node) => [node.name, node]));
    this.pods = new Map((snapshot.pods ?? []).map((pod) => [podKey(pod), pod]));
  }

  apply(changes) {
    for (const { event, kind, object } of changes) {
      const [table, key] =
        kind === "Node" ? [this.nodes, object.name] : kind === "Pod" ? [this.pods, podKey(object)] : [];
      if (!table) continue;
      if (event === "DELETED") table.delete(key);
      else table.set(key, object);
      if (kind === "Node") this.#syncNodeComponents(object.name, event);
    }
  }

  // Components are only listed in snapshots, so a node that joins later is
  // given the standard four (and hops to it can be drawn); a node that leaves
  // takes its components with it.
  #syncNodeComponents(name, event) {
    const others = this.components.filter((c) => c.node !== name);
    if (event === "DELETED") {
      this.components = others;
    } else if (others.length === this.components.length) {
      const added = ["kubelet", "container-runtime", "kube-proxy", "kindnet"].map((kind) => ({
        id: `${kind}/${name}`,
        role: "node",
        node: name,
        label: kind,
      }));
      this.components = [...this.components, ...added];
    }
  }
}
