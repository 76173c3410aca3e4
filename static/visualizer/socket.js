// The websocket to the cluster: reconnects with backoff and keeps the
// connection alive through proxies with a periodic ping.

const PING_MS = 20_000;
const FIRST_RETRY_MS = 500;
const MAX_RETRY_MS = 5_000;

export class ClusterSocket {
  #url;
  #onMessage;
  #onState;
  #ws = null;
  #retryMs = FIRST_RETRY_MS;
  #pingTimer = null;

  constructor(url, { onMessage, onState }) {
    this.#url = url;
    this.#onMessage = onMessage;
    this.#onState = onState;
  }

  connect() {
    this.#onState("connecting");
    const ws = new WebSocket(this.#url);
    this.#ws = ws;
    ws.addEventListener("open", () => {
      this.#retryMs = FIRST_RETRY_MS;
      this.#pingTimer = setInterval(() => this.send({ type: "ping" }), PING_MS);
      this.#onState("connected");
    });
    ws.addEventListener("message", (event) => {
      let message;
      try {
        message = JSON.parse(event.data);
      } catch {
        console.warn("ignoring a frame that is not JSON", event.data);
        return;
      }
      this.#onMessage(message);
    });
    // "error" is always followed by "close", so reconnecting is handled there alone.
    ws.addEventListener("close", () => {
      clearInterval(this.#pingTimer);
      const delay = this.#retryMs;
      this.#retryMs = Math.min(this.#retryMs * 2, MAX_RETRY_MS);
      this.#onState("disconnected", delay);
      setTimeout(() => this.connect(), delay);
    });
  }

  // Returns false when there is no open connection, so callers can say so.
  send(message) {
    if (this.#ws?.readyState !== WebSocket.OPEN) return false;
    this.#ws.send(JSON.stringify(message));
    return true;
  }
}
