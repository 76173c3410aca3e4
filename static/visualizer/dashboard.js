// Entry point: connects the websocket to the diagram, the hop animator, the
// hop log, the clock and the terminal.

import { Animator } from "./animator.js";
import { ClockView } from "./clock.js";
import { Diagram } from "./diagram.js";
import { Editor } from "./editor.js";
import { HopLog } from "./hoplog.js";
import { ClusterModel } from "./model.js";
import { ClusterSocket } from "./socket.js";
import { Terminal } from "./terminal.js";

const root = document.getElementById("dashboard");
const byId = (id) => document.getElementById(id);

const model = new ClusterModel();
const diagram = new Diagram(byId("diagram"));
const clock = new ClockView({ time: byId("clock-time"), speed: byId("clock-speed"), paused: byId("clock-paused") });
const animator = new Animator({
  diagram,
  hopLog: new HopLog(byId("hop-log"), byId("hop-count")),
  speed: () => clock.speed,
  applyObjects: (changes) => {
    model.apply(changes);
    diagram.render(model);
  },
});

const scheme = location.protocol === "https:" ? "wss" : "ws";
const socket = new ClusterSocket(`${scheme}://${location.host}${root.dataset.wsPath}`, {
  onMessage: handleMessage,
  onState: showConnection,
});

const terminal = new Terminal({
  output: byId("terminal-output"),
  input: byId("terminal-input"),
  editor: new Editor(byId("editor")),
  cluster: root.dataset.cluster,
  send: (message) => socket.send(message),
});

function handleMessage(message) {
  switch (message.type) {
    case "snapshot":
      animator.reset(message.lastHop ?? 0);
      model.replace(message);
      clock.set(message.clock);
      diagram.render(model);
      break;
    case "update":
      clock.set(message.clock);
      animator.enqueue(message.hops ?? [], message.objects ?? []);
      break;
    case "kubectl.result":
    case "kubectl.stream":
    case "kubectl.output":
    case "exec.open":
    case "exec.output":
    case "shell.more":
    case "shell.edit":
    case "shell.local":
    case "complete.result":
    case "workspace.saved":
      terminal.receive(message);
      break;
    case "error":
      terminal.error(message.message);
      break;
    default:
      break; // "pong" and anything newer than this page: nothing to show
  }
}

function showConnection(state, retryMs) {
  const box = byId("connection");
  box.dataset.state = state;
  byId("connection-text").textContent =
    state === "disconnected" ? `disconnected, retrying in ${(retryMs / 1000).toFixed(1)} s` : state;
  if (state === "disconnected") terminal.abandonWaiting();
}

diagram.render(model);
terminal.note("Try: kubectl run web --image=nginx    (Tab completes, ↑/↓ history, help lists the commands)");
socket.connect();
