/* Sổ tay chuyên đề: small progressive enhancements, no third-party code. Every page works without it.
   - A−/A+: a larger reading column (remembered on this device);
   - "Nghe": read the text aloud with the device's Vietnamese voice (Dừng, Tạm dừng/Tiếp tục, tốc độ);
   - filters folded under "Lọc" on phones, opened on wide screens;
   - offline: registers the service worker (/sw.js), tells it whose copies are current, asks it to keep the
     materials listed on "Học tập của tôi", clears them at logout, and lists them on the offline page. */
(function () {
  "use strict";
  var root = document.documentElement;
  var body = document.body;

  function store(key, value) { try { if (value === undefined) return localStorage.getItem(key); localStorage.setItem(key, value); } catch (e) { return null; } return null; }

  /* -- text size: the reading column only --------------------------------------------------- */
  var SIZES = ["", "text-lg", "text-xl"];
  function applySize(size) {
    SIZES.forEach(function (s) { if (s) root.classList.remove(s); });
    if (size) root.classList.add(size);
  }
  var saved = store("sotay-text-size") || "";
  if (SIZES.indexOf(saved) < 0) saved = "";
  applySize(saved);
  document.querySelectorAll("[data-text-size]").forEach(function (btn) {
    btn.hidden = false;
    btn.addEventListener("click", function () {
      var cur = SIZES.indexOf(store("sotay-text-size") || "");
      if (cur < 0) cur = 0;
      var next = btn.getAttribute("data-text-size") === "up" ? Math.min(cur + 1, 2) : Math.max(cur - 1, 0);
      applySize(SIZES[next]);
      store("sotay-text-size", SIZES[next]);
    });
  });

  /* -- wide screens open folded filters ------------------------------------------------------ */
  if (window.matchMedia && window.matchMedia("(min-width: 48rem)").matches) {
    document.querySelectorAll("details[data-open-wide]").forEach(function (d) { d.open = true; });
  }

  /* -- date-time pickers: the chosen time written out as hh:mm dd/mm/yyyy ---------------------- */
  document.querySelectorAll("input[type=datetime-local][data-echo]").forEach(function (input) {
    var out = document.createElement("output");
    out.className = "meta datetime-echo";
    out.setAttribute("for", input.id);
    input.insertAdjacentElement("afterend", out);
    function show() {
      var m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(input.value || "");
      out.textContent = m ? "→ " + m[4] + ":" + m[5] + " " + m[3] + "/" + m[2] + "/" + m[1] : "";
    }
    input.addEventListener("input", show);
    input.addEventListener("change", show);
    show();
  });

  /* -- confirmations (cancel a meeting…) ----------------------------------------------------- */
  document.querySelectorAll("form[data-confirm]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (!window.confirm(form.getAttribute("data-confirm"))) event.preventDefault();
    });
  });

  /* -- "Nghe": speech synthesis ------------------------------------------------------------- */
  var synth = window.speechSynthesis;

  function chunks(text) {
    // Chromium stops long utterances after ~15 s: read sentence by sentence, 220 characters at most.
    var out = [];
    text.split(/\n+/).forEach(function (para) {
      var sentences = para.replace(/\s+/g, " ").trim().match(/[^.!?;:…]+[.!?;:…]*\s*/g) || [];
      var buf = "";
      sentences.forEach(function (s) {
        while (s.length > 220) {
          var cut = s.lastIndexOf(" ", 220);
          if (cut < 40) cut = 220;
          if (buf) { out.push(buf.trim()); buf = ""; }
          out.push(s.slice(0, cut).trim());
          s = s.slice(cut);
        }
        if ((buf + s).length > 220) { out.push(buf.trim()); buf = ""; }
        buf += s;
      });
      if (buf.trim()) out.push(buf.trim());
    });
    return out.filter(function (c) { return c.length > 0; });
  }

  function vietnameseVoice() {
    return new Promise(function (resolve) {
      function pick() {
        return synth.getVoices().filter(function (v) { return v.lang && v.lang.toLowerCase().replace("_", "-").indexOf("vi") === 0; })[0] || null;
      }
      var voice = pick();
      if (voice || synth.getVoices().length) { resolve(voice); return; }
      var done = false;
      function finish() { if (!done) { done = true; resolve(pick()); } }
      if (synth.addEventListener) synth.addEventListener("voiceschanged", finish);
      setTimeout(finish, 1200);
    });
  }

  var active = null;  // the player that is speaking now (one at a time)

  function Player(box) {
    this.box = box;
    this.button = box.querySelector("[data-listen]");
    this.pauseBtn = box.querySelector("[data-listen-pause]");
    this.speed = box.querySelector("[data-listen-speed]");
    this.status = box.querySelector("[data-listen-status]");
    this.labels = box.dataset;
    this.parts = [];
    this.index = 0;
    this.run = 0;
    var self = this;
    this.button.hidden = false;
    if (this.speed) {
      this.speed.closest("[data-listen-speed-box]").hidden = false;
      this.speed.value = store("sotay-speech-rate") || this.speed.value;
      this.speed.addEventListener("change", function () {
        store("sotay-speech-rate", self.speed.value);
        if (self.playing()) { synth.cancel(); self.speak(++self.run); }
      });
    }
    this.button.addEventListener("click", function (event) {
      event.preventDefault();
      if (self.playing()) self.stop(); else self.start();
    });
    if (this.pauseBtn) this.pauseBtn.addEventListener("click", function () {
      if (synth.paused) { synth.resume(); self.pauseBtn.textContent = self.labels.labelPause; }
      else { synth.pause(); self.pauseBtn.textContent = self.labels.labelResume; }
    });
  }
  Player.prototype.playing = function () { return active === this; };
  Player.prototype.say = function (text) { if (this.status) this.status.textContent = text || ""; };
  Player.prototype.text = function () {
    var remote = this.button.getAttribute("data-listen-url");
    if (!remote) {
      var target = document.querySelector(this.button.getAttribute("data-listen"));
      return Promise.resolve(target ? target.innerText : "");
    }
    return fetch(remote, { credentials: "same-origin" }).then(function (r) { return r.text(); }).then(function (html) {
      var doc = new DOMParser().parseFromString(html, "text/html");
      var target = doc.querySelector(this.button.getAttribute("data-listen") || "#toan-van");
      return target ? target.textContent : "";
    }.bind(this));
  };
  Player.prototype.start = function () {
    var self = this;
    if (active) active.stop();
    active = this;
    this.button.textContent = this.labels.labelStop;
    this.say(this.labels.msgLoading);
    Promise.all([vietnameseVoice(), this.text()]).then(function (res) {
      if (!self.playing()) return;
      self.voice = res[0];
      if (!self.voice) { self.stop(); self.say(self.labels.msgNoVoice); return; }
      self.parts = chunks(res[1] || "");
      if (!self.parts.length) { self.stop(); self.say(self.labels.msgNoText); return; }
      self.index = 0;
      if (self.pauseBtn) { self.pauseBtn.hidden = false; self.pauseBtn.textContent = self.labels.labelPause; }
      self.say(self.labels.msgReading);
      self.speak(++self.run);
    }).catch(function () { self.stop(); self.say(self.labels.msgNoText); });
  };
  Player.prototype.speak = function (run) {
    var self = this;
    if (!this.playing() || run !== this.run) return;
    if (this.index >= this.parts.length) { this.stop(); this.say(this.labels.msgDone); return; }
    var u = new SpeechSynthesisUtterance(this.parts[this.index]);
    u.lang = "vi-VN";
    u.voice = this.voice;
    u.rate = parseFloat(this.speed ? this.speed.value : (store("sotay-speech-rate") || "1")) || 1;
    u.onend = function () { if (run === self.run) { self.index += 1; self.speak(run); } };
    u.onerror = function (e) {
      if (run !== self.run) return;
      if (e.error === "interrupted" || e.error === "canceled") return;
      self.stop();
      self.say(e.error === "not-allowed" ? self.labels.msgTap : self.labels.msgNoVoice);
      if (e.error === "not-allowed") self.button.focus();
    };
    synth.speak(u);
  };
  Player.prototype.stop = function () {
    this.run += 1;
    if (active === this) active = null;
    if (synth.speaking || synth.pending || synth.paused) synth.cancel();
    this.button.textContent = this.labels.labelListen;
    if (this.pauseBtn) this.pauseBtn.hidden = true;
    this.say("");
  };

  if (synth && window.SpeechSynthesisUtterance) {
    var players = [];
    document.querySelectorAll("[data-listen-box]").forEach(function (box) { players.push(new Player(box)); });
    if (/[?&]nghe=1(&|$)/.test(location.search) && players.length) players[0].start();
    window.addEventListener("pagehide", function () { if (active) active.stop(); });
  }

  /* -- offline ------------------------------------------------------------------------------ */
  var banner = document.querySelector("[data-offline-banner]");
  function showBanner() { if (banner) banner.hidden = navigator.onLine !== false; }
  showBanner();
  window.addEventListener("online", showBanner);
  window.addEventListener("offline", showBanner);

  var keyMeta = document.querySelector('meta[name="sotay-offline-key"]');
  var key = keyMeta ? keyMeta.getAttribute("content") || "" : "";
  var isOfflinePage = body.classList.contains("page-offline");

  function forgetCopies() {
    if (!window.caches) return Promise.resolve();
    return caches.keys().then(function (names) {
      return Promise.all(names.filter(function (n) { return n.indexOf("sotay-user-") === 0; })
        .map(function (n) { return caches.delete(n); }));
    });
  }

  document.querySelectorAll("form[data-logout]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (navigator.serviceWorker && navigator.serviceWorker.controller) {
        navigator.serviceWorker.controller.postMessage({ type: "logout" });
      }
      var sent = false;
      function go() { if (!sent) { sent = true; form.submit(); } }
      forgetCopies().then(go, go);
      setTimeout(go, 1500);
    });
  });

  function pagesToKeep() {
    var heading = document.querySelector("h1");
    var pages = [{ url: location.pathname, title: heading ? heading.textContent.trim() : document.title }];
    document.querySelectorAll("[data-offline-page]").forEach(function (el) {
      var alias = el.getAttribute("data-offline-alias");
      pages.push({ url: el.getAttribute("data-offline-page"), title: el.getAttribute("data-offline-title") || el.textContent.trim(),
                   aliases: alias ? [alias] : [] });
    });
    return pages;
  }

  var keepStatus = document.querySelector("[data-offline-status]");
  if ("serviceWorker" in navigator && body.getAttribute("data-sw")) {
    navigator.serviceWorker.addEventListener("message", function (event) {
      var data = event.data || {};
      if (data.type === "kept" && keepStatus) {
        keepStatus.textContent = (keepStatus.getAttribute("data-template") || "").replace("{n}", Math.max(data.count - 1, 0));
        keepStatus.hidden = false;
        root.setAttribute("data-offline-kept", String(data.count));
      }
    });
    navigator.serviceWorker.register(body.getAttribute("data-sw"), { scope: "/" }).then(function () {
      return navigator.serviceWorker.ready;
    }).then(function (reg) {
      var worker = reg.active;
      if (!worker || isOfflinePage || navigator.onLine === false) return;
      worker.postMessage({ type: "session", key: key });
      if (key && document.querySelector("[data-offline-keep]")) worker.postMessage({ type: "keep", key: key, pages: pagesToKeep() });
    }).catch(function () { /* no offline copies on this browser */ });
  }

  if (isOfflinePage && window.caches) {
    var list = document.querySelector("[data-offline-list]");
    var empty = document.querySelector("[data-offline-empty]");
    caches.match("/__sotay__/key").then(function (r) { return r ? r.text() : ""; }).then(function (k) {
      if (!k) return null;
      return caches.has("sotay-user-" + k).then(function (has) {
        return has ? caches.open("sotay-user-" + k).then(function (c) { return c.match("/__sotay__/index.json"); }) : null;
      });
    }).then(function (r) { return r ? r.json() : null; }).then(function (index) {
      var pages = (index && index.pages) || [];
      pages.forEach(function (p) {
        var li = document.createElement("li");
        var a = document.createElement("a");
        a.href = p.url;
        a.textContent = p.title;
        a.setAttribute("lang", "vi");
        li.appendChild(a);
        list.appendChild(li);
      });
      if (empty) empty.hidden = pages.length > 0;
      root.setAttribute("data-offline-listed", String(pages.length));
    }).catch(function () { root.setAttribute("data-offline-listed", "0"); });
  }
})();
