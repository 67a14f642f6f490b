(function () {
  "use strict";
  // Filters and the view switch only set attributes on whole articles and sections;
  // the text of the changes is never read or written here except to copy a citation.
  var doc = document;
  var root = doc.documentElement;
  root.className = root.className.replace(/\bnojs\b/, "js");
  var main = doc.getElementById("gd-main");
  var data = {};
  try { data = JSON.parse(doc.getElementById("gd-data").textContent) || {}; } catch (error) { data = {}; }
  var each = function (list, fn) { Array.prototype.forEach.call(list, fn); };
  var articles = doc.querySelectorAll("article.chg");
  var sections = doc.querySelectorAll("section.sec");
  var tocItems = doc.querySelectorAll("#gd-toc li[data-sec]");
  var levels = doc.querySelectorAll('input[name="gd-level"]');
  var topic = doc.getElementById("gd-concept");
  var kinds = doc.querySelectorAll('input[name="gd-kind"]');
  var kindCounts = doc.querySelectorAll(".kind-count[data-kind]");
  var views = doc.querySelectorAll('input[name="gd-view"]');
  var status = doc.getElementById("gd-status");
  var live = doc.getElementById("gd-live");
  var controls = doc.querySelector(".controls");
  var VIEW_KEY = "guidediff.view";

  function remember(key, value) { try { window.localStorage.setItem(key, value); } catch (error) { /* private mode */ } }
  function recall(key) { try { return window.localStorage.getItem(key); } catch (error) { return null; } }
  function hasTopic(article, wanted) {
    return (" " + (article.getAttribute("data-concepts") || "") + " ").indexOf(" " + wanted + " ") >= 0;
  }

  function filter() {
    var allowed = {};
    var allowedLevels = {};
    var allKinds = true;
    each(kinds, function (box) { allowed[box.value] = box.checked; allKinds = allKinds && box.checked; });
    each(levels, function (box) { allowedLevels[box.value] = box.checked; });
    var wanted = topic.value;
    var shown = 0;
    var hiddenByLevel = 0;
    var perSection = {};
    var perKind = {};  // changes of each kind at the levels shown, whatever the kind and topic filters
    each(articles, function (article) {
      if (allowedLevels[article.getAttribute("data-level")]) {
        perKind[article.getAttribute("data-kind")] = (perKind[article.getAttribute("data-kind")] || 0) + 1;
      }
      var visible = allowed[article.getAttribute("data-kind")] !== false && (!wanted || hasTopic(article, wanted));
      if (visible && !allowedLevels[article.getAttribute("data-level")]) {
        hiddenByLevel += 1;
        visible = false;
      }
      article.hidden = !visible;
      if (visible) {
        shown += 1;
        var section = article.getAttribute("data-sec");
        perSection[section] = (perSection[section] || 0) + 1;
      }
    });
    // A section renamed, moved, added… stays listed while no kind or topic filter is on.
    var unfiltered = allKinds && !wanted;
    var visibleSections = {};
    each(sections, function (section) {
      var visible = (perSection[section.id] || 0) > 0 || (unfiltered && section.classList.contains("structural"));
      section.hidden = !visible;
      visibleSections[section.id] = visible;
    });
    each(tocItems, function (item) { item.hidden = !visibleSections[item.getAttribute("data-sec")]; });
    each(kindCounts, function (count) { count.textContent = String(perKind[count.getAttribute("data-kind")] || 0); });
    var text = "Showing " + shown + " of " + articles.length + (articles.length === 1 ? " change" : " changes");
    if (hiddenByLevel) { text += " (" + hiddenByLevel + " minor or bookkeeping hidden)"; }
    status.textContent = text + ".";
  }

  function setView(view, keep) {
    view = view === "side" ? "side" : "redline";
    main.setAttribute("data-view", view);
    each(views, function (radio) { radio.checked = radio.value === view; });
    if (keep) { remember(VIEW_KEY, view); }
  }

  // A link to a change hidden by the filters still lands on it: the filters make way.
  function reveal() {
    var id;
    try { id = decodeURIComponent(window.location.hash.slice(1)); } catch (error) { return; }
    var target = id ? doc.getElementById(id) : null;
    if (!target) { return; }
    var article = target.closest ? target.closest("article.chg") : null;
    var section = target.closest ? target.closest("section.sec") : null;
    if ((article && article.hidden) || (section && section.hidden)) {
      each(levels, function (box) {
        if (!article || box.value === article.getAttribute("data-level")) { if (!box.disabled) { box.checked = true; } }
      });
      if (article && topic.value && !hasTopic(article, topic.value)) { topic.value = ""; }
      if (!article && topic.value) { topic.value = ""; }
      each(kinds, function (box) {
        if (!article || box.value === article.getAttribute("data-kind")) { box.checked = true; }
      });
      filter();
    }
    var details = target.closest ? target.closest("details") : null;
    if (details) { details.open = true; }
    target.scrollIntoView();
  }

  function measureBar() {
    if (controls) { root.style.setProperty("--bar", controls.offsetHeight + "px"); }
  }

  function copied(button, ok, text) {
    button.textContent = ok ? "Copied" : "Press Ctrl+C";
    live.textContent = ok ? "Citation copied: " + text : "Citation selected: press Ctrl+C (or Command+C) to copy it.";
    window.setTimeout(function () { button.textContent = "Copy citation"; }, 2500);
  }

  function copy(button) {
    var article = button.closest("article");
    var cite = article ? article.querySelector(".cite-text") : null;
    if (!cite) { return; }
    var text = cite.textContent;
    var selectIt = function () {
      var range = doc.createRange();
      range.selectNodeContents(cite);
      var selection = window.getSelection();
      selection.removeAllRanges();
      selection.addRange(range);
      var ok = false;
      try { ok = doc.execCommand("copy"); } catch (error) { ok = false; }
      copied(button, ok, text);
    };
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(text).then(function () { copied(button, true, text); }, selectIt);
    } else {
      selectIt();
    }
  }

  main.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("button.copy") : null;
    if (button) { copy(button); }
  });
  each(views, function (radio) { radio.addEventListener("change", function () { setView(radio.value, true); }); });
  each(kinds, function (box) { box.addEventListener("change", filter); });
  each(levels, function (box) { box.addEventListener("change", filter); });
  topic.addEventListener("change", filter);
  window.addEventListener("hashchange", reveal);
  window.addEventListener("resize", measureBar);

  setView(recall(VIEW_KEY) || data.view || "redline", false);
  filter();
  measureBar();
  reveal();
}());
