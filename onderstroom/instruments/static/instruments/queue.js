// The answer queue on the device, shared by the teacher's grid and the child's form.
//
// Every answer gets its own client id and waits in the outbox (onderstroom/outbox.js) until the
// server confirms it; the server stores each client id once.
import { newId, Outbox } from "../onderstroom/outbox.js";

export class AnswerQueue extends Outbox {
  constructor(storageKey, endpoint) {
    super(storageKey, endpoint, { batch: 200, retryMs: 3000 });
  }

  add(fields) {
    return this.push({ client_id: newId(), answered_at: Date.now(), ...fields });
  }

  body(batch) {
    return { answers: batch };
  }

  // The server replies { stored: [client ids], rejected: { client id: reason } }: the outbox's default.
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
