// The tap queue on the device: nothing tapped is lost on bad wifi, and nothing is stored twice.
//
// Every tap gets its own id and the device's time, and waits in localStorage until the server has
// confirmed it. A lost connection, or a lost reply, only means the tap is sent again later; the
// server stores each id once. An undo of a tap that never left the device simply drops it; an undo
// of a tap that may have reached the server is queued like a tap, behind it.
//
// The queue is read from storage before every change, so two tabs of the same log share one queue,
// and (where the browser has Web Locks) only one of them sends at a time.

const RETRY_MS = 4000;
const BATCH = 100;

export function newId() {
  if (typeof crypto.randomUUID === "function") return crypto.randomUUID();
  // crypto.randomUUID needs a secure context, which a school's local network may not offer.
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function csrfToken() {
  try {
    return JSON.parse(document.body.getAttribute("hx-headers") || "{}")["X-CSRFToken"] || "";
  } catch {
    return "";
  }
}

const keyOf = (entry) => `${entry.op}:${entry.id}`;

export class TapQueue extends EventTarget {
  constructor(storageKey, endpoint) {
    super();
    this.key = storageKey;
    this.endpoint = endpoint;
    this.memory = []; // used only when the browser refuses storage
    this.lastAt = 0;
    this.sending = false;
    window.addEventListener("online", () => this.flush());
    window.setInterval(() => this.flush(), RETRY_MS);
  }

  read() {
    try {
      const data = JSON.parse(window.localStorage.getItem(this.key) || "[]");
      return Array.isArray(data) ? data : [];
    } catch {
      return this.memory;
    }
  }

  write(entries) {
    this.memory = entries;
    try {
      if (entries.length) window.localStorage.setItem(this.key, JSON.stringify(entries));
      else window.localStorage.removeItem(this.key);
    } catch {
      // Storage full or blocked: the taps stay in memory while the page is open.
    }
  }

  get pending() {
    return this.read().length;
  }

  // The device's clock, made strictly increasing so that taps keep their order on the server.
  now() {
    this.lastAt = Math.max(Date.now(), this.lastAt + 1);
    return this.lastAt;
  }

  add(child, kind) {
    const entry = { op: "add", id: newId(), child, kind, at: this.now() };
    this.write([...this.read(), entry]);
    this.report("pending");
    this.flush();
    return entry;
  }

  undo(id) {
    const entries = this.read();
    const waiting = entries.find((entry) => entry.op === "add" && entry.id === id);
    if (waiting && !waiting.tried) {
      // Never sent: the server has never heard of it, so forgetting it is the whole undo.
      this.write(entries.filter((entry) => entry !== waiting));
      this.report(entries.length > 1 ? "pending" : "sent");
      this.flush();
      return;
    }
    this.write([...entries, { op: "undo", id }]);
    this.report("pending");
    this.flush();
  }

  report(state, detail = {}) {
    this.dispatchEvent(new CustomEvent("change", { detail: { state, pending: this.pending, ...detail } }));
  }

  forget(keys) {
    this.write(this.read().filter((entry) => !keys.has(keyOf(entry))));
  }

  flush() {
    if (this.sending || !this.read().length) return Promise.resolve();
    if (navigator.onLine === false) {
      // Nothing can leave the device, so nothing is marked as sent: an undo now simply drops the tap.
      this.report("offline");
      return Promise.resolve();
    }
    if (navigator.locks) {
      return navigator.locks.request(this.key, { ifAvailable: true }, (lock) => (lock ? this.send() : null));
    }
    return this.send();
  }

  async send() {
    const entries = this.read();
    if (this.sending || !entries.length) return;
    this.sending = true;
    const batch = entries.slice(0, BATCH);
    // From now on the server may have these taps, even if no reply arrives: an undo must be sent.
    const sent = new Set(batch.map(keyOf));
    this.write(entries.map((entry) => (sent.has(keyOf(entry)) ? { ...entry, tried: true } : entry)));
    let state = "offline";
    let detail = {};
    try {
      const response = await fetch(this.endpoint, {
        method: "POST",
        credentials: "same-origin",
        redirect: "manual",
        headers: { "Content-Type": "application/json", Accept: "application/json", "X-CSRFToken": csrfToken() },
        body: JSON.stringify({ ops: batch.map(({ tried, ...op }) => op) }),
      });
      const json = (response.headers.get("Content-Type") || "").includes("application/json");
      if (response.type === "opaqueredirect" || response.status === 403) {
        state = "signed-out"; // the session ended or the page's token is stale: keep everything
      } else if (json && response.ok) {
        const data = await response.json();
        const rejected = data.rejected || {};
        this.forget(new Set([...(data.done || []), ...Object.keys(rejected)]));
        const messages = Object.values(rejected);
        state = messages.length ? "refused" : "sent";
        detail = { message: messages[0] || "" };
      } else if (json && response.status === 400) {
        // Refused as a whole (not in the expected form): sending it again would only repeat this.
        const data = await response.json();
        this.forget(sent);
        state = "refused";
        detail = { message: data.error || "" };
      }
    } catch {
      state = "offline";
    } finally {
      this.sending = false;
    }
    if (state === "sent" && this.pending) state = "pending";
    this.report(state, detail);
    if (state === "pending") await this.send();
  }
}
