// The dashboard's terminal. Each line goes to the server's small shell, which says what it
// means: an answer to print under the line that asked (even when several commands are in
// flight), "read a heredoc up to DELIM", "open the editor", or "clear" and "history", which
// only the browser can do. Tab asks the server what the word under the cursor may become.

import { htmlEl } from "./dom.js";

const HISTORY_LIMIT = 200;
const OUTPUT_LIMIT = 500;
// A kubectl line that may stream (get -w, logs -f): the lines after it wait until the server
// says whether it does. Only a hint; the server decides.
const MAY_STREAM = /\bkubectl\b.*\s(-[a-zA-Z]*[wf]\b|--(watch|watch-only|follow)\b)/;
// A kubectl exec may open a container's shell, which the lines after it are typed into.
const MAY_OPEN = /\bkubectl\b.*\sexec\s/;

function loadHistory(key) {
  try {
    const saved = JSON.parse(localStorage.getItem(key) ?? "[]");
    return Array.isArray(saved) ? saved.filter((line) => typeof line === "string") : [];
  } catch {
    return []; // storage may be disabled or hold junk; history is a convenience only
  }
}

function commonPrefix(words) {
  let prefix = words[0];
  for (const word of words) {
    while (!word.startsWith(prefix)) prefix = prefix.slice(0, -1);
  }
  return prefix;
}

export class Terminal {
  #output;
  #input;
  #editor;
  #send;
  #historyKey;
  #history;
  #cursor;
  #draft = "";
  #nextId = 1;
  #waiting = new Map(); // id → {result, command}: lines sent and not answered yet
  #heredoc = null; // {id, text, delimiter, result}: the body being typed
  #queue = []; // lines typed or pasted, each waiting for its turn
  #holding = null; // the id of a line that may open a heredoc or stream, until the shell answers it
  #streaming = null; // the id of a streaming kubectl (get -w, logs -f): busy until it ends or ^C
  #session = null; // {prompt, main}: a container's shell (kubectl exec -it) takes the lines
  #tabs = 0; // Tabs pressed in a row: the second lists what the word may become
  #completing = null; // {id, line, tabs}
  #saving = null; // {id, result, lines}

  constructor({ output, input, editor, cluster, send }) {
    this.#output = output;
    this.#input = input;
    this.#editor = editor;
    this.#send = send;
    this.#historyKey = `kubelab.history.${cluster}`;
    this.#history = loadHistory(this.#historyKey);
    this.#cursor = this.#history.length;
    input.addEventListener("keydown", (event) => this.#onKey(event));
    input.addEventListener("paste", (event) => this.#onPaste(event));
    // Clicking anywhere in the terminal types into it, unless the user is selecting output to copy.
    output.parentElement.addEventListener("click", () => {
      if (!window.getSelection()?.toString() && !editor.isOpen) input.focus();
    });
  }

  note(text) {
    this.#print(this.#block(), "note", text);
  }

  error(text) {
    this.#print(this.#block(), "stderr", text);
  }

  // Everything the server answers the terminal with.
  receive(message) {
    switch (message.type) {
      case "kubectl.result":
        this.#showResult(message);
        if (message.id === this.#streaming) this.#streaming = null;
        break;
      case "kubectl.stream":
        if (this.#waiting.has(message.id)) this.#streaming = message.id;
        return; // the lines after it wait until it ends
      case "kubectl.output":
        this.#showOutput(message);
        return;
      case "shell.more":
        this.#openHeredoc(message);
        break;
      case "shell.edit":
        this.#openEditor(message);
        break;
      case "shell.local":
        this.#local(message);
        break;
      case "exec.open":
        this.#openSession(message);
        break;
      case "exec.output":
        this.#sessionOutput(message);
        break;
      case "complete.result":
        this.#completed(message);
        break;
      case "workspace.saved":
        this.#saved(message);
        break;
      default:
        return;
    }
    if (message.id !== null && message.id === this.#holding) {
      this.#holding = null;
      this.#pump();
    }
  }

  // Commands sent on a connection that dropped will never be answered on the next one.
  abandonWaiting() {
    for (const { result } of this.#waiting.values()) {
      this.#finish(result);
      this.#print(result, "stderr", "connection lost before the cluster answered");
    }
    this.#waiting.clear();
    this.#completing = null;
    if (this.#saving) this.#editor.failed("connection lost before the file was saved");
    this.#saving = null;
    this.#holding = null;
    this.#streaming = null;
    this.#closeSession();
    this.#pump();
  }

  // -- keys --------------------------------------------------------------------------------

  #onKey(event) {
    if (event.key !== "Tab") this.#tabs = 0;
    if (event.key === "Enter") {
      event.preventDefault();
      this.#enter();
    } else if (event.key === "Tab") {
      event.preventDefault();
      this.#complete();
    } else if (event.key === "ArrowUp" || event.key === "ArrowDown") {
      event.preventDefault();
      this.#browse(event.key === "ArrowUp" ? -1 : 1);
    } else if (event.ctrlKey && event.key === "c" && !this.#selecting()) {
      event.preventDefault();
      this.#interrupt();
    } else if (event.ctrlKey && event.key === "d" && this.#session && !this.#input.value) {
      event.preventDefault();
      this.#queue.push(null); // end of input: the shell exits
      this.#pump();
    } else if (event.ctrlKey && event.key === "l") {
      event.preventDefault();
      this.#output.replaceChildren();
    }
  }

  #selecting() {
    const input = this.#input;
    return input.selectionStart !== input.selectionEnd || Boolean(window.getSelection()?.toString());
  }

  // A pasted text with line breaks is typed line by line, as a real terminal would.
  #onPaste(event) {
    const text = event.clipboardData?.getData("text") ?? "";
    if (!/[\r\n]/.test(text)) return;
    event.preventDefault();
    const input = this.#input;
    const lines = text.replace(/\r\n?/g, "\n").split("\n");
    const last = lines.pop();
    lines[0] = input.value.slice(0, input.selectionStart) + lines[0];
    const rest = input.value.slice(input.selectionEnd);
    input.value = last + rest;
    input.setSelectionRange(last.length, last.length);
    this.#queue.push(...lines);
    this.#pump();
  }

  #enter() {
    this.#queue.push(this.#input.value);
    this.#input.value = "";
    this.#draft = "";
    this.#completing = null;
    this.#cursor = this.#history.length;
    this.#pump();
  }

  #interrupt() {
    const line = `${this.#input.value}^C`;
    if (this.#streaming !== null) {
      // As in a shell: ^C ends the command, and the prompt comes back.
      this.#send({ type: "kubectl.interrupt", id: this.#streaming });
      const entry = this.#answered(this.#streaming);
      if (entry) this.#print(entry.result, "stdout", line);
      if (this.#holding === this.#streaming) this.#holding = null;
      this.#streaming = null;
    } else if (this.#heredoc) {
      this.#echo(this.#heredoc.result, "> ", line);
      this.#heredoc = null;
      this.#setPrompt("$");
    } else if (this.#session) {
      // The shell drops the line (and a command begun on lines before) and prompts again.
      this.#block().append(this.#echoLine(this.#session.prompt, line));
      this.#send({ type: "kubectl.interrupt", id: null });
      this.#session.prompt = this.#session.main;
      this.#setPrompt(this.#session.main.trimEnd());
    } else {
      this.#block().append(this.#echoLine("$ ", line));
    }
    // A line still waiting to hear whether it opened a heredoc is dropped with the rest; one
    // that may have started streaming is stopped.
    if (this.#holding !== null) {
      this.#send({ type: "kubectl.interrupt", id: this.#holding });
      this.#answered(this.#holding);
    }
    this.#holding = null;
    this.#input.value = "";
    this.#queue = [];
    this.#completing = null;
    this.#cursor = this.#history.length;
    this.#scroll();
  }

  // -- lines -------------------------------------------------------------------------------

  #pump() {
    while (this.#queue.length > 0 && this.#holding === null) this.#line(this.#queue.shift());
  }

  #line(line) {
    if (this.#heredoc) {
      this.#bodyLine(line);
      return;
    }
    if (this.#session) {
      this.#sessionLine(line);
      return;
    }
    const block = this.#block();
    block.append(this.#echoLine("$ ", line));
    this.#scroll();
    const command = line.trim();
    if (!command) return;
    this.#remember(command);
    const result = htmlEl("div", { className: "result waiting" }, block);
    const id = this.#nextId++;
    // Only the shell knows whether the line opens a heredoc; the lines after it wait to hear.
    const holds = line.includes("<<") || MAY_STREAM.test(line) || MAY_OPEN.test(line);
    if (this.#sendCommand(id, line, result) && holds) this.#holding = id;
  }

  #bodyLine(line) {
    const heredoc = this.#heredoc;
    this.#echo(heredoc.result, "> ", line);
    heredoc.text += `\n${line}`;
    if (line.replace(/^\t+/, "") !== heredoc.delimiter) return;
    this.#heredoc = null;
    this.#setPrompt("$");
    heredoc.result.classList.add("waiting");
    if (this.#sendCommand(heredoc.id, heredoc.text, heredoc.result)) this.#holding = heredoc.id;
  }

  #sendCommand(id, command, result) {
    if (this.#send({ type: "kubectl", id, command })) {
      this.#waiting.set(id, { result, command });
      return true;
    }
    this.#finish(result);
    this.#print(result, "stderr", "not connected to the cluster; the command was not sent");
    return false;
  }

  // The waiting line's result element, now answered.
  #answered(id) {
    const entry = this.#waiting.get(id);
    if (!entry) return null;
    this.#waiting.delete(id);
    this.#finish(entry.result);
    return entry;
  }

  // chunks: both streams in the order kubectl wrote them, when it wrote to both
  #showResult({ id, stdout, stderr, exitCode, chunks }) {
    const result = this.#answered(id)?.result;
    if (!result) return;
    const written = chunks ?? [["stdout", stdout], ["stderr", stderr]];
    for (const [stream, text] of written) {
      if (text) this.#print(result, stream === "stderr" ? "stderr" : "stdout", text);
    }
    if (!stdout && !stderr && exitCode !== 0) this.#print(result, "stderr", `exit code ${exitCode}`);
  }

  // A piece of a streaming command's output; its result comes when it ends.
  #showOutput({ id, stdout, stderr }) {
    const result = this.#waiting.get(id)?.result;
    if (!result) return;
    this.#finish(result);
    if (stdout) this.#print(result, "stdout", stdout);
    if (stderr) this.#print(result, "stderr", stderr);
    while (result.childElementCount > OUTPUT_LIMIT) result.firstElementChild.remove();
  }

  #openHeredoc({ id, delimiter }) {
    const entry = this.#answered(id);
    if (!entry) return;
    this.#heredoc = { id, text: entry.command, delimiter, result: entry.result };
    this.#setPrompt(">");
  }

  #local({ id, name }) {
    const entry = this.#answered(id);
    if (!entry) return;
    if (name === "clear") {
      this.#output.replaceChildren();
    } else if (name === "history") {
      const lines = this.#history.map((line, i) => `${String(i + 1).padStart(5)}  ${line}`);
      this.#print(entry.result, "stdout", lines.join("\n"));
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

  // -- a container's shell ----------------------------------------------------------------

  #openSession({ id, stdout, stderr, prompt }) {
    const entry = this.#answered(id);
    if (!entry) return;
    if (stdout) this.#print(entry.result, "stdout", stdout);
    if (stderr) this.#print(entry.result, "stderr", stderr);
    this.#session = { prompt, main: prompt };
    this.#setPrompt(prompt.trimEnd());
  }

  // Each line (null: Ctrl-D) goes to the shell; the next waits for its prompt.
  #sessionLine(line) {
    const block = this.#block();
    block.append(this.#echoLine(this.#session.prompt, line ?? ""));
    this.#scroll();
    if (line?.trim()) this.#remember(line.trim());
    const result = htmlEl("div", { className: "result waiting" }, block);
    const id = this.#nextId++;
    const message = line === null ? { type: "exec.eof", id } : { type: "exec.line", id, line };
    if (this.#send(message)) {
      this.#waiting.set(id, { result, command: line ?? "" });
      this.#holding = id;
      return;
    }
    this.#finish(result);
    this.#print(result, "stderr", "not connected to the cluster; the line was not sent");
  }

  #sessionOutput({ id, stdout, stderr, prompt, more, exitCode }) {
    const result = this.#answered(id)?.result;
    if (result && stdout) this.#print(result, "stdout", stdout);
    if (result && stderr) this.#print(result, "stderr", stderr);
    if (exitCode !== null && exitCode !== undefined) {
      this.#closeSession();
    } else if (this.#session) {
      this.#session.prompt = prompt;
      if (!more) this.#session.main = prompt;
      this.#setPrompt(prompt.trimEnd());
    }
  }

  #closeSession() {
    if (!this.#session) return;
    this.#session = null;
    this.#setPrompt("$");
  }

  // -- Tab ---------------------------------------------------------------------------------

  #complete() {
    if (this.#heredoc || this.#session) return; // text, or a container's commands: not kubectl's
    this.#tabs += 1;
    const line = this.#input.value.slice(0, this.#input.selectionStart);
    const id = this.#nextId++;
    if (this.#send({ type: "complete", id, line })) this.#completing = { id, line, tabs: this.#tabs };
  }

  // One candidate completes the word; several complete their common prefix, and on the
  // second Tab in a row are listed, as bash does.
  #completed({ id, start, candidates }) {
    const asked = this.#completing;
    if (asked?.id !== id) return;
    this.#completing = null;
    const input = this.#input;
    if (input.value.slice(0, input.selectionStart) !== asked.line || candidates.length === 0) return;
    if (candidates.length === 1) {
      const [only] = candidates;
      this.#replaceWord(start, /[/=]$/.test(only) ? only : `${only} `);
      return;
    }
    const common = commonPrefix(candidates);
    if (common.length > asked.line.length - start) {
      this.#replaceWord(start, common);
    } else if (asked.tabs >= 2) {
      const block = this.#block();
      block.append(this.#echoLine("$ ", input.value));
      this.#print(block, "stdout", candidates.join("  "));
    }
  }

  #replaceWord(start, text) {
    const input = this.#input;
    input.setRangeText(text, start, input.selectionStart, "end");
  }

  // -- the editor --------------------------------------------------------------------------

  #openEditor({ id, path, content }) {
    const entry = this.#answered(id);
    if (!entry) return;
    this.#editor.open(path, content, {
      onSave: (name, text) => this.#save(entry.result, name, text),
      onClose: () => {
        this.#saving = null;
        this.#input.focus();
      },
    });
  }

  #save(result, path, content) {
    const id = this.#nextId++;
    this.#saving = { id, result, lines: content.split("\n").length - (content.endsWith("\n") ? 1 : 0) };
    if (!this.#send({ type: "workspace.save", id, path, content })) {
      this.#saving = null;
      this.#editor.failed("not connected to the cluster; not saved");
    }
  }

  #saved({ id, path, error }) {
    const saving = this.#saving;
    if (saving?.id !== id) return;
    if (error) {
      this.#saving = null;
      this.#editor.failed(error);
      return;
    }
    this.#print(saving.result, "note", `wrote ${path} (${saving.lines} lines)`);
    this.#editor.saved();
  }

  // -- output ------------------------------------------------------------------------------

  #setPrompt(text) {
    const label = this.#input.labels?.[0];
    if (label) label.textContent = text;
  }

  #echoLine(prompt, line) {
    const echo = htmlEl("div", { className: "echo" });
    htmlEl("span", { className: "prompt", text: prompt }, echo);
    echo.append(line);
    return echo;
  }

  // A heredoc's lines go above the result they lead to.
  #echo(result, prompt, line) {
    result.before(this.#echoLine(prompt, line));
    this.#scroll();
  }

  #finish(result) {
    result.classList.remove("waiting");
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
