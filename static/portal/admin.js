/* Admin additions, no third-party code (portal/wagtail_hooks.py).
 * 1. Organization tree: typing filters the checkboxes, with or without Vietnamese diacritics.
 * 2. Inputs Wagtail builds in the browser get the name of their field's label, for screen readers (axe-core
 *    flagged the rich text editors and the tag input as unnamed).
 * 3. Library item form: tabs and fields meant for one item type (class "sotay-for sotay-for-<type>") are hidden
 *    while another type is chosen; their values are kept, only the screen is simpler. */
(function () {
  "use strict";
  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/g, "d").replace(/Đ/g, "d").toLowerCase();
  }
  function initTrees(root) {
    root.querySelectorAll("[data-org-tree]").forEach(function (tree) {
      var input = tree.querySelector("[data-org-filter]");
      if (!input || input.dataset.ready) return;
      input.dataset.ready = "1";
      input.addEventListener("input", function () {
        var q = fold(input.value.trim());
        tree.querySelectorAll("li[data-name]").forEach(function (li) {
          var checked = li.querySelector("input:checked");
          li.hidden = q !== "" && !checked && li.dataset.name.indexOf(q) === -1;
        });
      });
    });
  }
  function applyItemType(select) {
    var type = select.value;
    document.querySelectorAll(".sotay-for").forEach(function (el) {
      if (el.getAttribute("role") === "tabpanel") return; // Wagtail's tabs show and hide their panels
      var show = !type || el.classList.contains("sotay-for-" + type);
      el.classList.toggle("sotay-off", !show);
      if (!show && el.getAttribute("aria-selected") === "true") {
        var first = document.querySelector("[role='tab']");
        if (first) first.click();
      }
    });
  }
  function labelFrom(input, labelId) {
    if (!input || input.getAttribute("aria-label") || input.getAttribute("aria-labelledby")) return;
    if (document.getElementById(labelId)) input.setAttribute("aria-labelledby", labelId);
  }
  function nameBuiltInputs() {
    document.querySelectorAll("input[data-draftail-input]").forEach(function (hidden) {
      var wrapper = hidden.closest("[data-field-input]") || hidden.parentElement;
      if (wrapper) labelFrom(wrapper.querySelector("[contenteditable='true']"), hidden.id + "-label");
    });
    document.querySelectorAll("input.ui-autocomplete-input").forEach(function (input) {
      var wrapper = input.closest("[data-field-input]");
      var source = wrapper && wrapper.querySelector("input[type='hidden'][id], input[id]:not(.ui-autocomplete-input)");
      if (source) labelFrom(input, source.id + "-label");
    });
  }
  function watch() {
    var pending = false;
    new MutationObserver(function () {
      if (pending) return;
      pending = true;
      window.requestAnimationFrame(function () { pending = false; nameBuiltInputs(); });
    }).observe(document.body, {childList: true, subtree: true});
  }
  function init() {
    initTrees(document);
    nameBuiltInputs();
    watch();
    var select = document.querySelector("select[name='item_type']");
    if (select && document.querySelector(".sotay-for")) {
      applyItemType(select);
      select.addEventListener("change", function () { applyItemType(select); });
    }
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init); else init();
})();
