/* Learning pages: "Nghe" reads the lesson aloud with the browser's speech synthesis (a
   Vietnamese voice when the phone has one), and "In bài" prints the handout. Without
   JavaScript or speech synthesis the buttons stay hidden and the page still works. */
(function () {
  "use strict";

  function vietnameseVoice(synth) {
    var voices = synth.getVoices();
    for (var i = 0; i < voices.length; i++) {
      if (voices[i].lang && voices[i].lang.replace("_", "-").toLowerCase().indexOf("vi") === 0) {
        return voices[i];
      }
    }
    return null;
  }

  function setUpSpeech(button) {
    var synth = window.speechSynthesis;
    var label = button.textContent;
    var target = document.querySelector(button.getAttribute("data-speak"));
    if (!target) { return; }
    var reading = null;

    function stop() {
      synth.cancel();
      if (reading) { reading.classList.remove("reading"); reading = null; }
      button.textContent = label;
      button.setAttribute("aria-pressed", "false");
    }

    button.hidden = false;
    button.addEventListener("click", function () {
      if (button.getAttribute("aria-pressed") === "true") { stop(); return; }
      var parts = target.querySelectorAll("[data-read]");
      var voice = vietnameseVoice(synth);
      var note = document.querySelector("[data-no-voice]");
      if (note) { note.hidden = voice !== null; }
      button.textContent = button.getAttribute("data-stop");
      button.setAttribute("aria-pressed", "true");
      parts.forEach(function (part, index) {
        var utterance = new window.SpeechSynthesisUtterance(part.textContent.trim());
        utterance.lang = "vi-VN";
        utterance.rate = 0.9;
        if (voice) { utterance.voice = voice; }
        utterance.onstart = function () {
          if (reading) { reading.classList.remove("reading"); }
          reading = part.closest("li") || part;
          reading.classList.add("reading");
        };
        if (index === parts.length - 1) { utterance.onend = stop; }
        synth.speak(utterance);
      });
    });
  }

  if ("speechSynthesis" in window && "SpeechSynthesisUtterance" in window) {
    document.querySelectorAll("[data-speak]").forEach(setUpSpeech);
  }
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
}());
