/* The review queue's keyboard: j / k move between pairs, a accepts (merge, keeping the chosen record), r rejects.
   The buttons are plain POST forms; this only picks the current pair's form and submits it. After the decision
   the server redirects back to the queue with the same filters and #pair-<next>, which becomes the current pair. */
(function () {
  "use strict";
  var cards = Array.prototype.slice.call(document.querySelectorAll("[data-pair]"));
  document.body.setAttribute("data-review-keys", "ready");
  if (!cards.length) { return; }
  var current = 0;
  var busy = false;

  function select(index, scroll) {
    if (index < 0 || index >= cards.length) { return; }
    cards[current].classList.remove("current");
    current = index;
    var card = cards[current];
    card.classList.add("current");
    if (scroll) {
      card.focus({ preventScroll: true });
      card.scrollIntoView({ block: "start", behavior: "auto" });
    }
    if (window.history && window.history.replaceState) {
      window.history.replaceState(null, "", "#" + card.id);
    }
  }

  function submit(action) {
    var form = cards[current].querySelector('form[data-action="' + action + '"]');
    if (!form || busy) { return; }
    busy = true;
    if (form.requestSubmit) { form.requestSubmit(); } else { form.submit(); }
  }

  var start = 0;
  if (window.location.hash) {
    for (var i = 0; i < cards.length; i++) {
      if ("#" + cards[i].id === window.location.hash) { start = i; }
    }
  }
  select(start, start > 0);

  cards.forEach(function (card, index) {
    card.addEventListener("click", function () { select(index, false); });
    card.addEventListener("focusin", function () { if (index !== current) { select(index, false); } });
  });

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) { return; }
    var target = event.target;
    var tag = target && target.tagName ? target.tagName.toLowerCase() : "";
    if ((tag === "input" && target.type !== "radio") || tag === "textarea" || tag === "select" || target.isContentEditable) {
      return;
    }
    switch (event.key) {
      case "j": select(current + 1, true); break;
      case "k": select(current - 1, true); break;
      case "a": submit("accept"); break;
      case "r": submit("reject"); break;
      default: return;
    }
    event.preventDefault();
  });
})();
