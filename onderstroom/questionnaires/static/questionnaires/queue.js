// The answer queue on the device, shared by the teacher's grid and the child's form.
//
// Every answer gets its own client id and waits in localStorage until the server confirms it.
// A lost connection (or a lost reply) only means the answer is sent again later; the server
// stores each client id once, so nothing is lost and nothing is stored twice.

const RETRY_MS = 3000;
const BATCH = 200;

function newId() {
  // A random (version 4) UUID. crypto.randomUUID needs a secure context; a school network may not be one.
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export function csrfToken() {
  try {
    return JSON.parse(document.body.getAttribute("hx-headers") || "{}")["X-CSRFToken"] || "";
  } catch {
    return "";
  }
}

export class AnswerQueue extends EventTarget {
  constructor(storageKey, endpoint) {
    super();
    this.key = storageKey;
    this.endpoint = endpoint;
    this.entries = this.load();
    this.sending = false;
    this.state = this.entries.length ? "saving" : "saved";
    window.addEventListener("online", () => this.flush());
    window.setInterval(() => this.flush(), RETRY_MS);
  }

  load() {
    try {
      const data = JSON.parse(window.localStorage.getItem(this.key) || "[]");
      return Array.isArray(data) ? data : [];
    } catch {
      return [];
    }
  }

  store() {
    try {
      if (this.entries.length) window.localStorage.setItem(this.key, JSON.stringify(this.entries));
      else window.localStorage.removeItem(this.key);
    } catch {
      // Storage full or blocked: the answers stay in memory and are still sent.
    }
  }

  get pending() {
    return this.entries.length;
  }

  add(fields) {
    const entry = { client_id: newId(), answered_at: Date.now(), ...fields };
    this.entries.push(entry);
    this.store();
    this.report("saving");
    this.flush();
    return entry;
  }

  report(state, detail = {}) {
    this.state = state;
    this.dispatchEvent(new CustomEvent("change", { detail: { state, pending: this.entries.length, ...detail } }));
  }

  forget(ids) {
    this.entries = this.entries.filter((entry) => !ids.has(entry.client_id));
    this.store();
  }

  async flush() {
    if (this.sending || !this.entries.length) return;
    this.sending = true;
    const batch = this.entries.slice(0, BATCH);
    let state = "offline";
    let detail = {};
    try {
      const response = await fetch(this.endpoint, {
        method: "POST",
        credentials: "same-origin",
        redirect: "manual",
        headers: { "Content-Type": "application/json", Accept: "application/json", "X-CSRFToken": csrfToken() },
        body: JSON.stringify({ answers: batch }),
      });
      const json = (response.headers.get("Content-Type") || "").includes("application/json");
      if (response.type === "opaqueredirect") {
        state = "signed-out";
      } else if (json && response.ok) {
        const data = await response.json();
        const rejected = data.rejected || {};
        this.forget(new Set([...(data.stored || []), ...Object.keys(rejected)]));
        state = this.entries.length ? "saving" : "saved";
        detail = { data, rejected: Object.values(rejected) };
      } else if (json && response.status >= 400 && response.status < 500) {
        // Refused for good (a closed moment, a form that no longer exists): keeping it would only repeat this.
        const data = await response.json();
        this.forget(new Set(batch.map((entry) => entry.client_id)));
        state = "refused";
        detail = { message: data.error || "" };
      }
    } catch {
      state = "offline";
    } finally {
      this.sending = false;
    }
    this.report(state, detail);
    if (state === "saving") this.flush();
  }
}

export function showStatus(element, state, message = "") {
  if (!element) return;
  const texts = {
    saved: element.dataset.saved,
    saving: element.dataset.saving,
    offline: element.dataset.offline,
    "signed-out": element.dataset.signedOut,
    refused: message,
  };
  element.textContent = texts[state] || "";
  element.dataset.state = state;
}
