// The child's form: one question per screen, read aloud, every answer kept on the device until the
// server has it. The server-rendered page works without this script (one form post per answer).
import { AnswerQueue, showStatus } from "./queue.js";
import { speak, speechAvailable } from "./speech.js";

const root = document.getElementById("child-form");
if (root) setUp(root);

function setUp(root) {
  const data = JSON.parse(document.getElementById("form-data").textContent);
  const items = data.items;
  const queue = new AnswerQueue(data.queue, data.endpoint);
  const answers = { ...data.answers };
  // Answers still waiting on this device (given before a reload or while offline) count as given.
  for (const entry of queue.entries) answers[entry.item] = entry.value;

  const el = (name) => root.querySelector(`[data-${name}]`);
  const questionSection = el("question");
  const doneSection = el("done");
  const doneTitle = el("done-title");
  const text = el("text");
  const number = el("number");
  const itemField = el("item");
  const buttons = Array.from(el("answers").querySelectorAll("button.answer"));
  const back = el("back");
  const readButton = el("read");
  const boardHint = el("board-hint");
  const next = el("next");
  const more = !next.hidden;
  const status = root.querySelector("[data-queue-status]");
  const dots = el("dots");
  const progress = el("progress");
  let speaking = false;

  const answered = (item) => answers[item.key] !== undefined && answers[item.key] !== null;
  const firstOpen = () => items.findIndex((item) => !answered(item));
  const wanted = Number(new URLSearchParams(window.location.search).get("q"));
  let index = wanted >= 1 && wanted <= items.length ? wanted - 1 : firstOpen();

  function showProgress() {
    if (progress) progress.value = items.filter(answered).length;
    if (dots) Array.from(dots.children).forEach((dot, i) => dot.classList.toggle("filled", answered(items[i])));
  }

  function readAloud() {
    if (!speaking || index < 0) return;
    const options = data.choices.map((choice) => choice.label).join(". ");
    speak(`${items[index].text} ${options}.`, data.language);
  }

  function showNext() {
    next.hidden = !more || queue.pending > 0;
  }

  function render() {
    showProgress();
    back.hidden = index === 0;
    back.href = `?q=${index < 0 ? items.length : index}`;
    if (index < 0) {
      questionSection.hidden = true;
      doneSection.hidden = false;
      showNext();
      doneTitle.focus();
      return;
    }
    const item = items[index];
    questionSection.hidden = false;
    doneSection.hidden = true;
    text.textContent = item.text;
    number.textContent = number.dataset.template
      .replace("__number__", String(index + 1))
      .replace("__total__", String(items.length));
    itemField.value = item.key;
    for (const button of buttons) {
      const chosen = Number(button.value) === answers[item.key];
      button.classList.toggle("chosen", chosen);
      button.setAttribute("aria-pressed", chosen ? "true" : "false");
    }
    if (data.readAloud) readAloud();
  }

  function choose(value) {
    const item = items[index];
    answers[item.key] = value;
    queue.add({ item: item.key, value });
    index = index + 1 < items.length ? index + 1 : firstOpen();
    render();
    if (index >= 0) text.focus({ preventScroll: true });
  }

  text.tabIndex = -1;
  el("form").addEventListener("submit", (event) => {
    event.preventDefault();
    const value = Number(event.submitter?.value);
    if (Number.isInteger(value)) choose(value);
  });
  back.addEventListener("click", (event) => {
    event.preventDefault();
    index = index < 0 ? items.length - 1 : Math.max(index - 1, 0);
    render();
  });
  readButton.addEventListener("click", () => readAloud());
  queue.addEventListener("change", (event) => {
    showStatus(status, event.detail.state, event.detail.message);
    if (index < 0) showNext();
  });
  showStatus(status, queue.state);

  speechAvailable().then((available) => {
    speaking = available;
    readButton.hidden = !available;
    if (boardHint) boardHint.hidden = available;
    if (available && data.readAloud) readAloud();
  });
  render();
  queue.flush();
}
