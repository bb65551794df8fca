// Session mode: a timer for a Banking Time session on a tablet.
// The page works without it (the teacher notes the minutes); with it, the timer counts down the
// planned minutes, says gently when time is up, keeps counting, and fills in the minutes for
// the log. Time is read from Date.now(), so a tablet that sleeps for a moment keeps the right time.

const root = document.querySelector("[data-bt-session]");

function two(n) {
  return String(n).padStart(2, "0");
}

function clockText(milliseconds) {
  const seconds = Math.floor(Math.abs(milliseconds) / 1000);
  const text = `${two(Math.floor(seconds / 60))}:${two(seconds % 60)}`;
  return milliseconds < 0 ? `+${text}` : text;
}

function setUp(root) {
  const planned = Number(root.dataset.minutes) * 60 * 1000;
  const clock = root.querySelector("[data-clock]");
  const status = root.querySelector("[data-status]");
  const buttons = root.querySelector("[data-buttons]");
  const start = buttons.querySelector('[data-action="start"]');
  const pause = buttons.querySelector('[data-action="pause"]');
  const finish = buttons.querySelector('[data-action="finish"]');
  const minutes = root.querySelector('input[name="minutes"]');
  const logHeading = root.querySelector("#bt-log-title");
  const form = root.querySelector("form");

  let startedAt = null; // Date.now() when the clock last started running
  let before = 0; // milliseconds counted before the last pause
  let ticking = null;
  let timeUpSaid = false;
  let used = false;

  const elapsed = () => before + (startedAt === null ? 0 : Date.now() - startedAt);

  function say(text) {
    status.textContent = text;
  }

  function render() {
    const left = planned - elapsed();
    clock.textContent = clockText(left);
    root.classList.toggle("bt-time-up", left <= 0);
    if (left <= 0 && !timeUpSaid) {
      timeUpSaid = true;
      say(root.dataset.textUp);
    }
    if (used) {
      minutes.value = String(Math.max(1, Math.round(elapsed() / 60000)));
    }
  }

  function run() {
    used = true;
    startedAt = Date.now();
    ticking = window.setInterval(render, 250);
    start.hidden = true;
    pause.hidden = false;
    finish.hidden = false;
    root.classList.add("bt-running");
    if (!timeUpSaid) say(root.dataset.textRunning);
    render();
  }

  function hold() {
    before = elapsed();
    startedAt = null;
    window.clearInterval(ticking);
    ticking = null;
    root.classList.remove("bt-running");
    render();
  }

  start.addEventListener("click", run);
  pause.addEventListener("click", () => {
    hold();
    pause.hidden = true;
    start.hidden = false;
    say(root.dataset.textPaused);
  });
  finish.addEventListener("click", () => {
    hold();
    used = false; // the minutes are filled in; from here the teacher may still correct them
    start.hidden = true;
    pause.hidden = true;
    finish.hidden = true;
    say(root.dataset.textDone);
    logHeading.scrollIntoView({ block: "start" });
    logHeading.focus({ preventScroll: true });
  });
  form.addEventListener("submit", () => {
    if (ticking !== null) render();
  });

  buttons.hidden = false;
  root.classList.add("js");
}

if (root) setUp(root);
