// The teacher's rating grid: one key per answer, saved at once, the cursor moves on by itself.
//
// Keys: an answer key (1-5) answers and moves on; arrows, Home and End move; Delete or Backspace
// clears; Enter skips; Escape leaves the grid. Without this script the grid is a plain form.
import { AnswerQueue, showStatus } from "../instruments/queue.js";

const form = document.getElementById("rating-form");
if (form) setUp(form);

function fill(text, name) {
  const filled = text.replaceAll("{child}", name);
  return filled.charAt(0).toUpperCase() + filled.slice(1);
}

function setUp(form) {
  const closed = form.hasAttribute("data-closed");
  const keys = new Set(form.dataset.keys.split(""));
  const columns = JSON.parse(document.getElementById("grid-columns").textContent);
  const rows = Array.from(form.querySelectorAll("tbody tr"));
  const grid = rows.map((row) => Array.from(row.querySelectorAll("input.cell")));
  const status = document.querySelector("[data-queue-status]");
  const progress = document.getElementById("rate-progress");
  const progressText = document.querySelector("[data-progress-text]");
  const current = document.querySelector("[data-current]");
  const where = document.querySelector("[data-current-where]");
  const statement = document.querySelector("[data-current-text]");
  const exit = document.getElementById("grid-exit");
  const total = grid.length * columns.length;

  grid.forEach((cells, r) =>
    cells.forEach((cell, c) => {
      cell.dataset.row = r;
      cell.dataset.col = c;
    }),
  );
  form.classList.add("enhanced");

  const queue = new AnswerQueue(form.dataset.queue, form.dataset.endpoint);
  const cellFor = (child, item) => {
    const r = rows.findIndex((row) => row.dataset.child === child);
    return r < 0 ? null : grid[r].find((cell) => cell.dataset.item === item) || null;
  };
  // Answers typed before a reload that have not reached the server yet: show them again.
  for (const entry of queue.entries) {
    const cell = cellFor(entry.child, entry.item);
    if (cell) {
      cell.value = entry.value === null ? "" : String(entry.value);
      cell.dataset.state = "pending";
    }
  }

  function pendingKeys() {
    return new Set(queue.entries.map((entry) => `${entry.child}/${entry.item}`));
  }

  // A cell whose answer left the queue is saved, unless the server refused that answer (a closed
  // moment): then it says so, and a screen reader hears the cell is invalid.
  function refreshStates(dropped = new Set()) {
    const waiting = pendingKeys();
    grid.forEach((cells, r) =>
      cells.forEach((cell) => {
        const key = `${rows[r].dataset.child}/${cell.dataset.item}`;
        if (cell.dataset.state === "pending" && !waiting.has(key)) {
          cell.dataset.state = dropped.has(key) ? "refused" : "saved";
          if (dropped.has(key)) cell.setAttribute("aria-invalid", "true");
          else cell.removeAttribute("aria-invalid");
        }
      }),
    );
  }

  function updateCounts() {
    let done = 0;
    grid.forEach((cells, r) => {
      const filled = cells.filter((cell) => cell.value !== "").length;
      rows[r].querySelector("[data-count]").textContent = String(filled);
      done += filled;
    });
    progress.value = done;
    progressText.textContent = form.dataset.progressTemplate
      .replace("__done__", String(done))
      .replace("__total__", String(total));
  }

  function describe(cell) {
    const row = rows[Number(cell.dataset.row)];
    const column = columns[Number(cell.dataset.col)];
    where.textContent = form.dataset.whereTemplate
      .replace("__child__", row.dataset.name)
      .replace("__number__", String(column.number))
      .replace("__total__", String(columns.length));
    statement.textContent = fill(column.text, row.dataset.name);
    current.hidden = false;
  }

  function move(r, c) {
    const width = columns.length;
    let index = r * width + c;
    index = Math.max(0, Math.min(index, total - 1));
    grid[Math.floor(index / width)][index % width].focus();
  }

  function answer(cell, value) {
    cell.value = value === null ? "" : String(value);
    cell.dataset.state = "pending";
    const row = rows[Number(cell.dataset.row)];
    queue.add({ child: row.dataset.child, item: cell.dataset.item, value });
    updateCounts();
  }

  form.addEventListener("keydown", (event) => {
    const cell = event.target;
    if (!(cell instanceof HTMLInputElement) || !cell.classList.contains("cell")) return;
    const r = Number(cell.dataset.row);
    const c = Number(cell.dataset.col);
    const last = columns.length - 1;
    const moves = {
      ArrowRight: () => move(r, c + 1),
      ArrowLeft: () => move(r, c - 1),
      ArrowDown: () => r + 1 < grid.length && move(r + 1, c),
      ArrowUp: () => r > 0 && move(r - 1, c),
      Home: () => move(r, 0),
      End: () => move(r, last),
      Enter: () => move(r, c + 1),
      Escape: () => exit.focus(),
    };
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (moves[event.key]) {
      event.preventDefault();
      moves[event.key]();
    } else if (event.key === "Delete" || event.key === "Backspace") {
      event.preventDefault();
      if (!closed && cell.value !== "") answer(cell, null);
    } else if (keys.has(event.key)) {
      event.preventDefault();
      if (closed) return;
      answer(cell, Number(event.key));
      move(r, c + 1);
    } else if (event.key.length === 1) {
      event.preventDefault(); // only answer keys go into a cell
    }
  });
  form.addEventListener("focusin", (event) => {
    if (event.target instanceof HTMLInputElement && event.target.classList.contains("cell")) describe(event.target);
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    queue.flush();
  });
  queue.addEventListener("change", (event) => {
    refreshStates(new Set((event.detail.dropped || []).map((entry) => `${entry.child}/${entry.item}`)));
    showStatus(status, event.detail.state, event.detail.message);
  });

  showStatus(status, queue.state);
  updateCounts();
  queue.flush();
  if (!closed) {
    const firstEmpty = grid.flat().find((cell) => cell.value === "");
    (firstEmpty || grid[0]?.[0])?.focus();
  }
}
