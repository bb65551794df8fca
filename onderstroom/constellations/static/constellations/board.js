// The constellation board: drag with finger, pen or mouse; move with the keyboard; see the others live.
//
// The page is drawn by the server and works without this script (button form, reload).
// This script adopts the drawn figures, polls the board's state every second
// (?since=version, 204 when nothing changed) and sends each placement, move, turn or
// feeling as one event. The server decides who may move what: the script only
// offers what the state says this person may do, and takes back whatever is refused.
// Drawing is batched into one requestAnimationFrame, touching only figures that changed.

const SVG_NS = "http://www.w3.org/2000/svg";
const KEY_STEP = 0.02;
const FINE_STEP = 0.005;
const KEY_TURN = 15;
const DRAG_START_PX = 4;
const RETRY_MS = 2000;
const POSITION = ["place", "move"];
const EMOTION_KEYS = { 0: "", 1: "scared", 2: "angry", 3: "sad", 4: "happy" };

function numberData(element, name) {
  return Number(element.dataset[name]);
}

function readTexts() {
  const node = document.getElementById("board-texts");
  const data = { ...node.dataset };
  data.regions = node.dataset.regions.split("|");
  data.directions = node.dataset.directions.split("|");
  data.emotions = Object.fromEntries(node.dataset.emotions.split("|").map((pair) => pair.split("=")));
  return data;
}

function csrfToken() {
  try {
    return JSON.parse(document.body.getAttribute("hx-headers") || "{}")["X-CSRFToken"] || "";
  } catch {
    return "";
  }
}

function newClientId() {
  if (globalThis.crypto?.randomUUID) return crypto.randomUUID();
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 12)}`;
}

class Board {
  constructor(root) {
    this.root = root;
    this.svg = root.querySelector("svg.board-svg");
    this.layer = this.svg.querySelector("g.figures");
    this.tray = this.svg.querySelector("g.tray");
    this.status = document.getElementById("board-status");
    this.announcer = document.getElementById("board-announcer");
    this.toolbar = document.getElementById("board-toolbar");
    this.selectedText = document.getElementById("board-selected");
    this.turnSelect = document.querySelector("[data-turn-select]");
    this.texts = readTexts();
    this.stateUrl = root.dataset.stateUrl;
    this.eventUrl = root.dataset.eventUrl;
    this.pollMs = Number(root.dataset.poll) || 1000;
    this.geo = {
      origin: numberData(this.svg, "origin"),
      span: numberData(this.svg, "span"),
      fieldHeight: numberData(this.svg, "fieldHeight"),
      round: this.svg.dataset.shape === "round",
      trayLeft: numberData(this.svg, "trayLeft"),
      trayTop: numberData(this.svg, "trayTop"),
      stepX: numberData(this.svg, "trayStepX"),
      stepY: numberData(this.svg, "trayStepY"),
      columns: numberData(this.svg, "trayColumns"),
      trayLabel: numberData(this.svg, "trayLabel"),
    };
    this.figures = new Map();
    this.dirty = new Set();
    this.frame = 0;
    this.version = 0;
    this.state = null;
    this.selected = null;
    this.dragging = null;
    this.queue = [];
    this.sending = false;
    this.stopped = false;
    for (const el of this.layer.querySelectorAll("g.figure")) {
      this.figures.set(el.dataset.id, { el, data: null, x: null, y: null, angle: null, emotion: "", pending: 0 });
    }
    this.bind();
    this.toolbar.hidden = false;
    this.poll();
  }

  // --- state from the server -------------------------------------------------------------

  apply(state, source) {
    if (state.version < this.version) return;
    this.version = state.version;
    this.state = state;
    if (this.status.textContent !== state.message) this.status.textContent = state.message;
    const seen = new Set();
    for (const data of state.figures) {
      seen.add(data.id);
      const record = this.figures.get(data.id) || this.create(data);
      const before = record.data;
      record.data = data;
      if (!record.pending && record !== this.dragging && !record.editing) this.reset(record);
      if (source === "poll" && before && this.changed(before, data)) this.announce(data.description);
      this.decorate(record);
    }
    for (const [id, record] of this.figures) {
      if (!seen.has(id)) {
        record.el.remove();
        this.figures.delete(id);
      }
    }
    this.resizeTray(state.tray_rows);
    this.syncTurnSelect(state);
    this.showSelection();
    if (!state.live) this.finish();
  }

  changed(before, after) {
    return ["placed", "x", "y", "angle", "emotion"].some((key) => before[key] !== after[key]);
  }

  reset(record) {
    const data = record.data;
    record.x = data.placed ? data.x : null;
    record.y = data.placed ? data.y : null;
    record.angle = data.angle;
    record.emotion = data.emotion;
    record.editing = false;
    this.mark(record);
  }

  can(record, action) {
    if (!record?.data || this.stopped) return false;
    // A waiting figure this device has put on the field may be turned before the server has
    // answered the placement; the turn is sent after the placement and checked on its own.
    const standing = !record.data.placed && record.x !== null;
    return record.data.can.includes(action) || (standing && record.data.then.includes(action));
  }

  canPosition(record) {
    return POSITION.some((action) => this.can(record, action));
  }

  // --- drawing -------------------------------------------------------------------------------

  mark(record) {
    this.dirty.add(record);
    if (!this.frame) this.frame = requestAnimationFrame(() => this.flush());
  }

  flush() {
    this.frame = 0;
    for (const record of this.dirty) this.draw(record);
    this.dirty.clear();
  }

  position(record) {
    const { origin, span, trayLeft, trayTop, stepX, stepY, columns } = this.geo;
    if (record.x !== null && record.y !== null) return [origin + record.x * span, origin + record.y * span];
    const slot = record.data?.slot ?? 0;
    return [trayLeft + (slot % columns) * stepX, trayTop + Math.floor(slot / columns) * stepY];
  }

  draw(record) {
    const [px, py] = this.position(record);
    record.el.setAttribute("transform", `translate(${px.toFixed(1)} ${py.toFixed(1)})`);
    const nose = record.el.querySelector(".fig-nose");
    nose.setAttribute("visibility", record.angle === null ? "hidden" : "visible");
    nose.setAttribute("transform", `rotate(${record.angle ?? 0})`);
    const emotion = record.el.querySelector(".fig-emotion");
    emotion.setAttribute("visibility", record.emotion ? "visible" : "hidden");
    if (record.emotion) emotion.setAttribute("href", `#${this.svg.id}-emo-${record.emotion}`);
    if (record.data) {
      const label = record.el.querySelector(".fig-label");
      const shown = this.shownLabel(record);
      if (label.textContent !== shown) label.textContent = shown;
    }
  }

  shownLabel(record) {
    // In the tray names are cut short, as the server draws them, so neighbours do not overlap.
    const full = record.data.label;
    const limit = this.geo.trayLabel;
    if (record.x !== null || full.length <= limit) return full;
    return `${full.slice(0, limit - 1)}…`;
  }

  decorate(record) {
    const { el, data } = record;
    const movable = data.can.length > 0 && !this.stopped;
    el.classList.toggle("movable", movable);
    el.classList.toggle("waiting", !data.placed);
    el.classList.toggle("by-staff", data.by_staff);
    el.classList.toggle("mine", data.mine);
    el.classList.toggle("turn", data.id === this.state?.turn);
    el.setAttribute("aria-label", data.description);
    if (movable) {
      el.setAttribute("tabindex", "0");
      el.setAttribute("role", "button");
      el.setAttribute("aria-describedby", "board-keys");
    } else {
      el.removeAttribute("tabindex");
      el.setAttribute("role", "img");
      el.removeAttribute("aria-describedby");
    }
  }

  create(data) {
    const el = document.createElementNS(SVG_NS, "g");
    el.setAttribute("class", `figure kind-${data.kind}`);
    el.dataset.id = data.id;
    const add = (name, attributes) => {
      const child = document.createElementNS(SVG_NS, name);
      for (const [key, value] of Object.entries(attributes)) child.setAttribute(key, value);
      el.append(child);
      return child;
    };
    add("circle", { class: "fig-halo", r: "38" });
    const nose = add("g", { class: "fig-nose", visibility: "hidden" });
    const arrow = document.createElementNS(SVG_NS, "path");
    arrow.setAttribute("d", "M-14 -19 L0 -46 L14 -19 Z");
    nose.append(arrow);
    add("circle", { class: "fig-body", r: "26" });
    if (data.photo) {
      add("image", {
        class: "fig-photo", href: data.photo, x: "-26", y: "-26", width: "52", height: "52",
        "clip-path": `url(#${this.svg.id}-clip)`, preserveAspectRatio: "xMidYMid slice",
      });
    }
    add("text", { class: "fig-initial", y: "9", "text-anchor": "middle" }).textContent = data.photo
      ? ""
      : data.label.slice(0, 1).toUpperCase();
    add("use", { class: "fig-emotion", x: "8", y: "-50", width: "34", height: "34", visibility: "hidden" });
    add("text", { class: "fig-label", y: "56", "text-anchor": "middle" }).textContent = data.label;
    this.layer.append(el);
    const record = { el, data, x: null, y: null, angle: null, emotion: "", pending: 0 };
    this.figures.set(data.id, record);
    return record;
  }

  resizeTray(rows) {
    const { fieldHeight, stepY } = this.geo;
    const height = fieldHeight + (rows ? rows * stepY + 20 : 0);
    this.svg.setAttribute("viewBox", `0 0 1000 ${height}`);
    this.tray.setAttribute("visibility", rows ? "visible" : "hidden");
    this.tray.querySelector("rect").setAttribute("height", String(Math.max(rows, 1) * stepY + 8));
  }

  syncTurnSelect(state) {
    const select = this.turnSelect;
    if (!select || document.activeElement === select) return;
    const waiting = state.figures.filter((f) => f.kind === "child" && !f.placed);
    const wanted = waiting.map((f) => f.id).join(",");
    const current = [...select.options].map((o) => o.value).join(",");
    if (wanted !== current && waiting.length) {
      select.replaceChildren(...waiting.map((f) => new Option(f.label, f.id)));
    }
    if (state.turn) select.value = state.turn;
  }

  // --- words ---------------------------------------------------------------------------------

  announce(text) {
    if (!text) return;
    // Clearing first makes a screen reader read a repeated message again.
    this.announcer.textContent = "";
    requestAnimationFrame(() => {
      this.announcer.textContent = text;
    });
  }

  where(record) {
    if (record.x === null) return "";
    const column = Math.min(Math.floor(record.x * 3), 2);
    const row = Math.min(Math.floor(record.y * 3), 2);
    const parts = [`${record.data.label}: ${this.texts.regions[row * 3 + column]}`];
    if (record.angle !== null) parts.push(this.texts.directions[Math.round(record.angle / 45) % 8]);
    return parts.join(", ");
  }

  // --- selection and toolbar -----------------------------------------------------------------

  select(record) {
    if (this.selected && this.selected !== record) this.selected.el.classList.remove("selected");
    this.selected = record;
    record?.el.classList.add("selected");
    this.showSelection();
  }

  showSelection() {
    const record = this.selected;
    this.selectedText.textContent = record?.data
      ? this.texts.selected.replace("{name}", record.data.label)
      : this.texts.nothingSelected;
    for (const button of this.toolbar.querySelectorAll("[data-turn]")) {
      button.disabled = !this.can(record, "turn");
    }
    for (const button of this.toolbar.querySelectorAll("[data-emotion]")) {
      button.disabled = !this.can(record, "emotion");
      button.setAttribute("aria-pressed", String(Boolean(record) && record.emotion === button.dataset.emotion));
    }
  }

  // --- input ---------------------------------------------------------------------------------

  bind() {
    this.svg.addEventListener("pointerdown", (event) => this.pointerDown(event));
    this.svg.addEventListener("pointermove", (event) => this.pointerMove(event));
    this.svg.addEventListener("pointerup", (event) => this.pointerUp(event));
    this.svg.addEventListener("pointercancel", () => this.cancelDrag());
    this.svg.addEventListener("keydown", (event) => this.keyDown(event));
    this.svg.addEventListener("focusin", (event) => this.select(this.recordOf(event.target)));
    this.svg.addEventListener("focusout", (event) => {
      const record = this.recordOf(event.target);
      if (record?.editing) this.commitEdits(record);
    });
    this.toolbar.addEventListener("click", (event) => this.toolbarClick(event));
    document.addEventListener("visibilitychange", () => {
      if (!document.hidden) this.poll();
    });
  }

  recordOf(target) {
    const el = target?.closest?.("g.figure");
    return el ? this.figures.get(el.dataset.id) : null;
  }

  toField(event) {
    const point = new DOMPoint(event.clientX, event.clientY).matrixTransform(this.inverse);
    return [(point.x - this.geo.origin) / this.geo.span, (point.y - this.geo.origin) / this.geo.span];
  }

  pointerDown(event) {
    const record = this.recordOf(event.target);
    this.inverse = this.svg.getScreenCTM().inverse();
    if (!record) {
      this.tapField(event);
      return;
    }
    this.select(record);
    if (!this.canPosition(record) || event.button > 0) return;
    event.preventDefault();
    record.el.setPointerCapture(event.pointerId);
    const [fx, fy] = this.toField(event);
    const [px, py] = this.position(record);
    const x = (px - this.geo.origin) / this.geo.span;
    const y = (py - this.geo.origin) / this.geo.span;
    record.drag = { id: event.pointerId, dx: x - fx, dy: y - fy, sx: event.clientX, sy: event.clientY, moved: false };
    this.dragging = record;
    record.el.classList.add("dragging");
  }

  pointerMove(event) {
    const record = this.dragging;
    if (!record || event.pointerId !== record.drag.id) return;
    const drag = record.drag;
    if (!drag.moved && Math.hypot(event.clientX - drag.sx, event.clientY - drag.sy) < DRAG_START_PX) return;
    drag.moved = true;
    const [fx, fy] = this.toField(event);
    record.x = Math.min(Math.max(fx + drag.dx, -0.04), 1.04);
    record.y = Math.min(Math.max(fy + drag.dy, -0.04), 1.18);
    this.mark(record);
  }

  pointerUp(event) {
    const record = this.dragging;
    if (!record || event.pointerId !== record.drag.id) return;
    this.dragging = null;
    record.el.classList.remove("dragging");
    if (!record.drag.moved) {
      record.el.focus({ preventScroll: true });
      return;
    }
    if (!record.data.placed && !this.onField(record.x, record.y)) {
      this.reset(record);
      return;
    }
    [record.x, record.y] = this.clamp(record.x, record.y);
    this.mark(record);
    this.sendPosition(record);
  }

  cancelDrag() {
    const record = this.dragging;
    if (!record) return;
    this.dragging = null;
    record.el.classList.remove("dragging");
    this.reset(record);
  }

  tapField(event) {
    // Tap a waiting figure, then tap the spot: for small hands that find dragging hard.
    const record = this.selected;
    if (!record || record.data.placed || !this.can(record, "place")) return;
    const [x, y] = this.toField(event);
    if (!this.onField(x, y)) return;
    [record.x, record.y] = this.clamp(x, y);
    this.mark(record);
    this.sendPosition(record);
  }

  onField(x, y) {
    if (this.geo.round) return Math.hypot(x - 0.5, y - 0.5) <= 0.56;
    return x >= -0.03 && x <= 1.03 && y >= -0.03 && y <= 1.03;
  }

  clamp(x, y) {
    let cx = Math.min(Math.max(x, 0), 1);
    let cy = Math.min(Math.max(y, 0), 1);
    if (this.geo.round) {
      const reach = Math.hypot(cx - 0.5, cy - 0.5);
      if (reach > 0.5) {
        cx = 0.5 + ((cx - 0.5) * 0.5) / reach;
        cy = 0.5 + ((cy - 0.5) * 0.5) / reach;
      }
    }
    return [Math.round(cx * 10000) / 10000, Math.round(cy * 10000) / 10000];
  }

  keyDown(event) {
    const record = this.recordOf(event.target);
    if (!record?.data) return;
    const arrows = { ArrowUp: [0, -1], ArrowDown: [0, 1], ArrowLeft: [-1, 0], ArrowRight: [1, 0] };
    if (event.key in arrows && this.canPosition(record)) {
      event.preventDefault();
      const step = event.shiftKey ? FINE_STEP : KEY_STEP;
      const [dx, dy] = arrows[event.key];
      const [x, y] = record.x === null ? [0.5, 0.5] : [record.x + dx * step, record.y + dy * step];
      [record.x, record.y] = this.clamp(x, y);
      this.edit(record);
    } else if ((event.key === "r" || event.key === "R") && this.can(record, "turn")) {
      event.preventDefault();
      record.angle = ((record.angle ?? 0) + (event.shiftKey ? -KEY_TURN : KEY_TURN) + 360) % 360;
      this.edit(record);
    } else if (event.key === "Enter" || event.key === " ") {
      event.preventDefault();
      if (record.x === null && this.can(record, "place")) [record.x, record.y] = [0.5, 0.5];
      this.commitEdits(record);
    } else if (event.key === "Escape" && record.editing) {
      event.preventDefault();
      this.reset(record);
      this.announce(this.texts.takenBack);
    } else if (event.key in EMOTION_KEYS && this.can(record, "emotion")) {
      event.preventDefault();
      this.sendEmotion(record, EMOTION_KEYS[event.key]);
    }
  }

  edit(record) {
    record.editing = true;
    this.mark(record);
    this.announce(`${this.where(record)}. ${this.texts.putDown}`);
  }

  commitEdits(record) {
    const data = record.data;
    record.editing = false;
    const moved = record.x !== null && (!data.placed || record.x !== data.x || record.y !== data.y);
    if (moved && this.canPosition(record)) this.sendPosition(record);
    if (record.angle !== data.angle && record.angle !== null && this.can(record, "turn")) {
      this.send(record, { type: "turn", angle: record.angle });
    }
    if (!moved && record.angle === data.angle) this.reset(record);
  }

  toolbarClick(event) {
    const button = event.target.closest("button");
    const record = this.selected;
    if (!button || !record) return;
    if (button.dataset.turn && this.can(record, "turn")) {
      record.angle = ((record.angle ?? 0) + Number(button.dataset.turn) + 360) % 360;
      this.mark(record);
      this.send(record, { type: "turn", angle: record.angle });
    } else if ("emotion" in button.dataset && this.can(record, "emotion")) {
      this.sendEmotion(record, button.dataset.emotion);
    }
  }

  sendPosition(record) {
    this.send(record, { type: record.data.placed ? "move" : "place", x: record.x, y: record.y });
  }

  sendEmotion(record, emotion) {
    record.emotion = emotion;
    this.mark(record);
    this.showSelection();
    this.send(record, { type: "emotion", emotion });
  }

  // --- talking to the server -------------------------------------------------------------------

  send(record, change) {
    record.pending += 1;
    this.queue.push({ record, body: { figure: record.data.id, client_id: newClientId(), ...change } });
    this.pump();
  }

  async pump() {
    if (this.sending || !this.queue.length) return;
    this.sending = true;
    const { record, body } = this.queue[0];
    let retry = false;
    try {
      const response = await fetch(this.eventUrl, {
        method: "POST",
        headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken(), Accept: "application/json" },
        body: JSON.stringify(body),
        credentials: "same-origin",
      });
      if (response.status >= 500) {
        retry = true;
      } else {
        this.queue.shift();
        record.pending -= 1;
        await this.answered(record, response);
      }
    } catch {
      retry = true;
    }
    this.sending = false;
    if (retry) {
      this.announce(this.texts.offline);
      setTimeout(() => this.pump(), RETRY_MS);
    } else {
      this.pump();
    }
  }

  async answered(record, response) {
    const body = await response.json().catch(() => ({}));
    if (response.ok) {
      this.apply(body, "own");
      this.announce(`${this.texts.saved} ${record.data.description}`);
      return;
    }
    this.announce(body.error || this.texts.refused);
    if (record.data && !record.pending) this.reset(record);
    this.showSelection();
    if (response.status === 404 && this.root.dataset.role === "child") this.finish();
  }

  async poll() {
    clearTimeout(this.timer);
    if (this.stopped) return;
    if (!document.hidden) {
      try {
        const url = `${this.stateUrl}?since=${this.version}`;
        const response = await fetch(url, { headers: { Accept: "application/json" }, cache: "no-store" });
        // A child whose class session ended is sent to the start page: the board is over for them.
        if (response.redirected || response.status === 404) this.finish();
        else if (response.status === 200) this.apply(await response.json(), "poll");
      } catch {
        // Bad wifi: try again at the next tick.
      }
    }
    if (!this.stopped) this.timer = setTimeout(() => this.poll(), this.pollMs);
  }

  finish() {
    if (this.stopped) return;
    this.stopped = true;
    clearTimeout(this.timer);
    if (this.root.dataset.role === "child") {
      this.status.textContent = this.texts.finished;
    } else if (this.state && !this.state.live) {
      // Closed from another device: a classroom screen stops showing the figures at once.
      window.location.reload();
      return;
    }
    for (const record of this.figures.values()) if (record.data) this.decorate(record);
    this.showSelection();
  }
}

const root = document.querySelector("[data-board]");
if (root) new Board(root);
