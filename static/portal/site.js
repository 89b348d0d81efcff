/* Progressive enhancement only: text size (remembered) and "listen" with the browser's speech synthesis. */
(function () {
  var root = document.documentElement;
  var sizes = ["", "text-lg", "text-xl"];
  var saved = localStorage.getItem("sotay-text-size") || "";
  if (saved) root.classList.add(saved);
  document.querySelectorAll("[data-text-size]").forEach(function (btn) {
    btn.hidden = false;
    btn.addEventListener("click", function () {
      var cur = sizes.indexOf(localStorage.getItem("sotay-text-size") || "");
      var next = btn.getAttribute("data-text-size") === "up" ? Math.min(cur + 1, 2) : Math.max(cur - 1, 0);
      sizes.forEach(function (s) { if (s) root.classList.remove(s); });
      if (sizes[next]) root.classList.add(sizes[next]);
      localStorage.setItem("sotay-text-size", sizes[next]);
    });
  });
  if ("speechSynthesis" in window) {
    document.querySelectorAll("[data-listen]").forEach(function (btn) {
      btn.hidden = false;
      btn.addEventListener("click", function () {
        if (speechSynthesis.speaking) { speechSynthesis.cancel(); return; }
        var target = document.querySelector(btn.getAttribute("data-listen"));
        if (!target) return;
        var u = new SpeechSynthesisUtterance(target.innerText);
        u.lang = "vi-VN";
        var vi = speechSynthesis.getVoices().filter(function (v) { return v.lang && v.lang.indexOf("vi") === 0; })[0];
        if (vi) u.voice = vi;
        speechSynthesis.speak(u);
      });
    });
  }
})();
