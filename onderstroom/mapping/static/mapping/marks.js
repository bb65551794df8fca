// Relationship mapping: one tap, or Space/Enter on a focused child, marks or unmarks; arrow keys move.
// Every change goes through the shared outbox (core/outbox.js): it waits on the device until the
// server confirms its client id, and the server applies each client id once.
import { newId, Outbox } from "../onderstroom/outbox.js";

class MarkOutbox extends Outbox {
  body(batch) {
    return { marks: batch };
  }
}

const grids = Array.from(document.querySelectorAll(".mapping-grid[data-endpoint]"));
const status = document.querySelector(".mapping-status");
const counter = document.querySelector("[data-count]");

if (grids.length) {
  const first = grids[0];
  const outbox = new MarkOutbox(first.dataset.store, first.dataset.endpoint);
  const buttons = Array.from(document.querySelectorAll(".mapping-child"));

  const show = (state, detail = {}) => {
    if (!status) return;
    if (state === "offline" || state === "signed-out") status.textContent = status.dataset.offline;
    else if (state === "saving") status.textContent = status.dataset.saving;
    else if (state === "refused") status.textContent = `${status.dataset.refused} ${detail.message || ""}`;
    else status.textContent = status.dataset.saved;
  };
  outbox.addEventListener("change", (event) => show(event.detail.state, event.detail));

  // Entries still waiting from an earlier visit show as they will be.
  for (const entry of outbox.entries) {
    const button = buttons.find((b) => b.dataset.child === entry.child);
    if (button) setMarked(button, entry.marked);
  }

  function setMarked(button, marked) {
    button.classList.toggle("marked", marked);
    button.setAttribute("aria-pressed", marked ? "true" : "false");
    button.value = `${button.dataset.child}:${marked ? "0" : "1"}`;
    if (counter) counter.textContent = String(buttons.filter((b) => b.classList.contains("marked")).length);
  }

  function toggle(button) {
    if (button.disabled) return;
    const marked = button.getAttribute("aria-pressed") !== "true";
    setMarked(button, marked);
    outbox.push({ client_id: newId(), child: button.dataset.child, marked });
  }

  for (const grid of grids) {
    grid.addEventListener("submit", (event) => event.preventDefault());
  }
  buttons.forEach((button, index) => {
    button.addEventListener("click", (event) => {
      event.preventDefault();
      toggle(button);
    });
    button.addEventListener("keydown", (event) => {
      let next = null;
      if (event.key === "ArrowRight" || event.key === "ArrowDown") next = buttons[index + 1];
      else if (event.key === "ArrowLeft" || event.key === "ArrowUp") next = buttons[index - 1];
      if (next) {
        event.preventDefault();
        next.focus();
      }
    });
  });
  if (outbox.pending) outbox.flush();
}
