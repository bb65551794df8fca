// The outbox on the device: what is done while the network is gone waits here until the server has it.
//
// Every entry carries its own id and waits in localStorage (one key per page and person) until the
// server confirms that id. A lost connection, or a lost reply, only means the entry is sent again
// later; the server stores each id once, so nothing is lost and nothing is stored twice.
//
// The list is read from storage before every change, so two tabs with the same key share one outbox,
// and (where the browser has Web Locks) only one of them sends at a time.
//
// A feature subclasses Outbox and says what its entries look like: keyOf (the id the server confirms),
// body (the request for a batch) and confirmed (the ids in the server's reply). The outbox reports
// a "change" event with { state, pending } and, depending on the state, more:
//   saving      entries wait and are being sent; rejected: reasons the server gave for single entries,
//               dropped: those entries (they left the outbox without being stored)
//   saved       nothing waits; rejected and dropped as above
//   offline     nothing went through; status: 0 without a reply, else the status of a reply that
//               neither confirmed nor refused (a 5xx, a 403, a proxy's page): sent again later
//   signed-out  the sign-in page answered: the entries wait until the person signs in again
//   refused     the server refused the batch for good (a 4xx with a JSON error); message: its reason,
//               dropped: the entries of the batch, none of them stored

const RETRY_MS = 4000;
const BATCH = 100;

// A random (version 4) UUID. crypto.randomUUID needs a secure context, which a school's local
// network may not offer.
export function newId() {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

// The CSRF token the page was rendered with (base.html puts it in hx-headers on <body>).
export function csrfToken() {
  try {
    return JSON.parse(document.body.getAttribute("hx-headers") || "{}")["X-CSRFToken"] || "";
  } catch {
    return "";
  }
}

export class Outbox extends EventTarget {
  constructor(key, endpoint, { batch = BATCH, retryMs = RETRY_MS } = {}) {
    super();
    this.key = key;
    this.endpoint = endpoint;
    this.batch = batch;
    this.memory = null; // the entries, while the browser refuses storage
    this.flushing = null; // the promise of the flush under way
    this.again = false; // asked to flush while one was under way
    this.state = this.pending ? "saving" : "saved";
    window.addEventListener("online", () => this.flush());
    window.setInterval(() => this.flushing || this.flush(), retryMs);
  }

  // --- what a feature says about its entries ---

  // The id the server confirms the entry by.
  keyOf(entry) {
    return entry.client_id;
  }

  // body(batch): the request for a batch of entries (no default: every endpoint has its own shape).

  // The reply to a batch: { done: [ids stored, now or before], rejected: { id: reason } }. Both
  // leave the outbox; a rejected entry would be rejected again.
  confirmed(reply, _batch) {
    return { done: reply.stored || [], rejected: reply.rejected || {} };
  }

  // Called with a batch just before it goes out (it may reach the server from now on).
  beforeSend(_batch) {}

  csrfToken() {
    return csrfToken();
  }

  // --- the list on the device ---

  get entries() {
    if (this.memory) return this.memory;
    let text;
    try {
      text = window.localStorage.getItem(this.key);
    } catch {
      return (this.memory = []); // storage blocked: from now on the list lives in this page
    }
    try {
      const data = JSON.parse(text || "[]");
      return Array.isArray(data) ? data : [];
    } catch {
      return []; // not ours to read; the next save overwrites it
    }
  }

  get pending() {
    return this.entries.length;
  }

  save(entries) {
    try {
      if (entries.length) window.localStorage.setItem(this.key, JSON.stringify(entries));
      else window.localStorage.removeItem(this.key);
      this.memory = null;
    } catch {
      // Storage full or blocked: the entries stay in memory while the page is open, and are still sent.
      this.memory = entries;
    }
  }

  // Add an entry at the end and send it as soon as possible.
  push(entry) {
    this.save([...this.entries, entry]);
    this.report("saving");
    this.flush();
    return entry;
  }

  forget(keys) {
    this.save(this.entries.filter((entry) => !keys.has(this.keyOf(entry))));
  }

  report(state, detail = {}) {
    this.state = state;
    this.dispatchEvent(new CustomEvent("change", { detail: { state, pending: this.pending, ...detail } }));
  }

  // --- sending ---

  // Send what waits, batch after batch; resolves with the state it ended in.
  flush() {
    if (this.flushing) {
      this.again = true; // an entry added just as the flush under way ends must not wait for the timer
      return this.flushing;
    }
    this.again = false;
    this.flushing = this.run().finally(() => {
      this.flushing = null;
      if (this.again && this.pending) this.flush();
    });
    return this.flushing;
  }

  async run() {
    if (!this.pending) return this.state;
    if (navigator.onLine === false) {
      // Nothing can leave the device, so nothing is sent and beforeSend is not called (an undo in
      // the interaction logger then simply drops a tap that never left).
      this.report("offline", { status: 0 });
      return this.state;
    }
    if (navigator.locks) {
      return navigator.locks.request(this.key, { ifAvailable: true }, (lock) => (lock ? this.drain() : this.state));
    }
    return this.drain();
  }

  async drain() {
    let state = this.state;
    while (this.pending) {
      const batch = this.entries.slice(0, this.batch);
      state = await this.send(batch);
      // Go on while the server takes (or refuses for good) what it gets. When none of the batch
      // left (no connection, signed out, a reply that confirms nothing), the timer or the online
      // event tries again.
      const waiting = new Set(this.entries.map((entry) => this.keyOf(entry)));
      if (batch.every((entry) => waiting.has(this.keyOf(entry)))) break;
    }
    return state;
  }

  async send(batch) {
    const body = JSON.stringify(this.body(batch));
    this.beforeSend(batch);
    let state = "offline";
    let detail = { status: 0 };
    try {
      const response = await fetch(this.endpoint, {
        method: "POST",
        credentials: "same-origin",
        redirect: "manual",
        headers: { "Content-Type": "application/json", Accept: "application/json", "X-CSRFToken": this.csrfToken() },
        body,
      });
      const json = (response.headers.get("Content-Type") || "").includes("application/json");
      detail = { status: response.status };
      if (response.type === "opaqueredirect") {
        state = "signed-out"; // the session ended: keep everything
      } else if (json && response.ok) {
        const { done = [], rejected = {} } = this.confirmed(await response.json(), batch);
        this.forget(new Set([...done, ...Object.keys(rejected)]));
        state = this.pending ? "saving" : "saved";
        detail = {
          rejected: Object.values(rejected),
          dropped: batch.filter((entry) => Object.hasOwn(rejected, this.keyOf(entry))),
        };
      } else if (json && response.status >= 400 && response.status < 500) {
        // Refused for good (a closed moment, a question that is not asked): sending it again would
        // only repeat this.
        const data = await response.json();
        this.forget(new Set(batch.map((entry) => this.keyOf(entry))));
        state = "refused";
        detail = { message: data.error || "", dropped: batch };
      }
    } catch {
      state = "offline";
      detail = { status: 0 };
    }
    this.report(state, detail);
    return state;
  }
}
