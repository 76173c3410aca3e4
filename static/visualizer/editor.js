// The terminal's editor (edit, nano, vi): a textarea over the page with Save and Cancel.
// It only edits text; the terminal sends it and says whether the save went through.

export class Editor {
  #root;
  #path;
  #text;
  #status;
  #save;
  #onSave = null;
  #onClose = null;

  constructor(root) {
    this.#root = root;
    this.#path = root.querySelector("#editor-path");
    this.#text = root.querySelector("#editor-text");
    this.#status = root.querySelector("#editor-status");
    this.#save = root.querySelector("#editor-save");
    this.#save.addEventListener("click", () => this.#submit());
    root.querySelector("#editor-cancel").addEventListener("click", () => this.close());
    this.#text.addEventListener("keydown", (event) => this.#onKey(event));
  }

  get isOpen() {
    return !this.#root.hidden;
  }

  // onSave(path, text) sends it; the terminal then calls saved() or failed().
  open(path, content, { onSave, onClose }) {
    this.#onSave = onSave;
    this.#onClose = onClose;
    this.#path.textContent = path;
    this.#text.value = content;
    this.#status.textContent = "Ctrl-S saves, Esc cancels";
    this.#save.disabled = false;
    this.#root.hidden = false;
    this.#text.focus();
    this.#text.setSelectionRange(0, 0);
  }

  saved() {
    this.close();
  }

  failed(message) {
    this.#save.disabled = false;
    this.#status.textContent = message;
    this.#status.classList.add("editor-error");
    this.#text.focus();
  }

  close() {
    if (!this.isOpen) return;
    this.#root.hidden = true;
    this.#status.classList.remove("editor-error");
    const onClose = this.#onClose;
    this.#onSave = this.#onClose = null;
    onClose?.();
  }

  #submit() {
    if (this.#save.disabled) return;
    this.#save.disabled = true;
    this.#status.classList.remove("editor-error");
    this.#status.textContent = "saving…";
    this.#onSave?.(this.#path.textContent, this.#text.value);
  }

  #onKey(event) {
    if (event.key === "Escape") {
      event.preventDefault();
      this.close();
    } else if (event.key === "s" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      this.#submit();
    } else if (event.key === "Tab" && !event.shiftKey) {
      // YAML wants spaces, and Tab would otherwise leave the text for the buttons.
      event.preventDefault();
      const text = this.#text;
      text.setRangeText("  ", text.selectionStart, text.selectionEnd, "end");
    }
  }
}
