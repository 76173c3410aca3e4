// Pure geometry: where every box goes, in SVG user units. The SVG scales the
// result to the panel; the height grows with the number of pods so that cards
// never overlap, and a wider drawing fits more pods per row.

import { podKey } from "./model.js";

export const POD_W = 120;
export const POD_H = 66;
const POD_GAP = 6;

export const MIN_WIDTH = 1240;
const MARGIN = 12;
const CLIENT_W = 118;
const NODE_GAP = 12;
const NODE_HEADER_H = 116; // with one row of node components
const COMPONENT_H = 40;
const COMPONENT_GAP = 10;
const COMPONENT_MIN_W = 112; // "container-runtime" at its smallest legible size
const API_STAGES = ["authentication", "authorization", "admission"];
// Thousands of cards would take the page seconds to draw at every change: an area draws
// its first cards, then says how many more it holds in the next slot.
const PENDING_CARDS = 60;
const NODE_CARDS = 110; // the kubelet's default maxPods

function rect(x, y, w, h) {
  return { x, y, w, h, cx: x + w / 2, cy: y + h / 2 };
}

// How many of a node's components go side by side: all of them, unless they would be too
// narrow to read; then rows as even as can be (four: two and two, not three and one).
function componentColumns(nodeW, count) {
  let fit = count;
  while (fit > 1 && (nodeW - 24 - (fit - 1) * COMPONENT_GAP) / fit < COMPONENT_MIN_W) fit--;
  return Math.ceil(count / Math.ceil(count / fit));
}

function gridColumns(width) {
  return Math.max(1, Math.floor((width + POD_GAP) / (POD_W + POD_GAP)));
}

function placeGrid(pods, x, y, columns, out) {
  pods.forEach((pod, i) => {
    out.push({
      key: podKey(pod),
      pod,
      x: x + (i % columns) * (POD_W + POD_GAP),
      y: y + Math.floor(i / columns) * (POD_H + POD_GAP),
    });
  });
}

// The first `cap` pods as cards, and where the "more" note goes when there are others.
function placeCapped(pods, cap, x, y, columns, out) {
  const shown = pods.slice(0, cap);
  placeGrid(shown, x, y, columns, out);
  const i = shown.length;
  const moreAt = { x: x + (i % columns) * (POD_W + POD_GAP), y: y + Math.floor(i / columns) * (POD_H + POD_GAP) };
  return { slots: shown.length + (pods.length > cap ? 1 : 0), more: pods.length - shown.length, moreAt };
}

function gridHeight(count, columns) {
  const rows = Math.max(1, Math.ceil(count / columns));
  return rows * (POD_H + POD_GAP) - POD_GAP;
}

// Control-plane node first (it is usually where the cluster starts), then by name.
function nodeOrder(a, b) {
  const aCp = a.roles?.includes("control-plane") ? 0 : 1;
  const bCp = b.roles?.includes("control-plane") ? 0 : 1;
  return aCp - bCp || a.name.localeCompare(b.name);
}

function byKey(a, b) {
  return podKey(a).localeCompare(podKey(b));
}

// kubelet drives the runtime, so it sits first; anything else a node runs follows.
function nodeComponentOrder(a, b) {
  const order = ["kubelet/", "container-runtime/", "kube-proxy/", "kindnet/"];
  const rank = (c) => {
    const found = order.findIndex((prefix) => c.id.startsWith(prefix));
    return found < 0 ? order.length : found;
  };
  return rank(a) - rank(b) || a.id.localeCompare(b.id);
}

export function computeLayout(model, width = MIN_WIDTH) {
  const components = [];
  const place = (component, box, shape) => components.push({ ...box, component, shape });
  const byId = new Map(model.components.map((c) => [c.id, c]));

  const cp = { x: MARGIN + CLIENT_W + 16, y: MARGIN };
  cp.w = width - MARGIN - cp.x;

  const api = rect(cp.x + 14, cp.y + 32, 414, 124);
  if (byId.has("kube-apiserver")) {
    // Anchor on the title, above the stage row, so the final admission → apiserver hop visibly moves.
    place(byId.get("kube-apiserver"), { ...api, cy: api.y + 20 }, "apiserver");
  }
  API_STAGES.forEach((id, i) => {
    if (byId.has(id)) place(byId.get(id), rect(api.x + 16 + i * 134, api.y + 58, 114, 46), "stage");
  });

  // Right of the apiserver: one row of the other control-plane components (and the
  // cluster's DNS and storage provisioner), and below them the pending area, where pods wait for the scheduler.
  const left = api.x + api.w + 20;
  const right = cp.x + cp.w - 14;
  // widths in shares of the row: the longest name gets the most room
  const slots = [
    ["etcd", "cylinder", 1],
    ["kube-scheduler", "box", 1],
    ["kube-controller-manager", "box", 1.35],
    ["coredns", "box", 0.8],
    ["local-path-provisioner", "box", 1.35],
  ];
  const shares = slots.reduce((sum, [, , share]) => sum + share, 0);
  const unit = (right - left - (slots.length - 1) * 16) / shares;
  let x = left;
  for (const [id, shape, share] of slots) {
    if (byId.has(id)) place(byId.get(id), rect(x, api.y, share * unit, 56), shape);
    x += share * unit + 16;
  }

  const clients = model.components.filter((c) => c.role === "client");
  clients.forEach((c, i) => place(c, rect(MARGIN, api.y + 36 + i * 84, CLIENT_W, 64), "client"));

  const pods = [];
  const nodes = [...model.nodes.values()].sort(nodeOrder);
  const allPods = [...model.pods.values()].sort(byKey);
  const unplaced = allPods.filter((p) => !p.node || !model.nodes.has(p.node));

  const pendingW = right - left;
  const pendingCols = gridColumns(pendingW - 24);
  const pendingY = api.y + 72;
  const waiting = placeCapped(unplaced, PENDING_CARDS, left + 12, pendingY + 28, pendingCols, pods);
  const pending = rect(left, pendingY, pendingW, 30 + gridHeight(waiting.slots, pendingCols) + 10);
  pending.podsY = pendingY + 28;

  cp.h = Math.max(api.y + api.h, pending.y + pending.h) + 12 - cp.y;

  const nodesTop = cp.y + cp.h + 14;
  const count = Math.max(1, nodes.length);
  const nodeW = (width - 2 * MARGIN - (count - 1) * NODE_GAP) / count;
  const nodeCols = gridColumns(nodeW - 24);
  const podsOn = new Map(nodes.map((n) => [n.name, []]));
  for (const pod of allPods) podsOn.get(pod.node)?.push(pod);
  const busiest = Math.max(0, ...[...podsOn.values()].map((list) => Math.min(list.length, NODE_CARDS + 1)));
  const ownOf = (node) => model.components.filter((c) => c.role === "node" && c.node === node.name);
  const mostComponents = Math.max(1, ...nodes.map((node) => ownOf(node).length));
  const compCols = componentColumns(nodeW, mostComponents);
  const headerH = NODE_HEADER_H + (Math.ceil(mostComponents / compCols) - 1) * (COMPONENT_H + 6);
  const nodeH = headerH + gridHeight(busiest, nodeCols) + 12;

  const nodeBoxes = nodes.map((node, i) => {
    const box = rect(MARGIN + i * (nodeW + NODE_GAP), nodesTop, nodeW, nodeH);
    const own = ownOf(node).sort(nodeComponentOrder);
    const compW = (nodeW - 24 - (compCols - 1) * COMPONENT_GAP) / compCols;
    own.forEach((c, j) => {
      const x = box.x + 12 + (j % compCols) * (compW + COMPONENT_GAP);
      const y = box.y + 64 + Math.floor(j / compCols) * (COMPONENT_H + 6);
      place(c, rect(x, y, compW, COMPONENT_H), "node-component");
    });
    const on = podsOn.get(node.name);
    const { more, moreAt } = placeCapped(on, NODE_CARDS, box.x + 12, box.y + headerH, nodeCols, pods);
    return { ...box, node, podCount: on.length, podsY: box.y + headerH, more, moreAt };
  });

  return {
    width,
    height: nodesTop + nodeH + MARGIN,
    controlPlane: rect(cp.x, cp.y, cp.w, cp.h),
    pending: { ...pending, count: unplaced.length, more: waiting.more, moreAt: waiting.moreAt },
    nodesTop,
    components,
    nodes: nodeBoxes,
    pods,
  };
}
