// The tap queue on the device: nothing tapped is lost on bad wifi, and nothing is stored twice.
//
// Every tap gets its own id and the device's time, and waits in the outbox (onderstroom/outbox.js)
// until the server has confirmed it. An undo of a tap that never left the device simply drops it; an
// undo of a tap that may have reached the server is queued like a tap, behind it.
import { newId, Outbox } from "../onderstroom/outbox.js";

export class TapQueue extends Outbox {
  constructor(storageKey, endpoint) {
    super(storageKey, endpoint, { batch: 100, retryMs: 4000 });
    this.lastAt = 0;
  }

  // An add and its undo share the tap's id; the server confirms "add:<id>" and "undo:<id>".
  keyOf(entry) {
    return `${entry.op}:${entry.id}`;
  }

  body(batch) {
    return { ops: batch.map(({ tried, ...op }) => op) };
  }

  confirmed(reply) {
    return { done: reply.done || [], rejected: reply.rejected || {} };
  }

  // From now on the server may have these taps, even if no reply arrives: an undo must be sent.
  beforeSend(batch) {
    const sent = new Set(batch.map((entry) => this.keyOf(entry)));
    this.save(this.entries.map((entry) => (sent.has(this.keyOf(entry)) ? { ...entry, tried: true } : entry)));
  }

  // The device's clock, made strictly increasing so that taps keep their order on the server.
  now() {
    this.lastAt = Math.max(Date.now(), this.lastAt + 1);
    return this.lastAt;
  }

  add(child, kind) {
    return this.push({ op: "add", id: newId(), child, kind, at: this.now() });
  }

  undo(id) {
    const entries = this.entries;
    const waiting = entries.find((entry) => entry.op === "add" && entry.id === id);
    if (waiting && !waiting.tried) {
      // Never sent: the server has never heard of it, so forgetting it is the whole undo.
      this.save(entries.filter((entry) => entry !== waiting));
      this.report(this.pending ? "saving" : "saved");
      this.flush();
      return;
    }
    this.push({ op: "undo", id });
  }
}
