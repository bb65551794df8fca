// The child's question about adults: read aloud (groups 3 and 4) with the browser's own voice.
import { speak } from "../instruments/speech.js";

const form = document.querySelector(".mapping-child-form");
const button = form && form.querySelector("[data-action=speak]");
if (form && button) {
  button.addEventListener("click", () => {
    const text = Array.from(form.querySelectorAll("[data-say]"), (el) => el.textContent.trim()).join(" ");
    speak(text, form.dataset.lang || "nl");
  });
}
// "Nobody" is an answer of its own: choosing it clears the adults ticked before.
const nobody = form && form.querySelector("button[name=nobody]");
if (nobody) {
  nobody.addEventListener("click", () => {
    form.querySelectorAll("input[name=adult]").forEach((input) => {
      input.checked = false;
    });
  });
}
