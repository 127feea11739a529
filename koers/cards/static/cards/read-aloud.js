// Read-aloud buttons: the browser's own speech synthesis, a Dutch voice when there is one.
// Without speech synthesis the buttons stay hidden and the page works as before.
(function () {
  "use strict";
  if (!("speechSynthesis" in window) || typeof SpeechSynthesisUtterance === "undefined") {
    return;
  }
  var synth = window.speechSynthesis;

  function dutchVoice() {
    var voices = synth.getVoices() || [];
    for (var i = 0; i < voices.length; i++) {
      if (/^nl(-|_|$)/i.test(voices[i].lang)) {
        return voices[i];
      }
    }
    return null;
  }

  function speak(text) {
    synth.cancel();
    var utterance = new SpeechSynthesisUtterance(text);
    utterance.lang = "nl-NL";
    utterance.rate = 0.9;
    var voice = dutchVoice();
    if (voice) {
      utterance.voice = voice;
    }
    synth.speak(utterance);
  }

  function textOf(ids) {
    return ids
      .split(/\s+/)
      .map(function (id) {
        var node = document.getElementById(id);
        return node ? node.textContent.replace(/\s+/g, " ").trim() : "";
      })
      .filter(Boolean)
      .join(". ");
  }

  function setUp() {
    var buttons = document.querySelectorAll("button[data-read-aloud]");
    Array.prototype.forEach.call(buttons, function (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        speak(textOf(button.getAttribute("data-read-aloud")));
      });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
