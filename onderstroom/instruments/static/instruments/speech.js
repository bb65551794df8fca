// Reading questions aloud with the browser's own speech synthesis (a Dutch voice when there is one).
// Nothing leaves the device. Where the browser cannot speak, `available` resolves to false and the
// form tells the child to listen to the teacher reading from the board.

const WAIT_FOR_VOICES_MS = 1500;

function voices() {
  return window.speechSynthesis ? window.speechSynthesis.getVoices() : [];
}

export function speechAvailable() {
  if (!window.speechSynthesis || typeof window.SpeechSynthesisUtterance !== "function") {
    return Promise.resolve(false);
  }
  if (voices().length) return Promise.resolve(true);
  return new Promise((resolve) => {
    const done = () => resolve(voices().length > 0);
    window.speechSynthesis.addEventListener("voiceschanged", done, { once: true });
    window.setTimeout(done, WAIT_FOR_VOICES_MS);
  });
}

export function speak(text, language) {
  if (!window.speechSynthesis) return;
  const wanted = language.startsWith("en") ? "en" : "nl";
  const utterance = new window.SpeechSynthesisUtterance(text);
  utterance.lang = wanted === "nl" ? "nl-NL" : "en-GB";
  const voice = voices().find((v) => v.lang.toLowerCase().startsWith(wanted));
  if (voice) utterance.voice = voice;
  utterance.rate = 0.9;
  window.speechSynthesis.cancel();
  window.speechSynthesis.speak(utterance);
}
