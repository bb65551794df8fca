// The one-tap logger: pick a child, tap what happened. Without this script the same form posts one
// tap per submit; with it, taps go into the device queue (queue.js) and the page never reloads.

import { TapQueue } from "./queue.js";

const form = document.getElementById("logger");

function fill(template, values) {
  return Object.entries(values).reduce((text, [key, value]) => text.replaceAll(`{${key}}`, value), template);
}

function setUp() {
  const legend = document.getElementById("kind-legend");
  const done = document.getElementById("tap-done");
  const undo = document.getElementById("tap-undo");
  const state = document.getElementById("queue-state");
  const queue = new TapQueue(form.dataset.storage, form.dataset.endpoint);
  let last = null; // { id, text } of the last tap, while it may still be undone

  form.querySelector(".logger-status").hidden = false;

  function chosen() {
    return form.querySelector('input[name="child"]:checked');
  }

  function showChoice() {
    const child = chosen();
    legend.textContent = child ? fill(legend.dataset.what, { name: child.dataset.name }) : legend.dataset.choose;
  }

  function confirm(text) {
    done.textContent = text;
    // Restart the highlight so that two taps in a row both show.
    done.classList.remove("flash");
    void done.offsetWidth;
    done.classList.add("flash");
  }

  // The queue's state in the logger's words. A 403 is the session that ended (taking the CSRF cookie
  // along) or a stale token: signing in again helps. A tap the server rejected is shown as refused.
  function showQueue(detail) {
    const n = String(detail.pending);
    let wanted = { saved: "sent", saving: "pending" }[detail.state] || detail.state;
    let message = detail.message || "";
    if (wanted === "offline" && detail.status === 403) wanted = "signed-out";
    if (detail.rejected?.length) [wanted, message] = ["refused", detail.rejected[0]];
    const texts = {
      sent: state.dataset.sent,
      pending: fill(state.dataset.pending, { n }),
      offline: fill(state.dataset.offline, { n }),
      "signed-out": fill(state.dataset.signedOut, { n }),
      refused: fill(state.dataset.refused, { message }),
    };
    state.textContent = texts[wanted] || "";
    state.dataset.state = wanted;
    state.dataset.pendingCount = n;
  }

  form.addEventListener("change", showChoice);

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const child = chosen();
    const button = event.submitter;
    if (!button || button.name !== "kind") return;
    if (!child) {
      confirm(done.dataset.chooseFirst);
      return;
    }
    const entry = queue.add(child.value, button.value);
    last = { id: entry.id, text: fill(button.dataset.done, { name: child.dataset.name }) };
    confirm(last.text);
    undo.hidden = false;
    child.checked = false;
    showChoice();
  });

  undo.addEventListener("click", () => {
    if (!last) return;
    queue.undo(last.id);
    confirm(fill(done.dataset.undone, { what: last.text }));
    last = null;
    undo.hidden = true; // one undo, for the last tap only: a second press must not remove an older one
  });

  queue.addEventListener("change", (event) => showQueue(event.detail));
  showQueue({ state: queue.state, pending: queue.pending });
  queue.flush();
}

if (form) setUp();
