/* claimex review page.
 * Reads the JSON data block and renders the views with DOM calls only: article
 * text reaches the page as text nodes (createTextNode / textContent), never as
 * markup, so nothing in an article can run. Views render on demand: the claims
 * table and lists one page at a time, an article's text only when it is opened.
 */
(function () {
  "use strict";
  var t0 = performance.now();
  var DATA = JSON.parse(document.getElementById("claimex-data").textContent);
  var claims = DATA.claims, docs = DATA.docs, speakers = DATA.speakers;
  var PAGE = 50, LIST_PAGE = 100;

  // ------------------------------------------------------------ helpers
  function h(tag, props) {
    var node = document.createElement(tag);
    if (props) {
      for (var k in props) {
        var v = props[k];
        if (v === null || v === undefined || v === false) continue;
        if (k === "text") node.textContent = v;
        else if (k === "cls") node.className = v;
        else if (k === "on") { for (var ev in v) node.addEventListener(ev, v[ev]); }
        else if (k === "data") { for (var dk in v) node.dataset[dk] = v[dk]; }
        else if (k === "vars") { for (var vk in v) node.style.setProperty(vk, v[vk]); }
        else node.setAttribute(k, v === true ? "" : String(v));
      }
    }
    for (var i = 2; i < arguments.length; i++) append(node, arguments[i]);
    return node;
  }
  function append(node, child) {
    if (child === null || child === undefined || child === false) return;
    if (Array.isArray(child)) { child.forEach(function (c) { append(node, c); }); return; }
    node.appendChild(typeof child === "object" ? child : document.createTextNode(String(child)));
  }
  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }
  function $(id) { return document.getElementById(id); }
  function safeUrl(u) {
    // Only web links become clickable: a javascript: or data: URL from an article's metadata must not.
    try { var p = new URL(u); return (p.protocol === "http:" || p.protocol === "https:") ? p.href : null; }
    catch (e) { return null; }
  }
  function clip(s, n) { return s.length > n ? s.slice(0, n - 1) + "\u2026" : s; }

  // Speaker colours: a qualitative palette for the speakers with most claims (red is kept for
  // denials), then golden-angle hues so any number of speakers still differ; unnamed/unknown are grey.
  var PALETTE = ["#1f6fd1", "#e07b00", "#2a9d3a", "#8e4fc7", "#8c5a3c", "#d6409f", "#9a9a10", "#0f9fb0",
                 "#34495e", "#b8860b", "#5a7d2a", "#6c5ce7", "#c0392b", "#16a085"];
  function tint(hex) {
    var n = parseInt(hex.slice(1), 16), r = n >> 16, g = (n >> 8) & 255, b = n & 255;
    return "rgb(" + [r, g, b].map(function (x) { return Math.round(x * 0.2 + 255 * 0.8); }).join(" ") + ")";
  }
  var named = 0;
  speakers.map(function (s, i) { return i; })
    .sort(function (a, b) { return speakers[b].n - speakers[a].n || a - b; })
    .forEach(function (i) {
      var s = speakers[i];
      if (!s.named) { s.c = "hsl(210 8% 45%)"; s.bg = "hsl(210 10% 90%)"; return; }
      if (named < PALETTE.length) { s.c = PALETTE[named]; s.bg = tint(PALETTE[named]); }
      else { var hue = Math.round((named * 137.508) % 360); s.c = "hsl(" + hue + " 65% 38%)"; s.bg = "hsl(" + hue + " 80% 88%)"; }
      named++;
    });
  // Roles come most frequent first; a long tail of one-off roles would drown the useful one.
  function roles(s) { return s.roles.slice(0, 3).join(", ") + (s.roles.length > 3 ? " +" + (s.roles.length - 3) : ""); }
  function spOf(c) { return speakers[c.sp]; }
  function swatch(s) { return h("span", { cls: "swatch", vars: { "--c": s.c }, "aria-hidden": "true" }); }
  function docLabel(d) { return d.title || d.id; }

  // Derived per claim: denial state, the text searched by the free-text filter (built lazily).
  claims.forEach(function (c, i) {
    c.i = i;
    c.isDenial = c.pol === "denial";
    c.isDenied = c.dby.length > 0;
  });
  function hay(c) {
    if (c.hay === undefined) {
      var s = spOf(c);
      c.hay = [c.c, s.name, s.aliases.join(" "), s.roles.join(" "), c.cue || "", c.qt || "",
               c.var.map(function (v) { return v.t; }).join(" "), c.id].join("\n").toLowerCase();
    }
    return c.hay;
  }
  function firstKey(c) {
    if (!c.fs) return "\uffff";
    return (c.fs.date || "9999") + " " + docs[c.fs.d].id;
  }

  // ------------------------------------------------------------ header, warnings, routing
  var sum = DATA.summary;
  document.title = "claimex review \u2014 " + sum.claims + " claims, " + sum.documents + " articles";
  $("summary").textContent = sum.claims + " claims \u00b7 " + sum.speakers + " speakers \u00b7 " +
    sum.documents + " articles \u00b7 " + sum.highlighted + "/" + sum.mentions + " mentions highlighted \u00b7 " +
    sum.denials + " denials";
  if (DATA.warnings.length) {
    var w = $("warnings");
    w.hidden = false;
    append(w, h("details", null,
      h("summary", { text: DATA.warnings_total + " problem(s) while building this page (click to see" +
        (DATA.warnings_total > DATA.warnings.length ? " the first " + DATA.warnings.length : "") + ")" }),
      h("ul", null, DATA.warnings.map(function (m) { return h("li", { text: m }); }))));
  }
  if (DATA.failed_inputs && DATA.failed_inputs.length) {  // the run's own failures: reported by the run, no problem of this page
    var f = $("warnings");
    f.hidden = false;
    append(f, h("details", null,
      h("summary", { text: DATA.failed_inputs_total + " input(s) failed in the run and have no article here (click to see" +
        (DATA.failed_inputs_total > DATA.failed_inputs.length ? " the first " + DATA.failed_inputs.length : "") + ")" }),
      h("ul", null, DATA.failed_inputs.map(function (m) { return h("li", { text: m }); }))));
  }

  var views = ["claims", "speakers", "articles", "article"];
  var docIndex = new Map(docs.map(function (d, i) { return [d.id, i]; }));
  function show(view) {
    views.forEach(function (v) { $("view-" + v).hidden = v !== view; });
    Array.prototype.forEach.call(document.querySelectorAll("#tabs a"), function (a) {
      a.classList.toggle("active", a.dataset.view === view || (view === "article" && a.dataset.view === "articles"));
    });
  }
  function route() {
    var hash;
    try { hash = decodeURIComponent(location.hash.replace(/^#/, "")); } catch (e) { hash = ""; }
    // #article/<doc_id> or #article/<doc_id>@<start>; a doc_id may itself contain "@".
    var m = /^article\/(.*)$/.exec(hash), di = null, focus = null;
    if (m) {
      var at = /^(.*)@(\d+)$/.exec(m[1]);
      if (docIndex.has(m[1])) di = docIndex.get(m[1]);
      else if (at && docIndex.has(at[1])) { di = docIndex.get(at[1]); focus = Number(at[2]); }
    }
    if (di !== null) {
      show("article");
      renderArticle(di, focus);
    } else if (hash === "speakers") { show("speakers"); renderSpeakers(); }
    else if (hash === "articles") { show("articles"); renderArticles(); }
    else { show("claims"); renderClaims(); }
    document.documentElement.dataset.route = location.hash;  // what is on screen now (tests wait for it)
  }
  function openArticle(di, start) {
    var target = "#article/" + encodeURIComponent(docs[di].id) + (start === null || start === undefined ? "" : "@" + start);
    if (location.hash === target) route(); else location.hash = target;
  }
  window.addEventListener("hashchange", route);

  // ------------------------------------------------------------ claims table
  // Default order: the most check-worthy claims first (claims without a score last).
  var cState = { speaker: "", denial: "", q: "", sort: "cw", dir: -1, page: 0 };
  var sortKeys = {
    speaker: function (c) { return spOf(c).name.toLowerCase(); },
    content: function (c) { return c.c.toLowerCase(); },
    qt: function (c) { return c.qt || ""; },
    denial: function (c) { return (c.isDenial ? 2 : 0) + (c.isDenied ? 1 : 0); },
    outlets: function (c) { return c.out; },
    cw: function (c) { return typeof c.cw === "number" ? c.cw : -1; },
    first: firstKey
  };
  (function fillSpeakerFilter() {
    var sel = $("f-speaker");
    speakers.map(function (s, i) { return i; })
      .sort(function (a, b) { return speakers[b].n - speakers[a].n || speakers[a].name.localeCompare(speakers[b].name); })
      .forEach(function (i) { append(sel, h("option", { value: String(i), text: speakers[i].name + " (" + speakers[i].n + ")" })); });
  })();
  function filteredClaims() {
    var sp = cState.speaker === "" ? -1 : Number(cState.speaker);
    var words = cState.q.toLowerCase().split(/\s+/).filter(Boolean);
    var out = claims.filter(function (c) {
      if (sp >= 0 && c.sp !== sp) return false;
      switch (cState.denial) {
        case "denial": if (!c.isDenial) return false; break;
        case "denied": if (!c.isDenied) return false; break;
        case "either": if (!c.isDenial && !c.isDenied) return false; break;
        case "none": if (c.isDenial || c.isDenied) return false; break;
      }
      if (words.length) {
        var text = hay(c);
        for (var i = 0; i < words.length; i++) if (text.indexOf(words[i]) < 0) return false;
      }
      return true;
    });
    var key = sortKeys[cState.sort], dir = cState.dir;
    var keyed = out.map(function (c) { return [key(c), c]; });
    keyed.sort(function (a, b) {
      return (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1].i - b[1].i) * (a[0] === b[0] ? 1 : dir);
    });
    return keyed.map(function (p) { return p[1]; });
  }
  function denialBadges(c) {
    var out = [];
    if (c.isDenial) out.push(h("span", { cls: "badge denial", text: "\u2298 denial" + (c.den.length ? " of " + c.den.length : "") }));
    if (c.isDenied) out.push(h("span", { cls: "badge denied", text: "denied by " + c.dby.length }));
    return out;
  }
  var lastRows = null;
  function renderClaims() {
    var rows = filteredClaims();
    lastRows = rows;
    var pages = Math.max(1, Math.ceil(rows.length / PAGE));
    if (cState.page >= pages) cState.page = pages - 1;
    var from = cState.page * PAGE, to = Math.min(rows.length, from + PAGE);
    var body = $("claims-body");
    clear(body);
    var frag = document.createDocumentFragment();
    for (var r = from; r < to; r++) {
      var c = rows[r], s = spOf(c);
      frag.appendChild(h("tr", { data: { claim: c.id }, tabindex: "0", cls: panelClaim === c.i ? "selected" : null },
        h("td", { cls: "nowrap" }, swatch(s), s.name),
        h("td", { cls: "content" }, h("div", { cls: "clip", text: c.c })),
        h("td", { cls: "score nowrap" }, typeof c.cw === "number" ? [c.cw.toFixed(2), h("br"), h("span", { cls: "muted", text: c.ct || "" })] : "\u2014"),
        h("td", null, h("span", { cls: "badge qt", text: c.qt || "?" })),
        h("td", null, denialBadges(c)),
        h("td", { cls: "num", text: String(c.out) }),
        h("td", { cls: "nowrap" }, c.fs ? [c.fs.date || "undated", h("br"), h("span", { cls: "muted", text: clip(docs[c.fs.d].id, 28) })] : "\u2014")));
    }
    body.appendChild(frag);
    if (!rows.length) body.appendChild(h("tr", null, h("td", { colspan: "7", cls: "empty", text: "No claim matches these filters." })));
    $("claims-count").textContent = rows.length === claims.length ? rows.length + " claims" : rows.length + " of " + claims.length + " claims";
    $("claims-count").dataset.count = String(rows.length);
    Array.prototype.forEach.call(document.querySelectorAll("#claims-table th[data-sort]"), function (th) {
      if (th.dataset.sort === cState.sort) th.setAttribute("aria-sort", cState.dir > 0 ? "ascending" : "descending");
      else th.removeAttribute("aria-sort");
    });
    pager($("claims-pager"), cState, rows.length, PAGE, renderClaims);
  }
  function pager(node, state, total, size, rerender) {
    clear(node);
    var pages = Math.max(1, Math.ceil(total / size));
    if (pages <= 1) return;
    function go(p) { return function () { state.page = p; rerender(); window.scrollTo(0, 0); }; }
    append(node, [
      h("button", { type: "button", disabled: state.page === 0, on: { click: go(0) }, text: "\u00ab first" }),
      h("button", { type: "button", disabled: state.page === 0, on: { click: go(state.page - 1) }, text: "\u2039 previous", cls: "prev" }),
      h("span", { cls: "muted", text: "page " + (state.page + 1) + " of " + pages + " (" + (state.page * size + 1) + "\u2013" + Math.min(total, (state.page + 1) * size) + " of " + total + ")" }),
      h("button", { type: "button", disabled: state.page >= pages - 1, on: { click: go(state.page + 1) }, text: "next \u203a", cls: "next" }),
      h("button", { type: "button", disabled: state.page >= pages - 1, on: { click: go(pages - 1) }, text: "last \u00bb" })
    ]);
  }
  $("f-speaker").addEventListener("change", function (e) { cState.speaker = e.target.value; cState.page = 0; renderClaims(); });
  $("f-denial").addEventListener("change", function (e) { cState.denial = e.target.value; cState.page = 0; renderClaims(); });
  var typing = null;
  $("f-text").addEventListener("input", function (e) {
    clearTimeout(typing);
    typing = setTimeout(function () { cState.q = e.target.value; cState.page = 0; renderClaims(); }, 120);
  });
  Array.prototype.forEach.call(document.querySelectorAll("#claims-table th[data-sort]"), function (th) {
    th.addEventListener("click", function () {
      if (cState.sort === th.dataset.sort) cState.dir = -cState.dir;
      else { cState.sort = th.dataset.sort; cState.dir = th.dataset.sort === "outlets" || th.dataset.sort === "cw" ? -1 : 1; }
      cState.page = 0; renderClaims();
    });
  });
  function rowOpen(e) {
    var tr = e.target.closest("tr[data-claim]");
    if (tr && (e.type === "click" || e.key === "Enter")) openClaim(claimById.get(tr.dataset.claim));
  }
  $("claims-body").addEventListener("click", rowOpen);
  $("claims-body").addEventListener("keydown", rowOpen);
  var claimById = new Map(claims.map(function (c) { return [c.id, c.i]; }));

  // ------------------------------------------------------------ speakers
  var sState = { q: "", page: 0 };
  var speakerOrder = speakers.map(function (s, i) { return i; })
    .sort(function (a, b) { return speakers[b].n - speakers[a].n || speakers[a].name.localeCompare(speakers[b].name); });
  var speakerClaims = null;
  function claimsOfSpeaker(si) {
    if (!speakerClaims) {
      speakerClaims = speakers.map(function () { return []; });
      claims.forEach(function (c) { speakerClaims[c.sp].push(c.i); });
    }
    return speakerClaims[si];
  }
  function renderSpeakers() {
    var q = sState.q.toLowerCase();
    var list = speakerOrder.filter(function (i) {
      var s = speakers[i];
      return !q || (s.name + " " + s.roles.join(" ") + " " + s.aliases.join(" ") + " " + s.kinds.join(" ")).toLowerCase().indexOf(q) >= 0;
    });
    var pages = Math.max(1, Math.ceil(list.length / LIST_PAGE));
    if (sState.page >= pages) sState.page = pages - 1;
    var node = $("speakers-list");
    clear(node);
    list.slice(sState.page * LIST_PAGE, (sState.page + 1) * LIST_PAGE).forEach(function (si) {
      var s = speakers[si], mine = claimsOfSpeaker(si);
      var nDen = 0, nDenies = 0, nDenied = 0;
      mine.forEach(function (ci) { var c = claims[ci]; if (c.isDenial) nDen++; nDenies += c.den.length; nDenied += c.dby.length; });
      var card = h("details", { cls: "speaker-card", data: { speaker: String(si) } },
        h("summary", null, swatch(s), h("span", { cls: "name", text: s.name }),
          h("span", { cls: "muted", text: [s.kinds.join("/"), roles(s)].filter(Boolean).join(" \u00b7 ") }),
          h("span", { text: mine.length + " claim" + (mine.length === 1 ? "" : "s") }),
          nDen ? h("span", { cls: "badge denial", text: nDen + " denial" + (nDen === 1 ? "" : "s") }) : null,
          nDenies ? h("span", { cls: "muted", text: "denies " + nDenies }) : null,
          nDenied ? h("span", { cls: "badge denied", text: "denied " + nDenied + "\u00d7" }) : null));
      // The body is built the first time the card opens: a big batch stays cheap to list.
      card.addEventListener("toggle", function () { if (card.open && card.childNodes.length === 1) append(card, speakerBody(si)); });
      node.appendChild(card);
    });
    if (!list.length) node.appendChild(h("div", { cls: "empty", text: "No speaker matches." }));
    $("speakers-count").textContent = list.length + " speakers";
    pager($("speakers-pager"), sState, list.length, LIST_PAGE, renderSpeakers);
  }
  function relItem(ci, ownCi) {
    var c = claims[ci], s = spOf(c);
    return h("li", { data: { claim: c.id }, on: { click: function () { openClaim(ci); } } },
      swatch(s), h("b", { text: s.name }), ": ", clip(c.c, 140),
      ownCi !== undefined ? h("div", { cls: "muted", text: "\u21b3 re: " + clip(claims[ownCi].c, 90) }) : null);
  }
  function speakerBody(si) {
    var mine = claimsOfSpeaker(si), denies = [], deniedBy = [];
    mine.forEach(function (ci) {
      claims[ci].den.forEach(function (x) { denies.push([x, ci]); });
      claims[ci].dby.forEach(function (x) { deniedBy.push([x, ci]); });
    });
    function whoList(pairs) {
      if (!pairs.length) return h("div", { cls: "muted", text: "none recorded" });
      // Who, at a glance (speakers with how many claims), then each claim.
      var who = new Map();
      pairs.forEach(function (p) { var o = claims[p[0]].sp; who.set(o, (who.get(o) || 0) + 1); });
      return [h("div", { cls: "who" }, Array.from(who.entries()).sort(function (a, b) { return b[1] - a[1]; }).map(function (e) {
        return h("span", { cls: "nowrap", data: { speaker: String(e[0]) } }, swatch(speakers[e[0]]), speakers[e[0]].name + " \u00d7" + e[1] + "  ");
      })), h("ul", null, pairs.map(function (p) { return relItem(p[0], p[1]); }))];
    }
    return h("div", { cls: "body" },
      h("div", null, h("h4", { text: "Claims" }), h("ul", null, mine.map(function (ci) {
        var c = claims[ci];
        return h("li", { data: { claim: c.id }, on: { click: function () { openClaim(ci); } } },
          c.isDenial ? h("span", { cls: "badge denial", text: "\u2298" }) : null, clip(c.c, 200),
          h("span", { cls: "muted", text: " \u2014 " + c.out + " outlet" + (c.out === 1 ? "" : "s") }));
      }))),
      h("div", null, h("h4", { text: "Denies" }), whoList(denies)),
      h("div", null, h("h4", { text: "Denied by" }), whoList(deniedBy)));
  }
  $("s-text").addEventListener("input", function (e) { sState.q = e.target.value; sState.page = 0; renderSpeakers(); });

  // ------------------------------------------------------------ articles list
  var aState = { q: "", page: 0 };
  // Mentions per document from the claims (not from the highlights, which need the article text).
  var docMentions = null;
  function mentionsOf(di) {
    if (!docMentions) {
      docMentions = docs.map(function () { return []; });
      claims.forEach(function (c) { c.ms.forEach(function (m, k) { docMentions[m.d].push([c.i, k]); }); });
    }
    return docMentions[di];
  }
  function docSpeakers(di) {
    var seen = new Map();
    mentionsOf(di).forEach(function (p) { var si = claims[p[0]].sp; seen.set(si, (seen.get(si) || 0) + 1); });
    return Array.from(seen.entries()).sort(function (a, b) { return b[1] - a[1]; });
  }
  function renderArticles() {
    var q = aState.q.toLowerCase();
    var list = [];
    docs.forEach(function (d, i) {
      if (!q || [d.id, d.title || "", d.date || "", d.path || ""].join(" ").toLowerCase().indexOf(q) >= 0) list.push(i);
    });
    var pages = Math.max(1, Math.ceil(list.length / LIST_PAGE));
    if (aState.page >= pages) aState.page = pages - 1;
    var body = $("articles-body");
    clear(body);
    list.slice(aState.page * LIST_PAGE, (aState.page + 1) * LIST_PAGE).forEach(function (di) {
      var d = docs[di], sps = docSpeakers(di), total = mentionsOf(di).length;
      body.appendChild(h("tr", { data: { doc: d.id }, tabindex: "0", on: {
        click: function () { openArticle(di); }, keydown: function (e) { if (e.key === "Enter") openArticle(di); } } },
        h("td", null, h("div", { text: docLabel(d) }), d.title ? h("div", { cls: "muted", text: d.id }) : null,
          d.text === null ? h("span", { cls: "badge denied", text: "no text: " + d.missing }) : null),
        h("td", { cls: "nowrap", text: d.date || "\u2014" }),
        h("td", { cls: "num", text: String(total) + (d.m.length < total ? " (" + d.m.length + " highlighted)" : "") }),
        h("td", null, sps.slice(0, 6).map(function (p) { return h("span", { cls: "nowrap" }, swatch(speakers[p[0]]), speakers[p[0]].name + " "); }),
          sps.length > 6 ? "+" + (sps.length - 6) : null)));
    });
    if (!list.length) body.appendChild(h("tr", null, h("td", { colspan: "4", cls: "empty", text: "No article matches." })));
    $("articles-count").textContent = list.length + " articles";
    pager($("articles-pager"), aState, list.length, LIST_PAGE, renderArticles);
  }
  $("a-text").addEventListener("input", function (e) { aState.q = e.target.value; aState.page = 0; renderArticles(); });

  // ------------------------------------------------------------ article view with highlights
  var currentDoc = -1;
  /* Highlights from offsets. Mentions come sorted by (start, -end): an outer mention
   * contains the ones nested in it, so nested mentions become nested <mark>s and the
   * innermost shows on top. A mention that crosses the end of its enclosing one is
   * split at that boundary into parts (class "part"), so the tree stays well formed
   * and every character still carries every mention over it. Text goes in only as
   * text nodes cut from the article string. */
  function buildHighlights(parent, text, from, to, items) {
    var pos = from, i = 0;
    while (i < items.length) {
      var m = items[i++];
      if (m.s < pos) { m = partOf(m, pos, m.e); if (m.s >= m.e) continue; }
      if (m.s > pos) parent.appendChild(document.createTextNode(text.slice(pos, m.s)));
      // Items are sorted by start, so only those starting before m ends can be inside it.
      var inner = [], cut = [];
      while (i < items.length && items[i].s < m.e) {
        var o = items[i++];
        if (o.e <= m.e) inner.push(o);
        else { inner.push(partOf(o, o.s, m.e)); cut.push(partOf(o, m.e, o.e)); }
      }
      if (cut.length) {  // the remainders start at m.e: put them back in order (rare: crossing mentions)
        items = cut.concat(items.slice(i)).sort(function (a, b) { return a.s - b.s || b.e - a.e; });
        i = 0;
      }
      var mark = markFor(m);
      buildHighlights(mark, text, m.s, m.e, inner);
      parent.appendChild(mark);
      pos = m.e;
    }
    if (pos < to) parent.appendChild(document.createTextNode(text.slice(pos, to)));
  }
  function partOf(m, s, e) { return { ci: m.ci, k: m.k, s: s, e: e, part: true }; }
  function markFor(m) {
    var c = claims[m.ci], s = spOf(c), mention = c.ms[m.k];
    var cls = "m" + (c.isDenial ? " deny" : "") + (c.isDenied ? " denied" : "") + (m.part ? " part" : "");
    return h("mark", {
      cls: cls, tabindex: "0",
      data: { claim: c.id, ci: String(m.ci), k: String(m.k), start: String(mention.s), end: String(mention.e), speaker: s.name },
      vars: { "--c": s.c, "--bg-c": s.bg }
    });
  }
  function renderArticle(di, focusStart) {
    var d = docs[di];
    currentDoc = di;
    hideTip();
    var head = $("article-head"), legend = $("article-legend"), body = $("article-text");
    clear(head); clear(legend); clear(body);
    var url = d.url ? safeUrl(d.url) : null;
    append(head, [
      h("div", { cls: "nav" },
        h("a", { href: "#articles", text: "\u2190 all articles" }),
        di > 0 ? h("button", { type: "button", cls: "link", text: "\u2039 previous", on: { click: function () { openArticle(di - 1); } } }) : null,
        di < docs.length - 1 ? h("button", { type: "button", cls: "link", text: "next \u203a", on: { click: function () { openArticle(di + 1); } } }) : null),
      h("h2", { text: docLabel(d) }),
      h("div", { cls: "muted" },
        [d.date || "undated", d.id, d.path].filter(Boolean).join(" \u00b7 "),
        d.url ? [" \u00b7 ", url ? h("a", { href: url, target: "_blank", rel: "noopener noreferrer", text: d.url }) : d.url] : null),
      h("div", { cls: "muted", text: d.m.length + " highlighted mention" + (d.m.length === 1 ? "" : "s") +
        (d.bad ? "; " + d.bad + " did not match the source text and are not shown" : "") +
        " \u2014 hover a highlight to preview, click it for the claim, its denials and its other outlets." })
    ]);
    docSpeakers(di).forEach(function (p) {
      var s = speakers[p[0]];
      append(legend, h("span", { cls: "key" }, swatch(s), s.name + " (" + p[1] + ")"));
    });
    if (d.m.some(function (m) { return claims[m[0]].isDenial; }))
      append(legend, h("span", { cls: "key denial-key", text: "\u2298 dashed = denial" }));
    if (d.m.some(function (m) { return claims[m[0]].isDenied; }))
      append(legend, h("span", { cls: "key", text: "wavy underline = denied by someone" }));
    if (d.text === null) {
      body.className = "article-text missing";
      // Without the text there is nothing to highlight, but the claims found in it still list.
      append(body, [
        h("p", { text: "The article text is not available (" + d.missing + "). Pass the articles with --source when building the report. Its mentions:" }),
        h("ul", null, mentionsOf(di).slice().sort(function (a, b) {
          return claims[a[0]].ms[a[1]].s - claims[b[0]].ms[b[1]].s;
        }).map(function (p) {
          var c = claims[p[0]], m = c.ms[p[1]];
          return h("li", { data: { claim: c.id }, on: { click: function () { openClaim(c.i); } } },
            swatch(spOf(c)), spOf(c).name + " [" + m.s + ":" + m.e + "]: " + clip(m.t, 300));
        }))]);
    } else {
      body.className = "article-text";
      var items = d.m.map(function (m) { return { ci: m[0], k: m[1], s: m[2], e: m[3] }; });
      var frag = document.createDocumentFragment();
      buildHighlights(frag, d.text, 0, d.text.length, items);
      body.appendChild(frag);
    }
    if (focusStart !== null) {
      var target = body.querySelector('mark[data-start="' + focusStart + '"]');
      if (target) {
        target.scrollIntoView({ block: "center" });
        target.classList.add("flash");
        markActive(target.dataset.ci);
      }
    } else window.scrollTo(0, 0);
    if (panelClaim !== null) openClaim(panelClaim);  // refresh it: "this article" has moved
  }
  function markActive(ci) {
    Array.prototype.forEach.call(document.querySelectorAll("mark.m.active"), function (m) { m.classList.remove("active"); });
    Array.prototype.forEach.call(document.querySelectorAll('mark.m[data-ci="' + ci + '"]'), function (m) { m.classList.add("active"); });
  }
  var textNode = $("article-text");
  textNode.addEventListener("click", function (e) {
    var mark = e.target.closest("mark.m");
    if (mark) openClaim(Number(mark.dataset.ci));
  });
  textNode.addEventListener("keydown", function (e) {
    var mark = e.target.closest("mark.m");
    if (mark && e.key === "Enter") openClaim(Number(mark.dataset.ci));
  });
  textNode.addEventListener("mouseover", function (e) {
    var mark = e.target.closest("mark.m");
    if (mark) showTip(mark); else hideTip();
  });
  textNode.addEventListener("mouseleave", hideTip);

  // ------------------------------------------------------------ hover preview
  var tip = $("tip");
  function showTip(mark) {
    var c = claims[Number(mark.dataset.ci)], s = spOf(c);
    var others = c.out - 1;
    clear(tip);
    append(tip, [
      h("div", { cls: "tsp" }, swatch(s), s.name + (c.isDenial ? " \u2014 denial" : "")),
      h("div", { text: clip(c.c, 240) }),
      h("div", { cls: "tmeta", text: [c.qt, c.cue ? "cue: " + c.cue : "", others > 0 ? "also in " + others + " other outlet" + (others === 1 ? "" : "s") : "only this outlet",
        c.isDenied ? "denied by " + c.dby.length : ""].filter(Boolean).join(" \u00b7 ") + " \u2014 click for details" })
    ]);
    tip.hidden = false;
    var r = mark.getBoundingClientRect(), tr = tip.getBoundingClientRect();
    var top = r.bottom + 6;
    if (top + tr.height > window.innerHeight) top = Math.max(4, r.top - tr.height - 6);
    tip.style.top = top + "px";
    tip.style.left = Math.max(4, Math.min(r.left, window.innerWidth - tr.width - 8)) + "px";
  }
  function hideTip() { tip.hidden = true; }

  // ------------------------------------------------------------ claim panel
  var panelClaim = null;
  function openClaim(ci) {
    if (ci === undefined || ci === null || !claims[ci]) return;
    panelClaim = ci;
    var c = claims[ci], s = spOf(c), body = $("panel-body");
    clear(body);
    var pn = $("panel");
    pn.hidden = false;
    pn.dataset.claim = c.id;
    document.body.classList.add("has-panel");
    append(body, [
      h("h3", null, swatch(s), s.name),
      h("div", null, h("span", { cls: "badge qt", text: c.qt || "?" }), denialBadges(c),
        h("span", { cls: "muted", text: c.out + " outlet" + (c.out === 1 ? "" : "s") })),
      h("blockquote", { vars: { "--c": s.c }, text: c.c }),
      h("dl", null,
        h("dt", { text: "speaker" }), h("dd", { text: [s.name, s.kinds.join("/"), roles(s)].filter(Boolean).join(" \u00b7 ") }),
        s.aliases.length ? [h("dt", { text: "aliases" }), h("dd", { text: s.aliases.join(", ") })] : null,
        h("dt", { text: "cue" }), h("dd", { text: c.cue || "\u2014" }),
        h("dt", { text: "first seen" }), h("dd", { text: c.fs ? (c.fs.date || "undated") + " \u00b7 " + docLabel(docs[c.fs.d]) : "\u2014" }),
        c.st ? [h("dt", { text: "statement" }), h("dd", { text: c.st })] : null,
        typeof c.cw === "number" ? [h("dt", { text: "check-worthiness" }), h("dd", { text: c.cw.toFixed(3) + (c.ct ? " (" + c.ct + ")" : "") })] : null,
        c.conf !== null && c.conf !== undefined ? [h("dt", { text: "confidence" }), h("dd", { text: String(c.conf) })] : null,
        h("dt", { text: "claim id" }), h("dd", { text: c.id }))
    ]);
    relSection(body, "Denies", c, c.den, "denies");
    relSection(body, "Denied by", c, c.dby, "denied_by");
    if (c.var.length > 1) {
      append(body, h("h4", { text: "Variants: how outlets worded it (" + c.var.length + ")" }));
      append(body, h("div", { cls: "muted", text: "highlighted words differ from the claim's wording above" }));
      append(body, h("div", { cls: "variants" }, c.var.map(function (v) {
        return h("div", { cls: "variant" },
          h("div", { cls: "vt" }, diffWords(c.c, v.t)),
          h("div", { cls: "who" }, v.d.map(function (di) {
            return h("div", null, h("button", { type: "button", cls: "link", text: clip(docLabel(docs[di]), 40),
              on: { click: function () { var m = mentionIn(c, di); openArticle(di, m ? m.s : null); } } }));
          })));
      })));
    }
    append(body, h("h4", { text: "Outlets (" + c.ms.length + " mention" + (c.ms.length === 1 ? "" : "s") + ")" }));
    c.ms.forEach(function (m) {
      var d = docs[m.d];
      append(body, h("div", { cls: "outlet" + (m.d === currentDoc && !$("view-article").hidden ? " here" : "") },
        h("div", null, h("button", { type: "button", cls: "link", text: docLabel(d), on: { click: function () { openArticle(m.d, m.s); } } }),
          h("span", { cls: "muted", text: " " + (d.date || "undated") + (m.d === currentDoc && !$("view-article").hidden ? " \u00b7 this article" : "") })),
        h("div", { cls: "said", text: clip(m.t, 400) }),
        h("div", { cls: "muted", text: ["speaker as written: " + (m.sp || "\u2014"), m.cue ? "cue: " + m.cue : ""].filter(Boolean).join(" \u00b7 ") })));
    });
    markActive(String(ci));
    Array.prototype.forEach.call(document.querySelectorAll("#claims-body tr"), function (tr) {
      tr.classList.toggle("selected", tr.dataset.claim === c.id);
    });
  }
  function mentionIn(c, di) {
    for (var i = 0; i < c.ms.length; i++) if (c.ms[i].d === di) return c.ms[i];
    return null;
  }
  function relSection(body, title, c, list, rel) {
    if (!list.length) return;
    append(body, h("h4", { text: title + " (" + list.length + ")" }));
    list.forEach(function (oi) {
      var o = claims[oi], os = spOf(o);
      var ev = c.links.filter(function (ln) { return ln.rel === rel && ln.id === oi && ln.ev; });
      append(body, h("div", { cls: "rel", data: { claim: o.id }, tabindex: "0", on: { click: function () { openClaim(oi); } } },
        h("div", null, swatch(os), h("b", { text: os.name }), ": ", clip(o.c, 220)),
        ev.map(function (ln) { return h("div", { cls: "ev", text: "evidence" + (ln.d >= 0 ? " (" + docs[ln.d].id + ")" : "") + ": " + clip(ln.ev, 200) }); })));
    });
  }
  /* Words of `v` that are not in the longest common subsequence with `base` are marked,
   * so a reviewer sees at a glance where an outlet's wording differs. */
  function diffWords(base, v) {
    var a = base.split(/(\s+)/), b = v.split(/(\s+)/);
    var norm = function (w) { return w.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ""); };
    var A = a.filter(function (_, i) { return i % 2 === 0; }).map(norm), B = b.filter(function (_, i) { return i % 2 === 0; });
    var Bn = B.map(norm);
    if (A.length * Bn.length > 250000) return v;
    var n = A.length, m = Bn.length, L = [];
    for (var i = 0; i <= n; i++) { L.push(new Uint16Array(m + 1)); }
    for (i = n - 1; i >= 0; i--) for (var j = m - 1; j >= 0; j--)
      L[i][j] = A[i] === Bn[j] ? L[i + 1][j + 1] + 1 : Math.max(L[i + 1][j], L[i][j + 1]);
    var same = new Array(m).fill(false);
    i = 0; j = 0;
    while (i < n && j < m) {
      if (A[i] === Bn[j]) { same[j] = true; i++; j++; }
      else if (L[i + 1][j] >= L[i][j + 1]) i++; else j++;
    }
    var out = [];
    B.forEach(function (w, k) {
      out.push(same[k] || !w ? w : h("span", { cls: "diff", text: w }));
      if (k < B.length - 1) out.push(b[2 * k + 1]);
    });
    return out;
  }
  function closePanel() {
    $("panel").hidden = true;
    document.body.classList.remove("has-panel");
    panelClaim = null;
    markActive("-1");
    Array.prototype.forEach.call(document.querySelectorAll("#claims-body tr.selected"), function (tr) { tr.classList.remove("selected"); });
  }
  $("panel-close").addEventListener("click", closePanel);
  document.addEventListener("keydown", function (e) { if (e.key === "Escape") { closePanel(); hideTip(); } });

  route();
  window.__claimexReadyMs = performance.now() - t0;
  document.documentElement.dataset.ready = "1";
})();
