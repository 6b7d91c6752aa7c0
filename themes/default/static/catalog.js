/* brochure default theme: wide tables that scroll in their own box, sorting of project lists,
 * and the projects page's facets and search.
 * Plain JavaScript, no dependencies. The projects page reads window.BROCHURE_INDEX from
 * data/search-index.js; without JavaScript every page still lists every project. */
(function () {
  "use strict";

  var FACETS = ["chain", "county", "status", "cooperation"];

  /* The few words this script writes follow the page's language: the English edition has
     <html lang="en">, the Chinese one zh-CN. The templates' labels live in the theme's i18n/. */
  var ENGLISH = /^en\b/i.test(document.documentElement.lang || "");
  var WORDS = ENGLISH ? {
    locale: "en",
    total: function (total) { return total + (total === 1 ? " project" : " projects"); },
    shown: function (shown, total) {
      return "Showing " + shown + " of " + total + (total === 1 ? " project" : " projects");
    },
    active: function (count) { return " (" + count + " selected)"; },
    table: "Table, scrolls sideways"
  } : {
    locale: "zh-CN",
    total: function (total) { return "共 " + total + " 个项目"; },
    shown: function (shown, total) { return "筛选出 " + shown + " 个项目（共 " + total + " 个）"; },
    active: function (count) { return "（已选 " + count + " 项）"; },
    table: "表格，可左右滚动"
  };

  function cardsIn(list) {
    return Array.prototype.slice.call(list.querySelectorAll("[data-project]"));
  }

  function number(card, key) {
    return parseFloat(card.getAttribute("data-" + key)) || 0;
  }

  var ORDERS = {
    "investment-desc": function (a, b) { return number(b, "investment") - number(a, "investment"); },
    "investment-asc": function (a, b) { return number(a, "investment") - number(b, "investment"); },
    "updated-desc": function (a, b) {
      return (b.getAttribute("data-updated") || "").localeCompare(a.getAttribute("data-updated") || "");
    },
    "title": function (a, b) {
      return a.getAttribute("data-title").localeCompare(b.getAttribute("data-title"), WORDS.locale);
    }
  };

  /* Remembers the built order so that "默认顺序" can restore it. */
  function rememberOrder(list) {
    cardsIn(list).forEach(function (card, position) {
      card.setAttribute("data-order", String(position));
    });
  }

  function sortList(list, order) {
    var compare = ORDERS[order];
    var cards = cardsIn(list);
    cards.sort(function (a, b) {
      return (compare ? compare(a, b) : 0) || number(a, "order") - number(b, "order");
    });
    cards.forEach(function (card) { list.appendChild(card); });
  }

  /* A sort menu outside the filter form: <select data-sorts="LIST-ID">. */
  function setUpSortMenu(select) {
    var list = document.getElementById(select.getAttribute("data-sorts"));
    if (!list) { return; }
    rememberOrder(list);
    select.addEventListener("change", function () { sortList(list, select.value); });
    var control = select.closest(".sort-control");
    if (control) { control.hidden = false; }
  }

  /* ---- The projects page ---- */

  function emptyState() {
    return { q: "", sort: "", min: "", max: "", chain: [], county: [], status: [], cooperation: [] };
  }

  function readForm(form) {
    var state = emptyState();
    state.q = form.elements.q.value.trim();
    state.sort = form.elements.sort.value;
    state.min = form.elements.min.value;
    state.max = form.elements.max.value;
    FACETS.forEach(function (facet) {
      state[facet] = checkboxes(form, facet)
        .filter(function (box) { return box.checked; })
        .map(function (box) { return box.value; });
    });
    return state;
  }

  function writeForm(form, state) {
    form.elements.q.value = state.q;
    form.elements.sort.value = ORDERS[state.sort] ? state.sort : "";
    form.elements.min.value = state.min;
    form.elements.max.value = state.max;
    FACETS.forEach(function (facet) {
      checkboxes(form, facet).forEach(function (box) {
        box.checked = state[facet].indexOf(box.value) !== -1;
      });
    });
  }

  function checkboxes(form, facet) {
    return Array.prototype.slice.call(form.querySelectorAll('input[name="' + facet + '"]'));
  }

  /* The hash reads like a query: #chain=ic,food&county=maiji&q=封装&sort=title */
  function stateFromHash(hash) {
    var state = emptyState();
    hash.replace(/^#/, "").split("&").forEach(function (pair) {
      var cut = pair.indexOf("=");
      if (cut < 1) { return; }
      var key = pair.slice(0, cut);
      var value;
      try {
        value = decodeURIComponent(pair.slice(cut + 1).replace(/\+/g, " "));
      } catch (error) {
        return;
      }
      if (FACETS.indexOf(key) !== -1) {
        state[key] = value.split(",").filter(Boolean);
      } else if (key in state) {
        state[key] = value;
      }
    });
    return state;
  }

  function hashFromState(state) {
    var parts = [];
    FACETS.forEach(function (facet) {
      if (state[facet].length) {
        parts.push(facet + "=" + state[facet].map(encodeURIComponent).join(","));
      }
    });
    ["q", "min", "max", "sort"].forEach(function (key) {
      if (state[key]) { parts.push(key + "=" + encodeURIComponent(state[key])); }
    });
    return parts.join("&");
  }

  function valuesOf(entry, facet) {
    return facet === "cooperation" ? entry.cooperation : [entry[facet]];
  }

  function wanOrNull(text) {
    var yi = parseFloat(text);
    return isNaN(yi) ? null : yi * 10000;
  }

  /* Whether an entry passes every filter, leaving out the facet `skip` (for its counts). */
  function matches(entry, state, skip) {
    for (var i = 0; i < FACETS.length; i++) {
      var facet = FACETS[i];
      if (facet === skip || !state[facet].length) { continue; }
      var has = valuesOf(entry, facet).some(function (v) { return state[facet].indexOf(v) !== -1; });
      if (!has) { return false; }
    }
    var min = wanOrNull(state.min);
    var max = wanOrNull(state.max);
    if (min !== null && entry.investment_wan < min) { return false; }
    if (max !== null && entry.investment_wan > max) { return false; }
    var terms = state.q.toLowerCase().split(/\s+/).filter(Boolean);
    return terms.every(function (term) { return entry.text.indexOf(term) !== -1; });
  }

  function updateCounts(form, index, state) {
    FACETS.forEach(function (facet) {
      var passing = index.filter(function (entry) { return matches(entry, state, facet); });
      checkboxes(form, facet).forEach(function (box) {
        var count = passing.filter(function (entry) {
          return valuesOf(entry, facet).indexOf(box.value) !== -1;
        }).length;
        var label = box.closest("label");
        label.querySelector(".count").textContent = String(count);
        label.classList.toggle("facet-none", count === 0 && !box.checked);
      });
    });
  }

  function activeFilters(state) {
    var count = FACETS.reduce(function (sum, facet) { return sum + state[facet].length; }, 0);
    return count + (state.min ? 1 : 0) + (state.max ? 1 : 0);
  }

  function setUpFilters(form, index) {
    var list = document.getElementById(form.getAttribute("data-filters"));
    if (!list) { return; }
    var cards = {};
    cardsIn(list).forEach(function (card) { cards[card.getAttribute("data-project")] = card; });
    rememberOrder(list);
    var total = cardsIn(list).length;
    var counter = document.getElementById("result-count");
    var none = document.getElementById("no-results");
    var badge = document.getElementById("active-count");

    function apply(state) {
      var shown = 0;
      index.forEach(function (entry) {
        var card = cards[entry.slug];
        if (!card) { return; }
        var visible = matches(entry, state, null);
        card.hidden = !visible;
        shown += visible ? 1 : 0;
      });
      sortList(list, state.sort);
      updateCounts(form, index, state);
      counter.textContent = shown === total ? WORDS.total(total) : WORDS.shown(shown, total);
      none.hidden = shown !== 0;
      var active = activeFilters(state);
      badge.textContent = active ? WORDS.active(active) : "";
    }

    function keepInUrl(state) {
      var hash = hashFromState(state);
      var url = location.href.split("#")[0] + (hash ? "#" + hash : "");
      try {
        history.replaceState(null, "", url);
      } catch (error) {
        location.replace(hash ? "#" + hash : "#");
      }
    }

    function fromForm() {
      var state = readForm(form);
      apply(state);
      keepInUrl(state);
    }

    function fromUrl() {
      var state = stateFromHash(location.hash);
      writeForm(form, state);
      apply(readForm(form));
    }

    form.addEventListener("input", fromForm);
    form.addEventListener("change", fromForm);
    form.addEventListener("submit", function (event) { event.preventDefault(); fromForm(); });
    form.addEventListener("reset", function () { setTimeout(fromForm, 0); });
    window.addEventListener("hashchange", fromUrl);
    form.hidden = false;
    /* Beside the list on wide screens the facets start open; on a phone they stay folded
       above the results, with the number of active filters on their summary. */
    if (window.matchMedia("(min-width: 56em)").matches) {
      document.getElementById("facets").open = true;
    }
    fromUrl();
  }

  /* Tables written in Markdown scroll sideways inside a box that keyboards can reach. Cells
     of tables with four columns or more stay on one line (a figure should not break); those
     with fewer wrap, so a two-column list of names fits a phone without scrolling. */
  function boxTable(table) {
    var box = document.createElement("div");
    var firstRow = table.rows[0];
    var wide = firstRow && firstRow.cells.length >= 4;
    box.className = wide ? "table-scroll wide" : "table-scroll";
    box.tabIndex = 0;
    box.setAttribute("role", "region");
    box.setAttribute("aria-label", WORDS.table);
    table.parentNode.insertBefore(box, table);
    box.appendChild(table);
  }

  document.querySelectorAll(".body table").forEach(boxTable);
  document.querySelectorAll("select[data-sorts]").forEach(setUpSortMenu);
  var filterForm = document.querySelector("form[data-filters]");
  if (filterForm && window.BROCHURE_INDEX) {
    setUpFilters(filterForm, window.BROCHURE_INDEX);
  }
})();
