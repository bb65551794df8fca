// The peer survey on a child's tablet.
//
// Without this script the page is one plain form that is posted at the end. With it:
// one question per screen, every question read aloud, and every tap sent as a change
// with its own id through the device's outbox (onderstroom/outbox.js). When the connection
// is gone the changes wait on the device and are sent, in order, once it is back; the server
// stores a change it has seen before only once.
import { newId, Outbox } from "../onderstroom/outbox.js";

const RETRY_MS = 5000;
const ADVANCE_MS = 450;

// The survey's changes, one per request as the endpoint takes them, through the device's outbox.
class ChangeQueue extends Outbox {
  constructor(form) {
    super(form.dataset.store, form.dataset.endpoint, { batch: 1, retryMs: RETRY_MS });
    this.form = form;
  }

  add(change) {
    return this.push({ ...change, client_id: newId() });
  }

  body([change]) {
    return change;
  }

  // The reply is about the one change sent: stored now, or stored before.
  confirmed(_reply, batch) {
    return { done: batch.map((change) => change.client_id) };
  }

  // The CSRF cookie wins over the token printed in the page: another response (a 404 for
  // /favicon.ico racing the first page load, say) may have set a new cookie since.
  csrfToken() {
    const name = `${this.form.dataset.csrfCookie}=`;
    const cookie = document.cookie.split("; ").find((part) => part.startsWith(name));
    if (cookie) return decodeURIComponent(cookie.slice(name.length));
    return this.form.querySelector("input[name=csrfmiddlewaretoken]").value;
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
    this.queue = new ChangeQueue(form);
    this.queue.addEventListener("change", (event) => this.report(event.detail));
    this.current = 0;
    this.spoken = false;
  }

  start() {
    this.form.classList.add("js");
    if (!this.voice.available) this.form.classList.add("no-speech");
    this.restorePending();
    const finished = this.queue.entries.some((change) => change.kind === "finish");
    this.show(finished ? this.index("thanks") : 0);
    this.form.addEventListener("click", (event) => this.onClick(event));
    this.form.addEventListener("change", (event) => this.onChange(event));
    this.form.addEventListener("submit", (event) => {
      event.preventDefault();
      this.finish();
    });
    // The Stop button in the header signs the child out: not while answers are still waiting.
    document.addEventListener("submit", (event) => this.guardLeave(event), true);
    this.queue.flush();
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
    for (const change of this.queue.entries) {
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

  // The outbox's state in the survey's words: "waiting" while there is no connection, "stuck" when
  // the server answered but did not take the change (signed out, session closed, server trouble).
  // While changes are on their way the last text stays; a refused change is said apart.
  report({ state, status, message }) {
    if (state === "saving") return;
    if (state === "refused") {
      this.refused.textContent = message;
      this.refused.hidden = !message;
      return;
    }
    const shown = state === "offline" && !status ? "waiting" : state === "saved" ? "saved" : "stuck";
    this.status.textContent = this.status.dataset[shown] || "";
    this.status.classList.toggle("problem", shown !== "saved");
  }

  async guardLeave(event) {
    if (event.target === this.form || !this.queue.pending) return;
    event.preventDefault();
    const leaving = event.target;
    this.status.textContent = this.status.dataset.leave;
    await this.queue.flush();
    if (!this.queue.pending) leaving.submit();
  }
}

const form = document.getElementById("peer-survey");
if (form) new Survey(form).start();

// Finished (or closed): the server has everything it will take, so nothing stays on the device.
const done = document.getElementById("peer-done");
if (done) localStorage.removeItem(done.dataset.store);
