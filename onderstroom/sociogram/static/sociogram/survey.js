// The peer survey on a child's tablet.
//
// Without this script the page is one plain form that is posted at the end. With it:
// one question per screen, every question read aloud, and every tap sent as a change
// with its own id through a queue kept in localStorage. When the connection is gone the
// changes wait on the device and are sent, in order, once it is back; the server stores
// a change it has seen before only once.

const RETRY_MS = 5000;
const ADVANCE_MS = 450;

// crypto.randomUUID needs a secure context; a school may serve the app over plain http on its network.
function newId() {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

class Queue {
  constructor(key, endpoint, csrfToken, report) {
    this.key = key;
    this.endpoint = endpoint;
    this.csrfToken = csrfToken; // a function: the token can change while the page is open
    this.report = report;
    this.busy = false;
  }

  pending() {
    try {
      const stored = JSON.parse(localStorage.getItem(this.key) || "[]");
      return Array.isArray(stored) ? stored : [];
    } catch {
      return [];
    }
  }

  save(changes) {
    if (changes.length) localStorage.setItem(this.key, JSON.stringify(changes));
    else localStorage.removeItem(this.key);
  }

  add(change) {
    this.save([...this.pending(), { ...change, client_id: newId() }]);
    this.flush();
  }

  dropFirst() {
    this.save(this.pending().slice(1));
  }

  async send(change) {
    try {
      const response = await fetch(this.endpoint, {
        method: "POST",
        credentials: "same-origin",
        redirect: "manual",
        headers: { "Content-Type": "application/json", "X-CSRFToken": this.csrfToken() },
        body: JSON.stringify(change),
      });
      if (response.ok) return { state: "stored" };
      if (response.status === 400) {
        const data = await response.json().catch(() => ({}));
        return { state: "refused", message: data.error || "" };
      }
      return { state: "stuck" }; // signed out, session closed, server trouble: keep it and wait
    } catch {
      return { state: "offline" };
    }
  }

  // Send the waiting changes one by one, oldest first; stop at the first that cannot go yet.
  async flush() {
    if (this.busy) return;
    this.busy = true;
    let state = "saved";
    let sent = false;
    try {
      for (let change = this.pending()[0]; change; change = this.pending()[0]) {
        const result = await this.send(change);
        if (result.state === "stored") {
          this.dropFirst();
          sent = true;
        } else if (result.state === "refused") {
          this.dropFirst(); // it can never be stored: say why and go on with the rest
          this.report("refused", result.message);
        } else {
          state = result.state === "offline" ? "waiting" : "stuck";
          break;
        }
      }
    } finally {
      this.busy = false;
    }
    if (sent || state !== "saved") this.report(state);
    return state;
  }
}

class Voice {
  constructor(lang) {
    this.lang = lang;
    this.synth = "speechSynthesis" in window ? window.speechSynthesis : null;
  }

  get available() {
    return this.synth !== null;
  }

  say(text) {
    if (!this.synth || !text) return;
    this.synth.cancel();
    const utterance = new SpeechSynthesisUtterance(text);
    utterance.lang = this.lang === "nl" ? "nl-NL" : this.lang;
    const voice = this.synth.getVoices().find((v) => v.lang.toLowerCase().startsWith(this.lang));
    if (voice) utterance.voice = voice; // a Dutch voice when the device has one
    utterance.rate = 0.9;
    this.synth.speak(utterance);
  }
}

class Survey {
  constructor(form) {
    this.form = form;
    this.screens = [...form.querySelectorAll(".peer-screen")];
    this.limit = parseInt(form.dataset.limit, 10) || null;
    this.status = form.querySelector(".peer-status");
    this.refused = form.querySelector(".peer-refused");
    this.voice = new Voice(form.dataset.lang || document.documentElement.lang || "nl");
    const report = (state, message) => this.report(state, message);
    this.queue = new Queue(form.dataset.store, form.dataset.endpoint, () => this.csrfToken(), report);
    this.current = 0;
    this.spoken = false;
  }

  start() {
    this.form.classList.add("js");
    if (!this.voice.available) this.form.classList.add("no-speech");
    this.restorePending();
    const finished = this.queue.pending().some((change) => change.kind === "finish");
    this.show(finished ? this.index("thanks") : 0);
    this.form.addEventListener("click", (event) => this.onClick(event));
    this.form.addEventListener("change", (event) => this.onChange(event));
    this.form.addEventListener("submit", (event) => {
      event.preventDefault();
      this.finish();
    });
    // The Stop button in the header signs the child out: not while answers are still waiting.
    document.addEventListener("submit", (event) => this.guardLeave(event), true);
    window.addEventListener("online", () => this.queue.flush());
    setInterval(() => {
      if (this.queue.pending().length) this.queue.flush();
    }, RETRY_MS);
    this.queue.flush();
  }

  // The CSRF cookie wins over the token printed in the page: another response (a 404 for
  // /favicon.ico racing the first page load, say) may have set a new cookie since.
  csrfToken() {
    const name = `${this.form.dataset.csrfCookie}=`;
    const cookie = document.cookie.split("; ").find((part) => part.startsWith(name));
    if (cookie) return decodeURIComponent(cookie.slice(name.length));
    return this.form.querySelector("input[name=csrfmiddlewaretoken]").value;
  }

  index(name) {
    return this.screens.findIndex((screen) => screen.dataset.screen === name);
  }

  show(index) {
    this.screens.forEach((screen, i) => {
      screen.hidden = i !== index;
      screen.classList.toggle("current", i === index);
    });
    this.current = index;
    const screen = this.screens[index];
    const heading = screen.querySelector("[data-say]");
    if (heading) {
      heading.tabIndex = -1;
      heading.focus({ preventScroll: true });
    }
    window.scrollTo(0, 0);
    if (this.spoken) this.say(screen);
  }

  say(screen) {
    this.voice.say(screen.querySelector("[data-say]")?.textContent.trim());
  }

  onClick(event) {
    const button = event.target.closest("[data-action]");
    if (!button) return;
    const action = button.dataset.action;
    if (action === "start") {
      this.spoken = true; // the tap lets the browser speak from now on
      this.show(this.current + 1);
    } else if (action === "next") {
      this.show(Math.min(this.current + 1, this.index("finish")));
    } else if (action === "back") {
      this.show(Math.max(this.current - 1, 0));
    } else if (action === "speak") {
      this.say(this.screens[this.current]);
    }
  }

  onChange(event) {
    const input = event.target;
    const screen = input.closest(".peer-screen");
    if (!screen) return;
    if (screen.dataset.kind === "nominations") this.nominate(screen, input);
    else if (screen.dataset.kind === "rating") this.rate(screen, input);
  }

  nominate(screen, input) {
    const boxes = [...screen.querySelectorAll("input[type=checkbox]")];
    const chosen = boxes.filter((box) => box.checked);
    const warning = screen.querySelector(".peer-limit");
    if (this.limit !== null && chosen.length > this.limit) {
      input.checked = false;
      warning.hidden = false;
      return;
    }
    warning.hidden = true;
    this.queue.add({
      kind: "nominations",
      question: screen.dataset.question,
      nominees: boxes.filter((box) => box.checked).map((box) => box.value),
    });
  }

  rate(screen, input) {
    this.queue.add({ kind: "rating", ratee: screen.dataset.ratee, value: input.value });
    const here = this.current;
    // One tap answers the question: move on, unless the child already went elsewhere.
    setTimeout(() => {
      if (this.current === here) this.show(here + 1);
    }, ADVANCE_MS);
  }

  finish() {
    this.queue.add({ kind: "finish" });
    this.show(this.index("thanks"));
  }

  // Changes still waiting from an earlier visit on this tablet are shown as chosen.
  restorePending() {
    for (const change of this.queue.pending()) {
      if (change.kind === "nominations") {
        const screen = this.form.querySelector(`[data-question="${CSS.escape(change.question)}"]`);
        screen?.querySelectorAll("input[type=checkbox]").forEach((box) => {
          box.checked = change.nominees.includes(box.value);
        });
      } else if (change.kind === "rating") {
        const name = `r-${change.ratee}`;
        this.form.querySelectorAll(`input[name="${CSS.escape(name)}"]`).forEach((radio) => {
          radio.checked = radio.value === String(change.value);
        });
      }
    }
  }

  report(state, message) {
    if (state === "refused") {
      this.refused.textContent = message;
      this.refused.hidden = !message;
      return;
    }
    this.status.textContent = this.status.dataset[state] || "";
    this.status.classList.toggle("problem", state !== "saved");
  }

  async guardLeave(event) {
    if (event.target === this.form || !this.queue.pending().length) return;
    event.preventDefault();
    const leaving = event.target;
    this.status.textContent = this.status.dataset.leave;
    if ((await this.queue.flush()) === "saved") leaving.submit();
  }
}

const form = document.getElementById("peer-survey");
if (form) new Survey(form).start();

// Finished (or closed): the server has everything it will take, so nothing stays on the device.
const done = document.getElementById("peer-done");
if (done) localStorage.removeItem(done.dataset.store);
