// The scrolling list of hops, newest at the bottom.

import { htmlEl } from "./dom.js";

const KEEP = 200;

export class HopLog {
  #list;
  #count;

  constructor(list, count) {
    this.#list = list;
    this.#count = count;
  }

  append(hop) {
    const box = this.#list.parentElement;
    // Only follow the tail if the reader has not scrolled up to study older hops.
    const following = box.scrollHeight - box.scrollTop - box.clientHeight < 24;

    const line = htmlEl("li", { className: "hop-line" }, this.#list);
    line.title = `${hop.verb} ${hop.object ?? ""}`.trim();
    htmlEl("span", { className: "hop-seq", text: `#${hop.seq}` }, line);
    htmlEl("span", { className: "hop-time", text: `t=${(hop.time / 1000).toFixed(3)}s` }, line);
    htmlEl("span", { className: "hop-route", text: `${hop.source} → ${hop.destination}` }, line);
    htmlEl("span", { className: "hop-verb", text: hop.verb ?? "" }, line);
    htmlEl("span", { className: "hop-summary", text: hop.summary ?? "" }, line);

    while (this.#list.childElementCount > KEEP) this.#list.firstElementChild.remove();
    this.#count.textContent = `last #${hop.seq}`;
    if (following) box.scrollTop = box.scrollHeight;
  }
}
