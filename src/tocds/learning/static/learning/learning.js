/* Learning pages, progressive enhancement only (each page works without JavaScript):
   - "Nghe" reads the lesson aloud: a step's recording in the chosen language when there is one
     (Vietnamese or a language of the province), else, in Vietnamese, the browser's speech
     synthesis (a vi-VN voice when the phone has one);
   - a recording played once is kept with the Cache API and played from there when the network
     is gone (lessons themselves are not cached offline: see docs/learning.md);
   - "In bài" prints the handout;
   - on a phone the self-check shows one question at a time. */
(function () {
  "use strict";

  var AUDIO_CACHE = "tocds-learning-audio-v1";

  function vietnameseVoice(synth) {
    var voices = synth.getVoices();
    for (var i = 0; i < voices.length; i++) {
      if (voices[i].lang && voices[i].lang.replace("_", "-").toLowerCase().indexOf("vi") === 0) {
        return voices[i];
      }
    }
    return null;
  }

  var hasSpeech = "speechSynthesis" in window && "SpeechSynthesisUtterance" in window;

  // Recordings: kept for offline use once played --------------------------------------------

  function keepForOffline(audio) {
    if (!("caches" in window) || !audio.currentSrc) { return; }
    var url = audio.currentSrc;
    window.caches.open(AUDIO_CACHE).then(function (cache) {
      return cache.match(url).then(function (found) {
        return found || cache.add(url);
      });
    }).catch(function () { /* storage full or refused: it simply plays online */ });
  }

  function playFromCache(audio) {
    if (!("caches" in window) || audio.getAttribute("data-from-cache")) { return; }
    var url = audio.getAttribute("src");
    var absolute = new URL(url, window.location.href).href;
    window.caches.open(AUDIO_CACHE).then(function (cache) {
      return cache.match(absolute);
    }).then(function (response) {
      if (!response) { return null; }
      return response.blob();
    }).then(function (blob) {
      if (!blob) { return; }
      audio.setAttribute("data-from-cache", "1");
      audio.src = URL.createObjectURL(blob);
      audio.play().catch(function () {});
    }).catch(function () {});
  }

  document.querySelectorAll("audio[data-audio]").forEach(function (audio) {
    audio.addEventListener("play", function () { keepForOffline(audio); });
    audio.addEventListener("error", function () { playFromCache(audio); });
  });

  // "Nghe": the chosen language, step by step ------------------------------------------------

  var choice = document.querySelector("[data-listen-lang]");

  function chosenLanguage() {
    return choice ? choice.value : "vi";
  }

  function showRecordingsOf(code) {
    document.querySelectorAll(".recording[data-lang]").forEach(function (row) {
      row.hidden = row.getAttribute("data-lang") !== code;
    });
  }

  if (choice) {
    var recorded = {};
    document.querySelectorAll("audio[data-audio]").forEach(function (audio) {
      recorded[audio.getAttribute("data-audio")] = true;
    });
    if (!hasSpeech && !recorded.vi) {
      var vi = choice.querySelector("option[value=vi]");
      if (vi) { vi.remove(); }
    }
    var remembered = null;
    try { remembered = window.localStorage.getItem("tocds-listen-lang"); } catch (e) { /* private mode */ }
    if (remembered && choice.querySelector("option[value='" + remembered + "']")) {
      choice.value = remembered;
    }
    choice.closest("[data-listen-choice]").hidden = false;
    showRecordingsOf(chosenLanguage());
    choice.addEventListener("change", function () {
      showRecordingsOf(chosenLanguage());
      try { window.localStorage.setItem("tocds-listen-lang", chosenLanguage()); } catch (e) { /* ignore */ }
    });
  }

  function setUpListening(button) {
    var synth = hasSpeech ? window.speechSynthesis : null;
    var label = button.textContent;
    var target = document.querySelector(button.getAttribute("data-speak"));
    if (!target) { return; }
    var reading = null;
    var playing = null;
    var run = 0;

    function mark(part) {
      if (reading) { reading.classList.remove("reading"); }
      reading = part.closest("li") || part;
      reading.classList.add("reading");
    }

    function stop() {
      run += 1;
      if (synth) { synth.cancel(); }
      if (playing) { playing.pause(); playing = null; }
      if (reading) { reading.classList.remove("reading"); reading = null; }
      button.textContent = label;
      button.setAttribute("aria-pressed", "false");
    }

    function next(parts, index, code, voice, thisRun) {
      if (thisRun !== run) { return; }
      if (index >= parts.length) { stop(); return; }
      var part = parts[index];
      var item = part.closest("li");
      var audio = item ? item.querySelector("audio[data-audio='" + code + "']") : null;
      var go = function () { next(parts, index + 1, code, voice, thisRun); };
      if (audio) {
        mark(part);
        playing = audio;
        audio.currentTime = 0;
        audio.addEventListener("ended", go, { once: true });
        audio.play().catch(go);
      } else if (code.indexOf("vi") === 0 && synth) {
        var utterance = new window.SpeechSynthesisUtterance(part.textContent.trim());
        utterance.lang = "vi-VN";
        utterance.rate = 0.9;
        if (voice) { utterance.voice = voice; }
        utterance.onstart = function () { mark(part); };
        utterance.onend = go;
        utterance.onerror = go;
        synth.speak(utterance);
      } else {
        go();  // no recording of this part in that language
      }
    }

    if (!synth && !document.querySelector("audio[data-audio]")) { return; }
    button.hidden = false;
    button.addEventListener("click", function () {
      if (button.getAttribute("aria-pressed") === "true") { stop(); return; }
      var code = chosenLanguage();
      var voice = synth ? vietnameseVoice(synth) : null;
      var note = document.querySelector("[data-no-voice]");
      if (note) { note.hidden = !synth || code !== "vi" || voice !== null; }
      button.textContent = button.getAttribute("data-stop");
      button.setAttribute("aria-pressed", "true");
      run += 1;
      next(target.querySelectorAll("[data-read]"), 0, code, voice, run);
    });
  }

  document.querySelectorAll("[data-speak]").forEach(setUpListening);
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });

  // The self-check on a phone: one question at a time ----------------------------------------

  function oneByOne(form) {
    var questions = Array.prototype.slice.call(form.querySelectorAll("fieldset.question"));
    if (questions.length < 2 || !window.matchMedia("(max-width: 48rem)").matches) { return; }
    var progress = form.querySelector("[data-quiz-progress]");
    var nav = form.querySelector("[data-quiz-nav]");
    var previous = form.querySelector("[data-quiz-prev]");
    var following = form.querySelector("[data-quiz-next]");
    var submit = form.querySelector("button[type=submit]");
    var template = form.getAttribute("data-progress");
    var last = questions.length - 1;
    var firstError = questions.findIndex(function (q) { return q.classList.contains("has-error"); });
    var current = firstError >= 0 ? firstError : 0;

    function show(index, focus) {
      current = index;
      questions.forEach(function (question, i) { question.hidden = i !== index; });
      previous.hidden = index === 0;
      following.hidden = index === last;
      submit.hidden = index !== last;
      progress.textContent = template.replace("{n}", index + 1).replace("{total}", questions.length);
      if (focus) {
        questions[index].focus();
        questions[index].scrollIntoView({ block: "start" });
      }
    }

    form.classList.add("one-by-one");
    progress.hidden = false;
    nav.hidden = false;
    previous.addEventListener("click", function () { show(Math.max(current - 1, 0), true); });
    following.addEventListener("click", function () { show(Math.min(current + 1, last), true); });
    show(current, false);
  }

  document.querySelectorAll("form[data-one-by-one]").forEach(oneByOne);
}());
