// Draws the architecture diagram from the cluster model. Boxes and nodes are
// redrawn on every change (there are few of them); pod cards are kept by key
// so that a pod glides from the pending area to its node when it is bound.

import { fitText, shrinkText, svgEl, svgText } from "./dom.js";
import { computeLayout, MIN_WIDTH, POD_H, POD_W } from "./layout.js";
import { containerTone, statusTone } from "./status.js";

const CAPTIONS = {
  kubectl: "you",
  "kube-apiserver": "the only door to etcd",
  etcd: "cluster state store",
  "kube-scheduler": "assigns pods to nodes",
  "kube-controller-manager": "reconciles desired state",
  kubelet: "node agent",
  "container-runtime": "runs containers (CRI)",
  "kube-proxy": "Service addresses",
  kindnet: "pod network",
  coredns: "cluster DNS",
  "local-path-provisioner": "provisions volumes",
};

const MAX_WIDTH = 2 * MIN_WIDTH;
const MIN_LABEL_PX = 9.5;
const WIDTH_STEP = 80;

const LEGEND = [
  ["pending", "Pending"],
  ["running", "Running"],
  ["completed", "Completed"],
  ["terminating", "Terminating"],
  ["error", "Error / BackOff"],
];

// Node components are called e.g. "kubelet/node-1"; inside the node box the
// suffix is redundant.
function shortLabel(component) {
  const label = component.label ?? component.id;
  return component.node && label.endsWith(`/${component.node}`)
    ? label.slice(0, -component.node.length - 1)
    : label;
}

// Where the segment from a box's anchor towards `target` leaves the box, so
// connector lines run edge to edge instead of through labels.
function exitPoint(box, target) {
  const dx = target.x - box.cx;
  const dy = target.y - box.cy;
  const tx = dx > 0 ? (box.x + box.w - box.cx) / dx : dx < 0 ? (box.x - box.cx) / dx : Infinity;
  const ty = dy > 0 ? (box.y + box.h - box.cy) / dy : dy < 0 ? (box.y - box.cy) / dy : Infinity;
  const t = Math.min(tx, ty, 1);
  return { x: box.cx + dx * t, y: box.cy + dy * t };
}

// The note in the slot after an area's last card: how many pods it holds but does not draw.
function drawMore(parent, area) {
  if (!area.more) return;
  const { x, y } = area.moreAt;
  const text = `+ ${area.more.toLocaleString("en")} more`;
  svgText(parent, x + POD_W / 2, y + POD_H / 2 + 4, text, { class: "empty-note more-pods", "text-anchor": "middle" });
}

export class Diagram {
  #svg;
  #layers;
  #boxes = new Map();
  #componentEls = new Map();
  #podEls = new Map();
  #highlights = new Map();
  #model = null;

  constructor(svg) {
    this.#svg = svg;
    new ResizeObserver(() => this.#model && this.render(this.#model)).observe(svg);
    this.#defineArrowhead();
    this.#layers = Object.fromEntries(
      ["regions", "components", "links", "pods", "overlay"].map((name) => [
        name,
        svgEl("g", { class: `layer-${name}` }, svg),
      ]),
    );
  }

  get overlay() {
    return this.#layers.overlay;
  }

  anchorOf(id) {
    const box = this.#boxes.get(id);
    return box && { x: box.cx, y: box.cy };
  }

  // Highlights survive redraws: a pod update landing mid-hop must not cut the flash short.
  highlight(id, className, ms) {
    const key = `${id} ${className}`;
    clearTimeout(this.#highlights.get(key)?.timer);
    const timer = setTimeout(() => {
      this.#highlights.delete(key);
      this.#componentEls.get(id)?.classList.remove(className);
    }, ms);
    this.#highlights.set(key, { id, className, timer });
    this.#componentEls.get(id)?.classList.add(className);
  }

  render(model) {
    this.#model = model;
    const layout = this.#fitLayout(model);
    this.#svg.setAttribute("viewBox", `0 0 ${layout.width} ${layout.height}`);
    for (const name of ["regions", "components", "links"]) this.#layers[name].replaceChildren();
    this.#boxes.clear();
    this.#componentEls.clear();

    this.#drawControlPlane(layout);
    this.#drawNodes(layout);
    for (const box of layout.components) this.#drawComponent(box);
    this.#drawLinks(layout);
    this.#drawPods(layout);
    for (const { id, className } of this.#highlights.values()) {
      this.#componentEls.get(id)?.classList.add(className);
    }
  }

  // When many pods make the drawing tall, widening it (more pods per row) uses
  // the panel better than shrinking everything to fit the height.
  #fitLayout(model) {
    const panel = this.#svg.getBoundingClientRect();
    const aspect = panel.height > 0 ? panel.width / panel.height : 0;
    let layout = computeLayout(model);
    while (layout.width / layout.height < aspect && layout.width < MAX_WIDTH) {
      layout = computeLayout(model, layout.width + WIDTH_STEP);
    }
    return layout;
  }

  #defineArrowhead() {
    const defs = svgEl("defs", {}, this.#svg);
    const marker = svgEl(
      "marker",
      { id: "arrowhead", viewBox: "0 0 10 10", refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: "auto" },
      defs,
    );
    svgEl("path", { d: "M0,0 L10,5 L0,10 z", class: "arrowhead" }, marker);
  }

  #drawControlPlane(layout) {
    const layer = this.#layers.regions;
    const cp = layout.controlPlane;
    svgEl("rect", { x: cp.x, y: cp.y, width: cp.w, height: cp.h, rx: 12, class: "region control-plane" }, layer);
    svgText(layer, cp.x + 14, cp.y + 21, "CONTROL PLANE", { class: "region-title" });

    const p = layout.pending;
    svgEl("rect", { x: p.x, y: p.y, width: p.w, height: p.h, rx: 10, class: "pending-area" }, layer);
    svgText(layer, p.x + 12, p.y + 18, `pending / unscheduled · ${p.count}`, { class: "area-title" });
    if (p.count === 0) {
      svgText(layer, p.cx, p.podsY + POD_H / 2 + 4, "no pods waiting for a node", { class: "empty-note", "text-anchor": "middle" });
    }
    drawMore(layer, p);

    // The legend flows left to right, then the whole row is right-aligned in the title bar.
    const legend = svgEl("g", {}, layer);
    let x = 0;
    const title = svgText(legend, x, 0, "POD STATUS", { class: "region-title" });
    x += title.getComputedTextLength() + 12;
    for (const [tone, label] of LEGEND) {
      svgEl("rect", { x, y: -9.5, width: 11, height: 11, rx: 3, class: `swatch tone-${tone}` }, legend);
      x += 15 + svgText(legend, x + 15, 0, label, { class: "legend-label" }).getComputedTextLength() + 14;
    }
    legend.setAttribute("transform", `translate(${cp.x + cp.w - 14 - (x - 14)} ${cp.y + 21})`);
  }

  #drawNodes(layout) {
    const layer = this.#layers.regions;
    if (layout.nodes.length === 0) {
      svgText(layer, layout.width / 2, layout.nodesTop + 60, "no nodes yet", { class: "empty-note", "text-anchor": "middle" });
    }
    for (const box of layout.nodes) {
      const { node } = box;
      const g = svgEl("g", { class: `node${node.ready ? "" : " not-ready"}`, "data-node": node.name }, layer);
      svgEl("rect", { x: box.x, y: box.y, width: box.w, height: box.h, rx: 12, class: "node-frame" }, g);
      const name = svgText(g, box.x + 14, box.y + 23, node.name, { class: "node-name" });

      let badgeX = box.x + 22 + name.getComputedTextLength();
      const badges = [];
      if (node.roles?.includes("control-plane")) badges.push(["control-plane", "badge-role"]);
      badges.push(node.ready ? ["Ready", "badge-ok"] : ["NotReady", "badge-bad"]);
      if (node.unschedulable) badges.push(["SchedulingDisabled", "badge-warn"]);
      for (const [label, kind] of badges) {
        const badge = svgEl("g", { class: `badge ${kind}` }, g);
        const rectEl = svgEl("rect", { x: badgeX, y: box.y + 11, height: 17, rx: 8.5 }, badge);
        const text = svgText(badge, badgeX + 8, box.y + 23.5, label);
        const width = text.getComputedTextLength() + 16;
        rectEl.setAttribute("width", width);
        badgeX += width + 6;
      }

      const pods = `${box.podCount} pod${box.podCount === 1 ? "" : "s"}`;
      svgText(g, box.x + box.w - 14, box.y + 23, pods, { class: "node-count", "text-anchor": "end" });
      const addressing = [node.internalIP, node.podCIDR && `pods ${node.podCIDR}`].filter(Boolean).join("  ·  ");
      fitText(svgText(g, box.x + 14, box.y + 41, addressing, { class: "node-meta" }), box.w - 28);
      if (node.taints?.length) {
        fitText(svgText(g, box.x + 14, box.y + 57, `taint ${node.taints.join(", ")}`, { class: "node-taint" }), box.w - 28);
      }
      if (box.podCount === 0) {
        svgText(g, box.cx, box.podsY + POD_H / 2 + 4, "no pods", { class: "empty-note", "text-anchor": "middle" });
      }
      drawMore(g, box);
    }
  }

  #drawComponent(box) {
    const { component, shape } = box;
    const g = svgEl(
      "g",
      { class: `component shape-${shape} role-${component.role}`, "data-component": component.id },
      this.#layers.components,
    );
    this.#boxes.set(component.id, box);
    this.#componentEls.set(component.id, g);
    const label = shortLabel(component);
    const caption = CAPTIONS[label];

    if (shape === "cylinder") {
      const ry = 8;
      const bottom = box.y + box.h - ry;
      svgEl(
        "path",
        {
          d: `M${box.x},${box.y + ry} A${box.w / 2},${ry} 0 0 1 ${box.x + box.w},${box.y + ry} V${bottom} A${box.w / 2},${ry} 0 0 1 ${box.x},${bottom} Z`,
          class: "frame",
        },
        g,
      );
      svgEl("ellipse", { cx: box.cx, cy: box.y + ry, rx: box.w / 2, ry, class: "frame cylinder-top" }, g);
      svgText(g, box.cx, box.cy + 7, label, { class: "component-label", "text-anchor": "middle" });
      if (caption) svgText(g, box.cx, box.cy + 21, caption, { class: "component-caption", "text-anchor": "middle" });
      return;
    }

    const radius = { apiserver: 12, client: 10, stage: 6 }[shape] ?? 8;
    svgEl("rect", { x: box.x, y: box.y, width: box.w, height: box.h, rx: radius, class: "frame" }, g);
    if (shape === "apiserver") {
      svgText(g, box.cx, box.y + 25, label, { class: "component-label apiserver-label", "text-anchor": "middle" });
      svgText(g, box.cx, box.y + 40, "every request: authentication → authorization → admission", {
        class: "component-caption",
        "text-anchor": "middle",
      });
      if (caption) svgText(g, box.cx, box.y + box.h - 8, caption, { class: "component-caption", "text-anchor": "middle" });
      return;
    }
    if (shape === "stage") {
      fitText(svgText(g, box.cx, box.cy + 4, label, { class: "stage-label", "text-anchor": "middle" }), box.w - 10);
      return;
    }
    const labelY = caption ? box.cy - 1 : box.cy + 4;
    const title = svgText(g, box.cx, labelY, label, { class: "component-label", "text-anchor": "middle" });
    shrinkText(title, box.w - 12, MIN_LABEL_PX);
    if (caption) {
      fitText(svgText(g, box.cx, labelY + 15, caption, { class: "component-caption", "text-anchor": "middle" }), box.w - 12);
    }
  }

  #drawLinks(layout) {
    const pairs = [
      ["kubectl", "authentication"],
      ["authentication", "authorization"],
      ["authorization", "admission"],
      ["kube-apiserver", "etcd"],
    ];
    for (const { node } of layout.nodes) {
      pairs.push([`kubelet/${node.name}`, `container-runtime/${node.name}`]);
    }
    for (const [from, to] of pairs) {
      const a = this.#boxes.get(from);
      const b = this.#boxes.get(to);
      if (!a || !b) continue;
      const start = exitPoint(a, { x: b.cx, y: b.cy });
      const end = exitPoint(b, { x: a.cx, y: a.cy });
      svgEl(
        "line",
        { x1: start.x, y1: start.y, x2: end.x, y2: end.y, class: "link", "marker-end": "url(#arrowhead)" },
        this.#layers.links,
      );
    }
  }

  #drawPods(layout) {
    const seen = new Set();
    for (const { key, pod, x, y } of layout.pods) {
      seen.add(key);
      let g = this.#podEls.get(key);
      const isNew = !g;
      if (isNew) {
        g = svgEl("g", {}, this.#layers.pods);
        this.#podEls.set(key, g);
      }
      const tone = statusTone(pod.status);
      g.setAttribute("class", `pod tone-${tone}${isNew ? " entering" : ""}`);
      g.setAttribute("data-pod", key);
      g.setAttribute("data-status", pod.status);
      g.style.transform = `translate(${x}px, ${y}px)`;
      this.#fillPod(g, pod);
    }
    for (const [key, g] of this.#podEls) {
      if (seen.has(key)) continue;
      g.remove();
      this.#podEls.delete(key);
    }
  }

  #fillPod(g, pod) {
    g.replaceChildren();
    const details = [
      `${pod.namespace}/${pod.name}`,
      `status: ${pod.status}  ready: ${pod.ready}  restarts: ${pod.restarts}`,
      `node: ${pod.node ?? "(not scheduled)"}`,
      `IP: ${pod.podIP ?? "(none)"}`,
      ...(pod.containers ?? []).map((c) => `${c.ephemeral ? "ephemeral container" : "container"} ${c.name}: ${c.image} — ${c.state}${c.reason ? ` (${c.reason})` : ""}`),
    ];
    svgEl("title", {}, g).textContent = details.join("\n");
    svgEl("rect", { width: POD_W, height: POD_H, rx: 7, class: "pod-card" }, g);
    svgEl("path", { d: `M7,0 A7,7 0 0 0 0,7 V${POD_H - 7} A7,7 0 0 0 7,${POD_H} H5 V0 Z`, class: "pod-stripe" }, g);

    fitText(svgText(g, 12, 13, pod.namespace, { class: "pod-namespace" }), POD_W - 20);
    const name = svgText(g, 12, 27, pod.name, { class: "pod-name" });
    svgText(g, POD_W - 7, 27, pod.ready, { class: "pod-ready", "text-anchor": "end" });
    fitText(name, POD_W - 44);

    const status = svgText(g, 12, 41, pod.status, { class: "pod-status" });
    if (pod.restarts > 0) {
      svgText(g, POD_W - 7, 41, `↻ ${pod.restarts}`, { class: "pod-restarts", "text-anchor": "end" });
      fitText(status, POD_W - 48);
    } else {
      fitText(status, POD_W - 16);
    }

    const containers = pod.containers ?? [];
    const room = POD_W - 19;
    const chipW = Math.min(72, (room - (containers.length - 1) * 4) / Math.max(1, containers.length));
    containers.forEach((c, i) => {
      const x = 12 + i * (chipW + 4);
      const kind = c.ephemeral ? " ephemeral" : "";
      svgEl("rect", { x, y: 47, width: chipW, height: 13, rx: 3, class: `chip tone-${containerTone(c)}${kind}` }, g);
      fitText(svgText(g, x + chipW / 2, 56.5, c.name, { class: "chip-label", "text-anchor": "middle" }), chipW - 6);
    });
  }
}
