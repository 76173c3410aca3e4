// A small line-based terminal: the typed line goes to the server untouched,
// and its answer is printed under the line that asked for it, even when
// several commands are in flight.

import { htmlEl } from "./dom.js";

const HISTORY_LIMIT = 200;
const OUTPUT_LIMIT = 500;

function loadHistory(key) {
  try {
    const saved = JSON.parse(localStorage.getItem(key) ?? "[]");
    return Array.isArray(saved) ? saved.filter((line) => typeof line === "string") : [];
  } catch {
    return []; // storage may be disabled or hold junk; history is a convenience only
  }
}

export class Terminal {
  #output;
  #input;
  #send;
  #historyKey;
  #history;
  #cursor;
  #draft = "";
  #nextId = 1;
  #waiting = new Map();

  constructor({ output, input, cluster, send }) {
    this.#output = output;
    this.#input = input;
    this.#send = send;
    this.#historyKey = `kubelab.history.${cluster}`;
    this.#history = loadHistory(this.#historyKey);
    this.#cursor = this.#history.length;
    input.addEventListener("keydown", (event) => this.#onKey(event));
    // Clicking anywhere in the terminal types into it, unless the user is selecting output to copy.
    output.parentElement.addEventListener("click", () => {
      if (!window.getSelection()?.toString()) input.focus();
    });
  }

  note(text) {
    this.#print(this.#block(), "note", text);
  }

  error(text) {
    this.#print(this.#block(), "stderr", text);
  }

  showResult({ id, stdout, stderr, exitCode }) {
    const result = this.#waiting.get(id);
    if (!result) return;
    this.#waiting.delete(id);
    result.classList.remove("waiting");
    if (stdout) this.#print(result, "stdout", stdout);
    if (stderr) this.#print(result, "stderr", stderr);
    if (!stdout && !stderr && exitCode !== 0) this.#print(result, "stderr", `exit code ${exitCode}`);
  }

  // Commands sent on a connection that dropped will never be answered on the next one.
  abandonWaiting() {
    for (const result of this.#waiting.values()) {
      result.classList.remove("waiting");
      this.#print(result, "stderr", "connection lost before the cluster answered");
    }
    this.#waiting.clear();
  }

  #onKey(event) {
    if (event.key === "Enter") {
      event.preventDefault();
      this.#submit(this.#input.value);
    } else if (event.key === "ArrowUp" || event.key === "ArrowDown") {
      event.preventDefault();
      this.#browse(event.key === "ArrowUp" ? -1 : 1);
    }
  }

  #submit(line) {
    this.#input.value = "";
    this.#draft = "";
    const command = line.trim();
    if (command) this.#remember(command);
    this.#cursor = this.#history.length;
    if (command === "clear") {
      this.#output.replaceChildren();
      return;
    }

    const block = this.#block();
    const echo = htmlEl("div", { className: "echo" }, block);
    htmlEl("span", { className: "prompt", text: "$ " }, echo);
    echo.append(line);
    this.#scroll();
    if (!command) return;

    const id = this.#nextId++;
    const result = htmlEl("div", { className: "result waiting" }, block);
    if (this.#send({ type: "kubectl", id, command: line })) {
      this.#waiting.set(id, result);
    } else {
      result.classList.remove("waiting");
      this.#print(result, "stderr", "not connected to the cluster; the command was not sent");
    }
  }

  #browse(step) {
    if (this.#history.length === 0) return;
    if (this.#cursor === this.#history.length) this.#draft = this.#input.value;
    this.#cursor = Math.max(0, Math.min(this.#history.length, this.#cursor + step));
    const value = this.#cursor === this.#history.length ? this.#draft : this.#history[this.#cursor];
    this.#input.value = value;
    this.#input.setSelectionRange(value.length, value.length);
  }

  #remember(command) {
    if (this.#history.at(-1) !== command) this.#history.push(command);
    this.#history = this.#history.slice(-HISTORY_LIMIT);
    try {
      localStorage.setItem(this.#historyKey, JSON.stringify(this.#history));
    } catch {
      // Unsaved history only costs the user their arrow-up after a reload.
    }
  }

  #block() {
    const block = htmlEl("div", { className: "block" }, this.#output);
    while (this.#output.childElementCount > OUTPUT_LIMIT) this.#output.firstElementChild.remove();
    return block;
  }

  #print(parent, className, text) {
    // Each stream is its own block, so a trailing newline would only add a blank line.
    htmlEl("div", { className, text: text.replace(/\n$/, "") }, parent);
    this.#scroll();
  }

  #scroll() {
    this.#output.scrollTop = this.#output.scrollHeight;
  }
}
