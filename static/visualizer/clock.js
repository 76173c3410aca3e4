// The virtual clock in the header. The server reports the clock only with
// updates, so between them the display runs on by itself at the reported speed.

const TICK_MS = 250;

export class ClockView {
  #time;
  #speed;
  #paused;
  #base = null;
  #receivedAt = 0;

  constructor({ time, speed, paused }) {
    this.#time = time;
    this.#speed = speed;
    this.#paused = paused;
    setInterval(() => this.#show(), TICK_MS);
  }

  get speed() {
    return this.#base?.speed ?? 1;
  }

  set(clock) {
    if (!clock) return;
    this.#base = clock;
    this.#receivedAt = performance.now();
    this.#speed.textContent = `speed ×${clock.speed}`;
    this.#paused.hidden = !clock.paused;
    this.#show();
  }

  #show() {
    if (!this.#base) return;
    const { time, speed, paused } = this.#base;
    const elapsed = paused ? 0 : (performance.now() - this.#receivedAt) * speed;
    const at = new Date(Date.parse(time) + elapsed);
    if (Number.isNaN(at.getTime())) {
      this.#time.textContent = time;
      return;
    }
    this.#time.textContent = `${at.toISOString().slice(0, 19).replace("T", " ")} UTC`;
    this.#time.dateTime = at.toISOString();
  }
}
