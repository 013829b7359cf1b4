/* Knowledge-graph view. All data comes from the JSON block #kg-data and is only ever put
   into the page as text (textContent, option text, vis-network string titles), never as HTML. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("kg-data").textContent);
  var nodesById = new Map();
  var adjacency = new Map();
  var typeStyle = {};
  var edgeStyle = {};
  data.nodes.forEach(function (n) { nodesById.set(n.id, n); adjacency.set(n.id, []); });
  data.legend.nodes.forEach(function (t) { typeStyle[t.type] = t; });
  data.legend.edges.forEach(function (e) { edgeStyle[e.kind] = e; });
  data.edges.forEach(function (e) {
    adjacency.get(e.from).push({ other: e.to, kind: e.kind, out: true, label: e.label });
    adjacency.get(e.to).push({ other: e.from, kind: e.kind, out: false, label: e.label });
  });

  var state = {
    showAll: false,
    types: new Set(data.legend.nodes.map(function (t) { return t.type; })),
    speaker: null,
    doc: null
  };
  var big = data.nodes.length > 1500;

  function el(tag, text, cls) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (cls) node.className = cls;
    return node;
  }

  function cut(text, limit) {
    text = String(text);
    return text.length <= limit ? text : text.slice(0, limit - 1) + "…";
  }

  function quoted(text) {
    return /^["'“”‘’«»„]/.test(text) ? text : "“" + text + "”";
  }

  /* Hover text: a plain string, which vis-network 9 shows as text (never as HTML). */
  function tooltip(n) {
    var st = typeStyle[n.type];
    var lines = [st.label + ": " + cut(n.type === "claim" ? quoted(n.label) : n.label, 300)];
    n.details.forEach(function (kv) { lines.push(kv[0] + ": " + cut(kv[1], 160)); });
    return lines.join("\n");
  }

  function visNode(n) {
    var st = typeStyle[n.type];
    var v = {
      id: n.id, label: n.short, title: tooltip(n), shape: st.shape, x: n.x, y: n.y, size: n.size,
      color: { background: st.color, border: "#555555",
               highlight: { background: st.color, border: "#000000" },
               hover: { background: st.color, border: "#000000" } },
      font: { size: n.type === "claim" ? 11 : 14, color: "#222222" }
    };
    if (st.shape === "box") {
      v.font = { size: 12, color: "#222222" };
      v.margin = 6;
    }
    return v;
  }

  function visEdge(e) {
    var st = edgeStyle[e.kind];
    var symmetric = e.kind === "contradicts" || e.kind === "supports";
    var v = {
      id: e.id, from: e.from, to: e.to, width: st.width, dashes: st.dashes ? [8, 6] : false,
      color: { color: st.color, highlight: symmetric ? st.color : "#333333", hover: st.color, inherit: false },
      arrows: symmetric ? "" : { to: { enabled: true, scaleFactor: 0.5 } },
      title: st.label + (e.label && e.label !== e.kind ? ": " + e.label : "")
    };
    if (e.kind === "role" || symmetric) v.label = e.label;
    if (symmetric) v.font = { color: st.color, size: 12, strokeWidth: 3 };
    return v;
  }

  var allNodes = new vis.DataSet(data.nodes.map(visNode));
  var allEdges = new vis.DataSet(data.edges.map(visEdge));
  var visible = new Set();  /* filled by computeVisible() below, before the views are built */
  var nodeView = null;
  var edgeView = null;

  function makeViews() {
    nodeView = new vis.DataView(allNodes, { filter: function (n) { return visible.has(n.id); } });
    edgeView = new vis.DataView(allEdges, {
      filter: function (e) { return visible.has(e.from) && visible.has(e.to); }
    });
  }

  function claimMatches(n) {
    return (state.speaker === null || n.speaker.indexOf(state.speaker) >= 0) &&
           (state.doc === null || n.docs.indexOf(state.doc) >= 0);
  }

  function computeVisible() {
    var out = new Set();
    if (state.speaker === null && state.doc === null) {
      data.nodes.forEach(function (n) {
        if ((state.showAll || !n.hidden) && state.types.has(n.type)) out.add(n.id);
      });
      return out;
    }
    /* A speaker or document filter is itself a focus: it applies to every node, shown or not,
       and keeps each matching claim with its neighbourhood (speaker, entities, document). */
    data.nodes.forEach(function (n) {
      if (n.type !== "claim" || !claimMatches(n)) return;
      out.add(n.id);
      adjacency.get(n.id).forEach(function (a) {
        if (nodesById.get(a.other).type !== "claim") out.add(a.other);
      });
    });
    if (state.doc !== null) out.add(state.doc);
    var typed = new Set();
    out.forEach(function (id) { if (state.types.has(nodesById.get(id).type)) typed.add(id); });
    return typed;
  }

  var notice = document.getElementById("kg-notice");
  var noticeText = document.getElementById("kg-notice-text");
  var expand = document.getElementById("kg-expand");

  function updateNotice() {
    var truncated = data.shown < data.total;
    var filtered = state.speaker !== null || state.doc !== null || state.types.size < data.legend.nodes.length;
    if (!truncated && !filtered) { notice.hidden = true; return; }
    notice.hidden = false;
    noticeText.textContent = "showing " + visible.size + " of " + data.total + " nodes" +
      (filtered ? " (filtered)" : "");
    expand.hidden = !truncated || filtered;
    expand.textContent = state.showAll ? "show top " + data.shown : "show all " + data.total;
  }

  function refresh() {
    visible = computeVisible();
    nodeView.refresh();
    edgeView.refresh();
    document.body.setAttribute("data-kg-visible", String(visible.size));
    updateNotice();
  }

  visible = computeVisible();
  makeViews();
  var container = document.getElementById("kg-network");
  var network = new vis.Network(container, { nodes: nodeView, edges: edgeView }, {
    autoResize: true,
    physics: false,
    layout: { improvedLayout: false, randomSeed: 7 },
    interaction: {
      hover: true, tooltipDelay: 120, hideEdgesOnDrag: big, hideEdgesOnZoom: big,
      multiselect: false, navigationButtons: false, keyboard: false
    },
    nodes: { borderWidth: 1, font: { face: "system-ui, sans-serif" } },
    edges: { smooth: false, selectionWidth: 1.5, hoverWidth: 0.5,
             font: { size: 11, color: "#555555", strokeWidth: 3, align: "middle" } }
  });
  document.body.setAttribute("data-kg-visible", String(visible.size));
  updateNotice();

  var api = {
    network: network,
    ready: false,
    firstDrawMs: null,
    nodeCount: function () { return nodeView.length; },
    edgeCount: function () { return edgeView.length; },
    totalNodes: function () { return data.nodes.length; },
    visibleIds: function () { return nodeView.getIds(); },
    showAll: function () { state.showAll = true; refresh(); },
    showTop: function () { state.showAll = false; refresh(); },
    select: function (id) { focusNode(id); },
    domPosition: function (id) {
      var p = network.getPositions([id])[id];
      if (!p) return null;
      var d = network.canvasToDOM(p);
      var r = container.getBoundingClientRect();
      return { x: r.left + d.x, y: r.top + d.y };
    }
  };
  window.kgView = api;
  network.once("afterDrawing", function () {
    api.ready = true;
    api.firstDrawMs = performance.now();
    document.body.setAttribute("data-kg-ready", "1");
  });
  network.fit({ animation: false });

  /* ---------- details panel ---------- */
  var details = document.getElementById("kg-details");

  function nodeButton(id, prefix) {
    var n = nodesById.get(id);
    var b = el("button", (prefix ? prefix + ": " : "") + n.short, "kg-link");
    b.type = "button";
    b.addEventListener("click", function () { focusNode(id); });
    return b;
  }

  function showDetails(id) {
    var n = nodesById.get(id);
    if (!n) return;
    details.replaceChildren();
    var st = typeStyle[n.type];
    var h = el("h3");
    var sym = el("span", st.symbol, "kg-symbol");
    sym.style.color = st.color;
    h.appendChild(sym);
    h.appendChild(document.createTextNode(" " + st.label + ": " + (n.type === "claim" ? n.short : n.label)));
    details.appendChild(h);
    var dl = el("dl");
    function row(key, value, cls) {
      dl.appendChild(el("dt", key));
      dl.appendChild(el("dd", value, cls));
    }
    if (n.type === "claim") row("text", n.label, "kg-text"); else row("name", n.label);
    n.details.forEach(function (kv) { row(kv[0], kv[1]); });
    row("IRI", n.iri);
    details.appendChild(dl);
    var links = adjacency.get(id);
    if (links.length) {
      details.appendChild(el("h2", "Connections (" + links.length + ")"));
      var ul = el("ul", null, "kg-list");
      links.slice(0, 200).forEach(function (a) {
        var li = el("li");
        var word = a.kind === "role" ? a.label : (edgeStyle[a.kind].label.split(" (")[0]);
        li.appendChild(nodeButton(a.other, (a.out ? "→ " : "← ") + word));
        if (!visible.has(a.other)) li.appendChild(el("span", " (hidden)", "kg-muted"));
        ul.appendChild(li);
      });
      details.appendChild(ul);
      if (links.length > 200) details.appendChild(el("p", "… and " + (links.length - 200) + " more", "kg-muted"));
    }
  }

  function focusNode(id) {
    showDetails(id);
    if (visible.has(id)) {
      network.selectNodes([id]);
      network.focus(id, { scale: Math.max(network.getScale(), 0.8), animation: false });
    }
  }

  network.on("click", function (params) {
    if (params.nodes && params.nodes.length) showDetails(params.nodes[0]);
  });

  /* ---------- legend with type filter ---------- */
  var legendNodes = document.getElementById("kg-legend-nodes");
  data.legend.nodes.forEach(function (t) {
    var row = el("label", null, "kg-legend-row");
    var box = el("input");
    box.type = "checkbox";
    box.checked = true;
    box.value = t.type;
    box.setAttribute("data-kg-type", t.type);
    box.addEventListener("change", function () {
      if (box.checked) state.types.add(t.type); else state.types.delete(t.type);
      refresh();
    });
    var sym = el("span", t.symbol, "kg-symbol");
    sym.style.color = t.color;
    row.appendChild(box);
    row.appendChild(sym);
    row.appendChild(el("span", t.label));
    row.appendChild(el("span", "(" + t.count + ")", "kg-count"));
    legendNodes.appendChild(row);
  });
  var legendEdges = document.getElementById("kg-legend-edges");
  data.legend.edges.forEach(function (e) {
    if (!e.count && e.kind !== "contradicts" && e.kind !== "supports") return;
    var row = el("div", null, "kg-legend-row");
    var line = el("span", null, "kg-line");
    line.style.borderTopColor = e.color;
    line.style.borderTopWidth = Math.max(2, e.width) + "px";
    line.style.borderTopStyle = e.dashes ? "dashed" : "solid";
    row.appendChild(line);
    row.appendChild(el("span", e.label));
    row.appendChild(el("span", "(" + e.count + ")", "kg-count"));
    legendEdges.appendChild(row);
  });

  /* ---------- speaker / document filters (option values are opaque node indices) ---------- */
  function fillSelect(select, items, key) {
    items.forEach(function (it) {
      var opt = el("option", it.label.length > 60 ? it.label.slice(0, 59) + "…" : it.label);
      opt.value = String(it.value);
      select.appendChild(opt);
    });
    select.addEventListener("change", function () {
      state[key] = select.value === "" ? null : Number(select.value);
      refresh();
      network.fit({ animation: false });
    });
  }
  var speakerSelect = document.getElementById("kg-speaker");
  var docSelect = document.getElementById("kg-document");
  fillSelect(speakerSelect, data.filters.speakers, "speaker");
  fillSelect(docSelect, data.filters.documents, "doc");
  speakerSelect.hidden = data.filters.speakers.length === 0;
  docSelect.hidden = data.filters.documents.length === 0;

  expand.addEventListener("click", function () {
    state.showAll = !state.showAll;
    refresh();
    network.fit({ animation: false });
  });

  /* ---------- search ---------- */
  var search = document.getElementById("kg-search");
  var searchCount = document.getElementById("kg-search-count");
  var matches = [];
  var timer = null;

  function runSearch() {
    var q = search.value.trim().toLowerCase();
    matches = [];
    if (q) {
      data.nodes.forEach(function (n) {
        if (visible.has(n.id) && n.label.toLowerCase().indexOf(q) >= 0) matches.push(n.id);
      });
    }
    network.selectNodes(matches.slice(0, 1000));
    searchCount.textContent = q ? matches.length + (matches.length === 1 ? " match" : " matches") : "";
    if (!q) return;
    details.replaceChildren();
    details.appendChild(el("h2", "Search results"));
    var ul = el("ul", null, "kg-list");
    matches.slice(0, 100).forEach(function (id) {
      var li = el("li");
      li.appendChild(nodeButton(id, typeStyle[nodesById.get(id).type].label));
      ul.appendChild(li);
    });
    details.appendChild(ul);
    if (!matches.length) details.appendChild(el("p", "No visible node matches.", "kg-muted"));
  }
  search.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(runSearch, 150);
  });
  search.addEventListener("keydown", function (ev) {
    if (ev.key === "Enter") {
      clearTimeout(timer);
      runSearch();
      if (matches.length) focusNode(matches[0]);
    }
  });

  document.getElementById("kg-reset").addEventListener("click", function () {
    state.speaker = null;
    state.doc = null;
    state.showAll = false;
    state.types = new Set(data.legend.nodes.map(function (t) { return t.type; }));
    speakerSelect.value = "";
    docSelect.value = "";
    search.value = "";
    searchCount.textContent = "";
    legendNodes.querySelectorAll("input[type=checkbox]").forEach(function (b) { b.checked = true; });
    refresh();
    network.unselectAll();
    network.fit({ animation: false });
  });
})();
