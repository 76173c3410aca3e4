// Plays hops one after another, paced by the cluster's virtual clock, and
// applies object changes in step with them, so a pod lands on its node only
// after the binding hop has reached etcd.

import { svgEl, svgText } from "./dom.js";

const HOP_MS = 250;
const MAX_WAIT_MS = 1500;
const BACKLOG_LIMIT = 60;

function verbKind(verb) {
  const v = (verb ?? "").toUpperCase();
  if (["GET", "LIST", "WATCH", "RANGE"].includes(v)) return "read";
  if (["POST", "PUT", "PATCH", "CREATE", "UPDATE"].includes(v)) return "write";
  if (v === "DELETE") return "delete";
  return "rpc";
}

// An update lists its object changes after all of its hops, yet one update can
// hold a whole chain (create, bind, start the sandbox). Each change is applied
// right after the etcd write that made it, so the pod is seen pending before
// the binding moves it; a change with no such hop waits for the update's end.
const ETCD_WRITES = new Set(["put", "delete"]);

function etcdKey({ kind, object }) {
  return kind === "Pod" ? `/registry/pods/${object.namespace}/${object.name}` : `/registry/minions/${object.name}`;
}

function wrote(hop, change) {
  return hop.destination === "etcd" && ETCD_WRITES.has(hop.verb) && hop.object === etcdKey(change);
}

const easeInOut = (t) => (t < 0.5 ? 2 * t * t : 1 - (-2 * t + 2) ** 2 / 2);

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// requestAnimationFrame stops in background tabs; the timer makes sure the
// queue still moves on there.
function tween(ms, step) {
  return new Promise((resolve) => {
    const start = performance.now();
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      clearTimeout(fallback);
      step(1);
      resolve();
    };
    const fallback = setTimeout(finish, ms + 200);
    step(0);
    const frame = (now) => {
      if (done) return;
      const t = Math.min(1, (now - start) / ms);
      if (t >= 1) finish();
      else {
        step(easeInOut(t));
        requestAnimationFrame(frame);
      }
    };
    requestAnimationFrame(frame);
  });
}

export class Animator {
  #diagram;
  #hopLog;
  #speed;
  #applyObjects;
  #queue = [];
  #lastSeq = 0;
  #lastHopTime = null;
  #lastHopEndedAt = 0;
  #running = false;

  constructor({ diagram, hopLog, speed, applyObjects }) {
    this.#diagram = diagram;
    this.#hopLog = hopLog;
    this.#speed = speed;
    this.#applyObjects = applyObjects;
  }

  // A snapshot's picture already includes every queued object change, so
  // those go; queued hops still play, so the hop log keeps no gaps.
  reset(lastSeq) {
    this.#queue = this.#queue.filter((item) => item.hop && item.hop.seq <= lastSeq);
    this.#lastSeq = lastSeq;
  }

  enqueue(hops, objects) {
    let placed = 0;
    for (const hop of hops) {
      if (hop.seq > this.#lastSeq) {
        this.#lastSeq = hop.seq;
        this.#queue.push({ hop });
      }
      // Changes are matched strictly in order, so an unmatched one holds back
      // the later ones too and they are never applied out of order.
      if (placed < objects.length && wrote(hop, objects[placed])) {
        this.#queue.push({ objects: [objects[placed]] });
        placed += 1;
      }
    }
    if (placed < objects.length) this.#queue.push({ objects: objects.slice(placed) });
    this.#drain();
  }

  async #drain() {
    if (this.#running) return;
    this.#running = true;
    try {
      while (this.#queue.length) {
        if (this.#queue.length > BACKLOG_LIMIT) this.#catchUp();
        const item = this.#queue.shift();
        if (item.objects) {
          this.#applyObjects(item.objects);
          continue;
        }
        await this.#waitForVirtualGap(item.hop);
        this.#hopLog.append(item.hop);
        this.#lastHopTime = item.hop.time;
        await this.#play(item.hop);
        this.#lastHopEndedAt = performance.now();
      }
    } finally {
      this.#running = false;
    }
  }

  // Everything up to the newest hop is logged and applied at once; only that
  // hop is animated, so the page stays close to the cluster's present.
  #catchUp() {
    const newest = this.#queue.findLastIndex((item) => item.hop);
    for (const item of this.#queue.splice(0, newest)) {
      if (item.objects) {
        this.#applyObjects(item.objects);
        continue;
      }
      this.#hopLog.append(item.hop);
      this.#lastHopTime = item.hop.time;
    }
  }

  // The gap counts from the end of the previous hop, so idle time already
  // spent (say, while the user typed the next command) is not waited twice.
  async #waitForVirtualGap(hop) {
    if (this.#lastHopTime === null || hop.time <= this.#lastHopTime) return;
    const speed = this.#speed();
    const wanted = Math.min((hop.time - this.#lastHopTime) / (speed > 0 ? speed : 1), MAX_WAIT_MS);
    const remaining = wanted - (performance.now() - this.#lastHopEndedAt);
    if (remaining > 0) await sleep(remaining);
  }

  async #play(hop) {
    const from = this.#diagram.anchorOf(hop.source);
    const to = this.#diagram.anchorOf(hop.destination);
    if (!from || !to || document.hidden) return;

    this.#diagram.highlight(hop.source, "is-source", HOP_MS + 50);
    // The destination stays lit a little past arrival so the eye can follow where the marker went.
    this.#diagram.highlight(hop.destination, "is-target", HOP_MS + 300);
    const layer = this.#diagram.overlay;
    const trail = svgEl("line", { x1: from.x, y1: from.y, x2: to.x, y2: to.y, class: "hop-trail" }, layer);
    const marker = svgEl("g", { class: `hop-marker verb-${verbKind(hop.verb)}` }, layer);
    svgEl("circle", { r: 8 }, marker);
    svgText(marker, 0, -12, hop.verb ?? "", { "text-anchor": "middle" });

    await tween(HOP_MS, (t) => {
      marker.setAttribute("transform", `translate(${from.x + (to.x - from.x) * t} ${from.y + (to.y - from.y) * t})`);
    });
    marker.remove();
    trail.classList.add("fading");
    setTimeout(() => trail.remove(), 600);
  }
}
