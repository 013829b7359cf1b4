/* Knowledge-graph view. All data comes from the JSON block #kg-data and is only ever put into
   the page as text (textContent, option text, vis-network string titles), never as HTML.

   The payload is an index of the whole graph (entities, documents, claims, relations) plus the
   first picture, planned and laid out in Python. Every filter, search result or clicked pair
   plans a new picture here with the same rules (function plan, mirroring
   graph/exports/_viewplan.py) and lays it out with vis-network's own force solver, then pushes
   overlapping labels apart. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("kg-data").textContent);
  var S = data.style;
  var IX = data.index;
  var E = IX.entities;
  var D = IX.docs;
  var C = IX.claims;
  var nE = E.name.length;
  var nD = D.name.length;
  var nC = C.text.length;
  C.doc = [].concat.apply([], C.doc.map(function (run) { return new Array(run[1]).fill(run[0]); }));
  /* unpack the compact columns (see _viewmodel: claim_flags, "sparse", type codes) */
  E.type = E.type.map(function (t) { return IX.types[t]; });
  C.mode = []; C.polarity = []; C.certainty = []; C.narrated = [];
  C.flags.forEach(function (f) {
    var nm = IX.modes.length;
    var np = IX.polarities.length;
    var nk = IX.certainties.length;
    C.mode.push(f % nm);
    C.polarity.push(Math.floor(f / nm) % np);
    C.certainty.push(Math.floor(f / (nm * np)) % nk);
    C.narrated.push(Math.floor(f / (nm * np * nk)) ? 1 : 0);
  });
  ["source", "date", "when", "occasion"].forEach(function (key) {
    var column = new Array(nC).fill("");
    var given = C.sparse[key];
    Object.keys(given).forEach(function (k) { column[Number(k)] = given[k]; });
    C[key] = column;
  });
  var typeStyle = {};
  var edgeStyle = {};
  data.legend.nodes.forEach(function (t) { typeStyle[t.type] = t; });
  data.legend.edges.forEach(function (e) { edgeStyle[e.kind] = e; });
  var SPEAKER_TYPES = { person: true, organization: true };

  /* ---------- derived indexes ---------- */
  var spokenBy = [];
  var aboutIn = [];
  var relsOf = [];
  var i;
  for (i = 0; i < nE; i++) { spokenBy.push([]); aboutIn.push([]); }
  for (i = 0; i < nC; i++) relsOf.push([]);
  for (i = 0; i < nC; i++) {
    if (C.speaker[i] >= 0) spokenBy[C.speaker[i]].push(i);
    for (var k = 0; k < C.about[i].length; k++) aboutIn[C.about[i][k]].push(i);
  }
  data.relations.forEach(function (r, k) { relsOf[r[0]].push(k); relsOf[r[1]].push(k); });

  /* ---------- text metrics and labels (as in _viewplan.py) ---------- */
  function isWide(o) {
    return (o >= 0x1100 && o <= 0x115F) || (o >= 0x2E80 && o <= 0xA4CF) || (o >= 0xAC00 && o <= 0xD7A3) ||
      (o >= 0xF900 && o <= 0xFAFF) || (o >= 0xFF00 && o <= 0xFF60);
  }
  function textWidth(text, size) {
    var total = 0;
    for (var ch of text) {
      var o = ch.codePointAt(0);
      if (o >= 32 && o <= 126) total += S.widths[o - 32];
      else total += isWide(o) ? S.wideWidth : S.otherWidth;
    }
    return total * size / 100;
  }
  function squash(text) { return String(text).split(/\s+/).filter(Boolean).join(" "); }
  function cut(text, limit) {
    var chars = Array.from(squash(text));
    if (chars.length <= limit) return chars.join("");
    var head = chars.slice(0, limit - 1).join("");
    var space = head.lastIndexOf(" ");
    if (space >= limit * 0.6) head = head.slice(0, space);
    return head.replace(/[ ,;:]+$/, "") + "…";
  }
  function quoted(text) { return /^["'“”‘’«»„]/.test(text) ? text : "“" + text + "”"; }
  function gist(text) { return cut(squash(text).replace(/^(?:that|whether)\s+/i, ""), S.gistChars); }
  function wrap(text, size, width) {
    var lines = [];
    var line = "";
    text.split(" ").forEach(function (word) {
      var candidate = line ? line + " " + word : word;
      if (line && textWidth(candidate, size) > width) { lines.push(line); line = word; } else line = candidate;
    });
    if (line) lines.push(line);
    return lines.length ? lines : [""];
  }
  function entityBox(label, size) {
    var labelH = S.font * 1.25;
    var w = Math.max(2 * size, textWidth(label, S.font) + 4);
    var h = 2 * size + 5 + labelH;
    return { w: w, h: h, dy: h / 2 - size };
  }
  function claimBox(label) {
    var lines = wrap(label, S.claimFont, S.claimWidth);
    var w = Math.max.apply(null, lines.map(function (l) { return textWidth(l, S.claimFont); })) + 12;
    return { w: w, h: lines.length * S.claimFont * 1.2 + 12, dy: 0 };
  }
  function speakerSize(n) { return Math.min(26, 9 + 2.2 * Math.sqrt(n)); }
  function topicSize(n) { return Math.min(20, 7 + 1.6 * Math.sqrt(n)); }
  function entityLabel(e) { return cut(E.name[e], S.labelChars); }
  function fold(text) { return String(text).toLowerCase(); }
  function byName(a, b) {
    var x = fold(E.name[a]);
    var y = fold(E.name[b]);
    return x < y ? -1 : x > y ? 1 : a - b;
  }
  function boxOf(key, role, weight) {
    var idx = Number(key.slice(1));
    if (key[0] === "c") return claimBox(gist(C.text[idx]));
    return entityBox(entityLabel(idx), role === "speaker" ? speakerSize(weight) : topicSize(weight));
  }

  /* ---------- planning a picture (mirror of _viewplan.plan) ---------- */
  function Budget(maxNodes) {
    this.maxNodes = maxNodes;
    this.limit = S.areaBudget * Math.max(1, maxNodes / S.maxNodes);
    this.area = 0;
    this.keys = new Map();
  }
  Budget.prototype.take = function (key, box) {
    if (this.keys.has(key)) return true;
    var a = box.w * box.h;
    if (this.keys.size >= this.maxNodes || (this.keys.size && this.area + a > this.limit)) return false;
    this.keys.set(key, this.keys.size);
    this.area += a;
    return true;
  };
  function ordered(budget, roles) {
    var out = [];
    budget.keys.forEach(function (_, key) { if (roles.has(key)) out.push([key, roles.get(key)[0], roles.get(key)[1]]); });
    return out;
  }

  function plan(claims, opts) {
    var types = opts.types;
    var pins = opts.pins || [];
    var maxNodes = opts.maxNodes || data.maxNodes;
    if (claims.length <= S.claimNodes && types.claim) return claimsAsNodes(claims, types, pins, maxNodes);
    return claimsAsEdges(claims, types, pins, maxNodes);
  }

  function claimsAsNodes(claims, types, pins, maxNodes) {
    var out = { mode: "claims", nodes: [], edges: [], claims: claims.length };
    var budget = new Budget(maxNodes);
    var spoken = new Map();
    var about = new Map();
    var roles = new Map();
    claims.forEach(function (c) {
      var s = C.speaker[c];
      if (s >= 0) spoken.set(s, (spoken.get(s) || 0) + 1);
      C.about[c].forEach(function (e) { about.set(e, (about.get(e) || 0) + 1); });
    });
    pins.forEach(function (e) {
      if (!types[E.type[e]]) return;
      var role = spoken.get(e) ? "speaker" : "topic";
      var weight = spoken.get(e) || about.get(e) || 0;
      if (budget.take("e" + e, boxOf("e" + e, role, weight))) roles.set("e" + e, [role, weight]);
    });
    for (var k = 0; k < claims.length; k++) {
      var c = claims[k];
      var key = "c" + c;
      if (!budget.take(key, claimBox(gist(C.text[c])))) break;
      roles.set(key, ["claim", 1]);
      var s = C.speaker[c];
      if (s >= 0 && types[E.type[s]] && budget.take("e" + s, entityBox(entityLabel(s), speakerSize(spoken.get(s))))) {
        if (!roles.has("e" + s)) roles.set("e" + s, ["speaker", spoken.get(s)]);
      }
      C.about[c].forEach(function (e) {
        if (e !== s && types[E.type[e]] && budget.take("e" + e, entityBox(entityLabel(e), topicSize(about.get(e))))) {
          if (!roles.has("e" + e)) roles.set("e" + e, ["topic", about.get(e)]);
        }
      });
    }
    out.nodes = ordered(budget, roles);
    var shown = new Set(out.nodes.map(function (n) { return n[0]; }));
    claims.forEach(function (c) {
      var key = "c" + c;
      if (!shown.has(key)) return;
      var s = C.speaker[c];
      if (s >= 0 && shown.has("e" + s)) out.edges.push(["e" + s, key, "says", [c]]);
      C.about[c].forEach(function (e) {
        if (e !== s && shown.has("e" + e)) out.edges.push([key, "e" + e, "about", [c]]);
      });
    });
    data.relations.forEach(function (r) {
      if (shown.has("c" + r[0]) && shown.has("c" + r[1])) out.edges.push(["c" + r[0], "c" + r[1], r[2], [r[0], r[1]]]);
    });
    return out;
  }

  function claimsAsEdges(claims, types, pins, maxNodes) {
    var out = { mode: "speakers", nodes: [], edges: [], claims: claims.length };
    var bySpeaker = new Map();
    claims.forEach(function (c) {
      var s = C.speaker[c];
      if (s >= 0 && SPEAKER_TYPES[E.type[s]] && types[E.type[s]]) {
        if (!bySpeaker.has(s)) bySpeaker.set(s, []);
        bySpeaker.get(s).push(c);
      }
    });
    var speakers = Array.from(bySpeaker.keys()).sort(function (a, b) {
      return (bySpeaker.get(b).length - bySpeaker.get(a).length) || byName(a, b);
    });
    var nSpeakers = Math.max(1, Math.floor(Math.min(maxNodes, S.maxNodes) * S.speakerShare));
    var budget = new Budget(maxNodes);
    var share = budget.limit * S.speakerShare;
    var roles = new Map();
    var chosen = [];
    pins.forEach(function (e) {
      if (!types[E.type[e]]) return;
      var n = bySpeaker.has(e) ? bySpeaker.get(e).length : 0;
      var role = n ? "speaker" : "topic";
      var weight = n || claims.filter(function (c) { return C.about[c].indexOf(e) >= 0; }).length;
      if (budget.take("e" + e, boxOf("e" + e, role, weight))) {
        roles.set("e" + e, [role, weight]);
        if (n) chosen.push(e);
      }
    });
    for (var k = 0; k < Math.min(nSpeakers, speakers.length); k++) {
      var s = speakers[k];
      if (roles.has("e" + s)) continue;
      var box = entityBox(entityLabel(s), speakerSize(bySpeaker.get(s).length));
      if (chosen.length && budget.area + box.w * box.h > share) break;
      if (!budget.take("e" + s, box)) break;
      roles.set("e" + s, ["speaker", bySpeaker.get(s).length]);
      chosen.push(s);
    }
    var pair = new Map();
    var topic = new Map();
    chosen.forEach(function (s) {
      bySpeaker.get(s).forEach(function (c) {
        C.about[c].forEach(function (e) {
          if (e === s) return;
          var pk = s + ":" + e;
          if (!pair.has(pk)) pair.set(pk, { s: s, e: e, claims: [] });
          pair.get(pk).claims.push(c);
          topic.set(e, (topic.get(e) || 0) + 1);
        });
      });
    });
    var topics = Array.from(topic.keys()).sort(function (a, b) { return (topic.get(b) - topic.get(a)) || byName(a, b); });
    for (k = 0; k < topics.length; k++) {
      var e = topics[k];
      if (roles.has("e" + e) || !types[E.type[e]]) continue;
      if (!budget.take("e" + e, entityBox(entityLabel(e), topicSize(topic.get(e))))) {
        if (budget.keys.size >= budget.maxNodes) break;
        continue;
      }
      roles.set("e" + e, ["topic", topic.get(e)]);
    }
    out.nodes = ordered(budget, roles);
    var shown = new Set(out.nodes.map(function (n) { return n[0]; }));
    var bys = new Map();
    var bye = new Map();
    pair.forEach(function (p) {
      if (!shown.has("e" + p.e)) return;
      if (!bys.has(p.s)) bys.set(p.s, []);
      if (!bye.has(p.e)) bye.set(p.e, []);
      bys.get(p.s).push(p);
      bye.get(p.e).push(p);
    });
    var keep = new Set();
    bys.forEach(function (rows) {
      rows.sort(function (a, b) { return (b.claims.length - a.claims.length) || (a.e - b.e); });
      rows.slice(0, S.perSpeaker).forEach(function (p) { keep.add(p); });
    });
    bye.forEach(function (rows) {
      rows.sort(function (a, b) { return (b.claims.length - a.claims.length) || (a.s - b.s); });
      rows.slice(0, S.perTopic).forEach(function (p) { keep.add(p); });
    });
    Array.from(keep).sort(function (a, b) { return (a.s - b.s) || (a.e - b.e); }).forEach(function (p) {
      out.edges.push(["e" + p.s, "e" + p.e, "talks", p.claims]);
    });
    var inClaims = new Set(claims);
    var between = new Map();
    data.relations.forEach(function (r) {
      if (!inClaims.has(r[0]) || !inClaims.has(r[1])) return;
      var sa = C.speaker[r[0]];
      var sb = C.speaker[r[1]];
      if (sa < 0 || sb < 0 || sa === sb || !shown.has("e" + sa) || !shown.has("e" + sb)) return;
      var lo = Math.min(sa, sb);
      var hi = Math.max(sa, sb);
      var bk = lo + ":" + hi + ":" + r[2];
      if (!between.has(bk)) between.set(bk, { lo: lo, hi: hi, kind: r[2], claims: [] });
      between.get(bk).claims.push(r[0], r[1]);
    });
    Array.from(between.values()).sort(function (a, b) {
      return (a.lo - b.lo) || (a.hi - b.hi) || (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0);
    }).forEach(function (x) { out.edges.push(["e" + x.lo, "e" + x.hi, x.kind, x.claims]); });
    return out;
  }

  /* ---------- state and claim selection ---------- */
  var allTypes = {};
  data.legend.nodes.forEach(function (t) { allTypes[t.type] = true; });
  var state = {
    speaker: null, entity: null, doc: null, mode: null, from: "", to: "",
    types: Object.assign({}, allTypes), focus: null
  };

  function claimDates(c) {
    var d = C.date[c] || (C.doc[c] >= 0 ? D.date[C.doc[c]] : "");
    if (!d) return null;
    var parts = d.split("/");
    return [parts[0], parts[parts.length - 1]];
  }

  function filtered() {
    return state.speaker !== null || state.entity !== null || state.doc !== null || state.mode !== null ||
      state.from !== "" || state.to !== "";
  }
  function allTypesOn() {
    return Object.keys(allTypes).every(function (t) { return state.types[t]; });
  }

  function selectClaims() {
    if (state.focus) return state.focus.claims.slice();
    var out = [];
    for (var c = 0; c < nC; c++) {
      if (C.narrated[c] && state.doc === null) continue;
      if (state.speaker !== null && C.speaker[c] !== state.speaker) continue;
      if (state.entity !== null && C.about[c].indexOf(state.entity) < 0) continue;
      if (state.doc !== null && C.doc[c] !== state.doc) continue;
      if (state.mode !== null && C.mode[c] !== state.mode) continue;
      if (state.from || state.to) {
        var r = claimDates(c);
        if (!r || (state.from && r[1] < state.from) || (state.to && r[0] > state.to)) continue;
      }
      out.push(c);
    }
    return out;
  }

  /* ---------- vis-network items ---------- */
  function speakerText(c) {
    if (C.speaker[c] >= 0) return E.name[C.speaker[c]];
    if (C.narrated[c]) return "(the article)";
    if (C.source[c]) return C.source[c] + " (unresolved)";
    return "(no stated source)";
  }
  function docText(c) { return C.doc[c] >= 0 ? D.name[C.doc[c]] : ""; }
  function dateText(c) {
    var d = C.date[c] || (C.doc[c] >= 0 ? D.date[C.doc[c]] : "");
    return d.replace("/", " – ");
  }
  function claimLine(c) {
    var meta = [docText(c), dateText(c)].filter(Boolean).join(", ");
    return speakerText(c) + ": " + quoted(cut(C.text[c], 140)) + (meta ? " (" + meta + ")" : "");
  }
  function entityTooltip(e) {
    var st = typeStyle[E.type[e]];
    var lines = [st.label + ": " + E.name[e]];
    if (E.aliases[e].length) lines.push("also: " + cut(E.aliases[e].join("; "), 160));
    if (E.roles[e]) lines.push("roles: " + cut(E.roles[e], 160));
    lines.push(spokenBy[e].length + " claims made, " + aboutIn[e].length + " claims about, " + E.mentions[e] + " mentions");
    return lines.join("\n");
  }
  function claimTooltip(c) {
    var lines = ["Claim: " + quoted(cut(C.text[c], 300)), "speaker: " + speakerText(c)];
    if (C.cue[c] >= 0 && IX.cues[C.cue[c]]) lines.push("cue: " + IX.cues[C.cue[c]]);
    if (C.mode[c]) lines.push("mode: " + IX.modes[C.mode[c]]);
    if (dateText(c)) lines.push("date: " + dateText(c));
    if (docText(c)) lines.push("document: " + docText(c));
    return lines.join("\n");
  }
  function visNode(key, role, weight, x, y) {
    var idx = Number(key.slice(1));
    var v;
    if (key[0] === "c") {
      var cs = typeStyle.claim;
      v = {
        id: key, label: gist(C.text[idx]), title: claimTooltip(idx), shape: "box", margin: 6,
        widthConstraint: { maximum: S.claimWidth + 12 },
        color: { background: cs.color, border: "#c2579f", highlight: { background: "#f6c6e3", border: "#7a1f5c" },
                 hover: { background: "#f6c6e3", border: "#7a1f5c" } },
        font: { size: S.claimFont, color: "#222222" }
      };
    } else {
      var st = typeStyle[E.type[idx]] || typeStyle.other;
      v = {
        id: key, label: entityLabel(idx), title: entityTooltip(idx), shape: st.shape,
        size: role === "speaker" ? speakerSize(weight) : topicSize(weight),
        color: { background: st.color, border: role === "speaker" ? "#1f1f1f" : "#666666",
                 highlight: { background: st.color, border: "#000000" }, hover: { background: st.color, border: "#000000" } },
        borderWidth: role === "speaker" ? 2 : 1,
        font: { size: S.font, color: "#1a1a1a", strokeWidth: 3, strokeColor: "#ffffff" }
      };
    }
    if (x !== undefined) { v.x = x; v.y = y; }
    v.kgRole = role;
    v.kgWeight = weight;
    return v;
  }
  function edgeTooltip(a, b, kind, claims) {
    var st = edgeStyle[kind];
    var name = function (key) { return key[0] === "c" ? "claim" : E.name[Number(key.slice(1))]; };
    if (kind === "talks") {
      var lines = [name(a) + " speaks about " + name(b) + ": " + claims.length + (claims.length === 1 ? " claim" : " claims")];
      claims.slice(0, 5).forEach(function (c) { lines.push("• " + quoted(cut(C.text[c], 120)) + (docText(c) ? " (" + docText(c) + ")" : "")); });
      if (claims.length > 5) lines.push("… click for all " + claims.length);
      return lines.join("\n");
    }
    if (kind === "contradicts" || kind === "supports") {
      var out = [kind === "contradicts" ? "Contradiction" : "Support"];
      for (var k = 0; k + 1 < claims.length && k < 6; k += 2) {
        out.push("• " + claimLine(claims[k]), "  " + kind + " " + claimLine(claims[k + 1]));
      }
      return out.join("\n");
    }
    return st.label;
  }
  function visEdge(row, k) {
    var kind = row[2];
    var st = edgeStyle[kind];
    var rel = kind === "contradicts" || kind === "supports";
    var v = {
      id: "x" + k, from: row[0], to: row[1], kgKind: kind, kgClaims: row[3],
      width: kind === "talks" ? Math.min(8, 1 + Math.log2(row[3].length)) : st.width,
      dashes: st.dashes ? [8, 6] : false,
      color: { color: st.color, highlight: rel ? st.color : "#333333", hover: rel ? st.color : "#555555", inherit: false, opacity: kind === "talks" ? 0.8 : 1 },
      arrows: kind === "says" ? { to: { enabled: true, scaleFactor: 0.5 } } : "",
      title: edgeTooltip(row[0], row[1], kind, row[3]),
      length: kind === "talks" ? 170 : 130
    };
    if (rel) {
      v.label = kind + (row[3].length > 2 ? " (" + row[3].length / 2 + ")" : "");
      v.font = { color: st.color, size: 12, strokeWidth: 3, align: "horizontal" };  /* "middle" draws a level edge's label at the origin (vis-network 9.1.2) */
    }
    return v;
  }

  /* ---------- the network ---------- */
  var container = document.getElementById("kg-network");
  var nodes = new vis.DataSet();
  var edges = new vis.DataSet();
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, {
    autoResize: true,
    physics: {
      enabled: false, solver: "forceAtlas2Based",
      forceAtlas2Based: { gravitationalConstant: -90, centralGravity: 0.015, springLength: 150, springConstant: 0.06, damping: 0.5, avoidOverlap: 1 },
      stabilization: { enabled: false, iterations: 250, updateInterval: 50, fit: false },
      minVelocity: 0.75, timestep: 0.5, adaptiveTimestep: false  /* an adapted step would carry over to the next layout: the same filter must give the same picture */
    },
    layout: { improvedLayout: false, randomSeed: 7 },
    interaction: { hover: true, tooltipDelay: 120, multiselect: true, navigationButtons: false, keyboard: false },
    nodes: { borderWidth: 1, font: { face: "system-ui, sans-serif" } },
    edges: { smooth: false, selectionWidth: 1.5, hoverWidth: 0.5, font: { size: 11, color: "#555555", strokeWidth: 3, align: "horizontal" } }
  });
  var current = { plan: null, claims: [] };
  var wantSelect = null;  /* nodes to select once the next picture is drawn */
  var layouts = 0;
  var ready = false;

  function minScale() {
    var fonts = [S.font];
    nodes.forEach(function (n) { if (n.id[0] === "c") fonts[1] = S.claimFont; });
    return S.minLabelPx / Math.min.apply(null, fonts);
  }
  function fitView() {
    if (!nodes.length) return;
    network.redraw();  /* takes the drawing area's current size first: fit reads it */
    network.fit({ animation: false });
    var floor = minScale();
    if (network.getScale() < floor) network.moveTo({ scale: floor, animation: false });
  }

  /* vis-network keeps the picture's share of the drawing area when the area is resized: never
     below legible labels */
  network.on("resize", function () {
    setTimeout(function () {  /* after vis-network has rescaled the view */
      var floor = minScale();
      if (nodes.length && network.getScale() < floor) network.moveTo({ scale: floor, animation: false });
    }, 0);
  });

  function draw(p, positions) {
    nodes.clear();
    edges.clear();
    var where = positions || seedPositions(p);
    nodes.add(p.nodes.map(function (n) {
      var xy = where.get(n[0]);
      return visNode(n[0], n[1], n[2], xy[0], xy[1]);
    }));
    edges.add(p.edges.map(visEdge));
    current.plan = p;
    if (wantSelect) network.selectNodes(wantSelect.filter(function (id) { return nodes.get(id); }));
    wantSelect = null;
    document.body.setAttribute("data-kg-visible", String(nodes.length));
  }

  var home = new Map();
  data.view.nodes.forEach(function (n) { home.set(n.key, [n.x, n.y]); });

  function seedPositions(p) {
    /* where each node starts before the solver runs: where it was, else next to a placed
       neighbour, else on a spiral (deterministic, so the same filter gives the same picture) */
    var pos = new Map();
    var old = network.getPositions();
    p.nodes.forEach(function (n) {
      if (old[n[0]]) pos.set(n[0], [old[n[0]].x, old[n[0]].y]);
      else if (home.has(n[0])) pos.set(n[0], home.get(n[0]).slice());
    });
    var golden = Math.PI * (3 - Math.sqrt(5));
    var placedAround = new Map();
    var guard = 0;
    var changed = true;
    while (changed && guard++ < 20) {
      changed = false;
      p.edges.forEach(function (e) {
        [[e[0], e[1]], [e[1], e[0]]].forEach(function (ab) {
          if (pos.has(ab[0]) && !pos.has(ab[1])) {
            var k = placedAround.get(ab[0]) || 0;
            placedAround.set(ab[0], k + 1);
            var base = pos.get(ab[0]);
            var r = 90 + 25 * Math.sqrt(k);
            pos.set(ab[1], [base[0] + r * Math.cos(golden * k), base[1] + r * Math.sin(golden * k)]);
            changed = true;
          }
        });
      });
    }
    var k = 0;
    p.nodes.forEach(function (n) {
      if (!pos.has(n[0])) {
        var r = 60 * Math.sqrt(++k);
        pos.set(n[0], [r * Math.cos(golden * k), r * Math.sin(golden * k)]);
      }
    });
    return pos;
  }

  function separate() {
    /* size the solver's picture to what its labels need, then push overlapping label boxes
       apart (as _layout._component and _layout._separate do) */
    var items = current.plan.nodes.map(function (n) { return { key: n[0], box: boxOf(n[0], n[1], n[2]) }; });
    var pos = network.getPositions(items.map(function (it) { return it.key; }));
    var p = items.map(function (it) { return [pos[it.key].x, pos[it.key].y]; });
    var n = items.length;
    var cx = 0;
    var cy = 0;
    p.forEach(function (xy) { cx += xy[0] / n; cy += xy[1] / n; });
    var span = 0;
    var area = 0;
    p.forEach(function (xy) { span = Math.max(span, Math.abs(xy[0] - cx), Math.abs(xy[1] - cy)); });
    items.forEach(function (it) { area += it.box.w * it.box.h; });
    var radius = Math.sqrt(area / S.density / Math.PI);
    var sx = span ? radius / span * Math.sqrt(S.aspect) : 1;
    var sy = span ? radius / span / Math.sqrt(S.aspect) : 1;
    p = p.map(function (xy) { return [(xy[0] - cx) * sx, (xy[1] - cy) * sy]; });
    var gap = 6;
    for (var round = 0; round < 400; round++) {
      var move = p.map(function () { return [0, 0]; });
      var any = false;
      for (var a = 0; a < n; a++) {
        var ba = items[a].box;
        for (var b = a + 1; b < n; b++) {
          var bb = items[b].box;
          var needX = (ba.w + bb.w) / 2 + gap;
          var needY = (ba.h + bb.h) / 2 + gap;
          var dx = p[a][0] - p[b][0];
          var dy = (p[a][1] + ba.dy) - (p[b][1] + bb.dy);
          var ox = needX - Math.abs(dx);
          var oy = needY - Math.abs(dy);
          if (ox <= 0 || oy <= 0) continue;
          any = true;
          if (ox / needX <= oy / needY) {
            var sx = dx === 0 ? (a < b ? -1 : 1) : Math.sign(dx);
            move[a][0] += sx * ox / 2; move[b][0] -= sx * ox / 2;
          } else {
            var sy = dy === 0 ? (a < b ? -1 : 1) : Math.sign(dy);
            move[a][1] += sy * oy / 2; move[b][1] -= sy * oy / 2;
          }
        }
      }
      if (!any) break;
      for (a = 0; a < n; a++) {
        p[a][0] += move[a][0] * 0.6 + Math.sign(move[a][0]) * 0.5;
        p[a][1] += move[a][1] * 0.6 + Math.sign(move[a][1]) * 0.5;
      }
    }
    nodes.update(items.map(function (it, k) { return { id: it.key, x: Math.round(p[k][0]), y: Math.round(p[k][1]) }; }));
  }

  function settled() {
    layouts += 1;
    document.body.setAttribute("data-kg-layout", String(layouts));
    document.body.removeAttribute("data-kg-busy");
  }
  /* One picture at a time: a picture asked for while the solver runs waits for it. */
  var relaying = false;
  var queued = null;
  network.on("stabilizationIterationsDone", function () {
    if (!relaying) return;
    relaying = false;
    network.setOptions({ physics: { enabled: false } });
    if (queued) {
      var next = queued;
      queued = null;
      render(next[0], next[1]);
      return;
    }
    separate();
    fitView();
    settled();
  });

  function render(p, positions) {
    document.body.setAttribute("data-kg-busy", "1");
    if (relaying) { queued = [p, positions]; return; }
    draw(p, positions);
    if (positions || nodes.length < 2) {
      fitView();
      settled();
      return;
    }
    relaying = true;
    network.setOptions({ physics: { enabled: true } });
    network.stabilize(250);
  }

  /* ---------- showing a state ---------- */
  var noticeEl = document.getElementById("kg-notice");
  var focusEl = document.getElementById("kg-focus");
  var focusText = document.getElementById("kg-focus-text");

  function isHome() { return !state.focus && !filtered() && allTypesOn(); }

  function describe(p) {
    var speakers = 0;
    var claims = 0;
    p.nodes.forEach(function (n) { if (n[1] === "speaker") speakers++; else if (n[1] === "claim") claims++; });
    if (p.mode === "claims") {
      if (claims === p.claims) return "all " + claims + (claims === 1 ? " claim" : " claims") + " with their speakers and the entities they are about";
      return "showing " + claims + " of " + p.claims + " claims with their speakers and topics (" + p.nodes.length + " nodes)";
    }
    if (p.mode === "entities") return data.notice;
    return "showing " + speakers + " speakers and " + (p.nodes.length - speakers) + " entities they speak about, from " +
      p.claims + " claims (" + p.nodes.length + " nodes)";
  }

  function show() {
    var claims = selectClaims();
    current.claims = claims;
    /* the header first: its height is the drawing area's, which the picture is fitted to */
    focusEl.hidden = !state.focus;
    focusText.textContent = state.focus ? state.focus.label : "";
    if (isHome()) {
      var p = { mode: data.view.mode, nodes: data.view.nodes.map(function (n) { return [n.key, n.role, n.weight]; }),
                edges: data.view.edges.map(function (e) { return [e.from, e.to, e.kind, e.claims]; }), claims: claims.length };
      noticeEl.textContent = data.notice;
      render(p, home);
    } else {
      var planned = plan(claims, { types: state.types, pins: pins() });
      noticeEl.textContent = claims.length ? describe(planned) : "no claim matches these filters";
      render(planned, null);
    }
    fillClaimList();
  }
  function pins() {
    var out = [];
    if (state.focus && state.focus.entity !== undefined) out.push(state.focus.entity);
    if (state.speaker !== null) out.push(state.speaker);
    if (state.entity !== null) out.push(state.entity);
    return out;
  }

  /* ---------- helpers for the panel ---------- */
  function el(tag, text, cls) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (cls) node.className = cls;
    return node;
  }
  function linkButton(text, onClick) {
    var b = el("button", text, "kg-link");
    b.type = "button";
    b.addEventListener("click", onClick);
    return b;
  }
  var details = document.getElementById("kg-details");
  var aside = document.querySelector("aside");
  function panel(title) {
    details.replaceChildren();
    if (title) details.appendChild(el("h3", title));
    aside.scrollTop = 0;
  }
  function claimItem(c) {
    var li = el("li", null, "kg-claim");
    li.appendChild(linkButton(speakerText(c) + ": " + quoted(gist(C.text[c])), function () { focusClaim(c); }));
    var meta = [dateText(c), docText(c)].filter(Boolean).join(" · ");
    if (meta) { li.appendChild(el("br")); li.appendChild(el("span", meta, "kg-muted")); }
    return li;
  }
  function claimList(claims, limit) {
    var ul = el("ul", null, "kg-list");
    var sorted = sortClaims(claims);
    var shown = 0;
    function more() {
      var until = Math.min(sorted.length, shown + limit);
      for (; shown < until; shown++) ul.appendChild(claimItem(sorted[shown]));
      if (shown < sorted.length) {
        var li = el("li");
        li.appendChild(linkButton("show " + Math.min(limit, sorted.length - shown) + " more of " + (sorted.length - shown), function () {
          li.remove();
          more();
        }));
        ul.appendChild(li);
      }
    }
    more();
    return ul;
  }
  function sortClaims(claims) {
    return claims.slice().sort(function (a, b) {
      var da = claimDates(a);
      var db = claimDates(b);
      if (da && db && da[0] !== db[0]) return da[0] < db[0] ? -1 : 1;
      if (!da !== !db) return da ? -1 : 1;
      return a - b;
    });
  }
  var claimsUl = document.getElementById("kg-claims");
  var claimCount = document.getElementById("kg-claim-count");
  function fillClaimList() {
    claimCount.textContent = String(current.claims.length);
    claimsUl.replaceWith(claimsUl = claimList(current.claims, 50));
    claimsUl.id = "kg-claims";
  }

  function iri(short) { return short.indexOf("://") >= 0 ? short : IX.prefix + short; }
  function entityIri(e, ref) {  /* see _viewmodel.entity_ref */
    return ref.indexOf("/") >= 0 ? iri(ref) : IX.prefix + E.type[e] + "/" + ref;
  }
  function rows(dl, pairs) {
    pairs.forEach(function (kv) {
      if (kv[1] === "" || kv[1] === null || kv[1] === undefined) return;
      dl.appendChild(el("dt", kv[0]));
      dl.appendChild(el("dd", kv[1], kv[2]));
    });
  }

  function showEntity(e) {
    var st = typeStyle[E.type[e]] || typeStyle.other;
    panel(st.label + ": " + E.name[e]);
    var dl = el("dl");
    rows(dl, [
      ["also known as", E.aliases[e].join("; ")],
      ["roles", E.roles[e]],
      ["mentions", E.mentions[e] ? String(E.mentions[e]) : ""],
      ["IRI", E.iris[e].map(function (ref) { return entityIri(e, ref); }).join("\n")]
    ]);
    details.appendChild(dl);
    var focusBtn = linkButton("Focus on " + E.name[e], function () { focusEntity(e); });
    details.appendChild(el("p")).appendChild(focusBtn);
    if (spokenBy[e].length) {
      details.appendChild(el("h2", "Claims made (" + spokenBy[e].length + ")"));
      details.appendChild(claimList(spokenBy[e], 20));
    }
    if (aboutIn[e].length) {
      details.appendChild(el("h2", "Claims about (" + aboutIn[e].length + ")"));
      details.appendChild(claimList(aboutIn[e], 20));
    }
  }

  function showClaim(c) {
    panel("Claim");
    var dl = el("dl");
    var d = C.doc[c];
    rows(dl, [
      ["text", C.text[c], "kg-text"],
      ["speaker", speakerText(c)],
      ["cue", IX.cues[C.cue[c]] || ""],
      ["mode", IX.modes[C.mode[c]]],
      ["date", [dateText(c), C.when[c] ? "(" + C.when[c] + ")" : ""].filter(Boolean).join(" ")],
      ["occasion", C.occasion[c]],
      ["polarity", IX.polarities[C.polarity[c]]],
      ["certainty", IX.certainties[C.certainty[c]]],
      ["about", C.about[c].map(function (e) { return E.name[e]; }).join("; ")],
      ["document", d >= 0 ? D.name[d] : ""],
      ["headline", d >= 0 ? D.headline[d] : ""],
      ["published", d >= 0 ? D.date[d] : ""],
      ["publisher", d >= 0 ? D.publisher[d] : ""],
      ["url", d >= 0 ? D.url[d] : ""],
      ["IRI", IX.claimPrefix + C.iri[c]]
    ]);
    details.appendChild(dl);
    var links = el("ul", null, "kg-list");
    if (C.speaker[c] >= 0) {
      var s = C.speaker[c];
      links.appendChild(el("li")).appendChild(linkButton("speaker: " + E.name[s], function () { focusEntity(s); }));
    }
    C.about[c].forEach(function (e) {
      links.appendChild(el("li")).appendChild(linkButton("about: " + E.name[e], function () { focusEntity(e); }));
    });
    relsOf[c].forEach(function (k) {
      var r = data.relations[k];
      var other = r[0] === c ? r[1] : r[0];
      links.appendChild(el("li")).appendChild(linkButton(r[2] + ": " + claimLine(other), function () { focusPair(k); }));
    });
    if (links.childNodes.length) { details.appendChild(el("h2", "Connections")); details.appendChild(links); }
  }

  function showEdge(edge) {
    var kind = edge.kgKind;
    if (kind === "contradicts" || kind === "supports") {
      panel(kind === "contradicts" ? "Contradicting claims" : "Supporting claims");
      var ul = el("ul", null, "kg-list");
      for (var k = 0; k + 1 < edge.kgClaims.length; k += 2) {
        var a = edge.kgClaims[k];
        var b = edge.kgClaims[k + 1];
        var rk = relsOf[a].filter(function (x) { var r = data.relations[x]; return (r[0] === b || r[1] === b) && r[2] === kind; })[0];
        ul.appendChild(el("li")).appendChild(linkButton(claimLine(a) + " — " + kind + " — " + claimLine(b), focusPair.bind(null, rk)));
      }
      details.appendChild(ul);
      return;
    }
    var from = edge.from;
    var to = edge.to;
    var name = function (key) { return key[0] === "c" ? "claim" : E.name[Number(key.slice(1))]; };
    panel(name(from) + " → " + name(to) + " (" + edge.kgClaims.length + (edge.kgClaims.length === 1 ? " claim)" : " claims)"));
    details.appendChild(claimList(edge.kgClaims, 50));
  }

  /* ---------- focusing ---------- */
  function clearFilters() {
    state.speaker = state.entity = state.doc = state.mode = null;
    state.from = state.to = "";
    speakerSel.value = entitySel.value = docSel.value = modeSel.value = "";
    fromIn.value = toIn.value = "";
  }
  function focusEntity(e) {
    var claims = [];
    for (var c = 0; c < nC; c++) {
      if (!C.narrated[c] && (C.speaker[c] === e || C.about[c].indexOf(e) >= 0)) claims.push(c);
    }
    clearFilters();
    state.focus = { label: "Focus: " + E.name[e], claims: claims, entity: e };
    wantSelect = ["e" + e];
    show();
    showEntity(e);
  }
  function focusClaim(c) {
    if (nodes.get("c" + c)) {
      network.selectNodes(["c" + c]);
      network.focus("c" + c, { scale: Math.max(network.getScale(), 1), animation: false });
      showClaim(c);
      return;
    }
    var claims = [c];
    relsOf[c].forEach(function (k) { var r = data.relations[k]; claims.push(r[0] === c ? r[1] : r[0]); });
    clearFilters();
    state.focus = { label: "Focus: claim by " + speakerText(c), claims: claims.sort(function (a, b) { return a - b; }) };
    wantSelect = ["c" + c];
    show();
    showClaim(c);
  }
  var pairButtons = new Map();
  function focusPair(k) {
    var r = data.relations[k];
    clearFilters();
    state.focus = {
      label: (r[2] === "contradicts" ? "Contradiction: " : "Support: ") + speakerText(r[0]) + " / " + speakerText(r[1]),
      claims: [r[0], r[1]], pair: k
    };
    wantSelect = ["c" + r[0], "c" + r[1]];
    show();
    panel(r[2] === "contradicts" ? "Contradicting claims" : "Supporting claims");
    [r[0], r[1]].forEach(function (c, side) {
      details.appendChild(el("h2", (side ? "B: " : "A: ") + speakerText(c)));
      var dl = el("dl");
      rows(dl, [["text", C.text[c], "kg-text"], ["document", docText(c)], ["date", dateText(c)]]);
      details.appendChild(dl);
    });
    if (r[3]) { details.appendChild(el("h2", "Why")); details.appendChild(el("p", r[3], "kg-muted")); }
    pairButtons.forEach(function (b, key) { b.classList.toggle("kg-active", key === k); });
  }
  document.getElementById("kg-focus-clear").addEventListener("click", function () { state.focus = null; show(); });

  network.on("click", function (params) {
    if (params.nodes && params.nodes.length) {
      var key = params.nodes[0];
      if (key[0] === "c") showClaim(Number(key.slice(1))); else showEntity(Number(key.slice(1)));
    } else if (params.edges && params.edges.length) {
      showEdge(edges.get(params.edges[0]));
    }
  });

  /* ---------- contradictions / supports panel ---------- */
  function fillPairs(kind, ul, countEl, emptyEl) {
    var n = 0;
    data.relations.forEach(function (r, k) {
      if (r[2] !== kind) return;
      n++;
      var li = el("li");
      var b = el("button", null, "kg-pair");
      b.type = "button";
      [r[0], r[1]].forEach(function (c) {
        var side = el("span", null, "kg-side");
        side.appendChild(el("b", speakerText(c)));
        side.appendChild(document.createTextNode(" said " + quoted(gist(C.text[c]))));
        side.appendChild(el("span", " " + [docText(c), dateText(c)].filter(Boolean).join(" · "), "kg-muted"));
        b.appendChild(side);
      });
      if (r[3]) b.title = r[3];
      b.addEventListener("click", function () { focusPair(k); });
      pairButtons.set(k, b);
      li.appendChild(b);
      ul.appendChild(li);
    });
    countEl.textContent = String(n);
    emptyEl.hidden = n > 0;
  }
  fillPairs("contradicts", document.getElementById("contradictions"),
            document.getElementById("kg-contradiction-count"), document.getElementById("kg-no-contradictions"));
  fillPairs("supports", document.getElementById("supports"),
            document.getElementById("kg-support-count"), document.getElementById("kg-no-supports"));

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
      state.types[t.type] = box.checked;
      show();
    });
    var sym = el("span", t.symbol, "kg-symbol");
    sym.style.color = t.type === "claim" ? "#c2579f" : t.color;
    row.appendChild(box);
    row.appendChild(sym);
    row.appendChild(el("span", t.label));
    row.appendChild(el("span", "(" + t.count + ")", "kg-count"));
    legendNodes.appendChild(row);
  });
  var legendEdges = document.getElementById("kg-legend-edges");
  data.legend.edges.forEach(function (e) {
    var row = el("div", null, "kg-legend-row");
    var line = el("span", null, "kg-line");
    line.style.borderTopColor = e.color;
    line.style.borderTopWidth = Math.max(2, e.width) + "px";
    line.style.borderTopStyle = e.dashes ? "dashed" : "solid";
    row.appendChild(line);
    row.appendChild(el("span", e.label));
    legendEdges.appendChild(row);
  });

  /* ---------- filter menus (option values are opaque indices) ---------- */
  var speakerSel = document.getElementById("speaker-filter");
  var entitySel = document.getElementById("entity-filter");
  var docSel = document.getElementById("document-filter");
  var modeSel = document.getElementById("mode-filter");
  var fromIn = document.getElementById("date-from");
  var toIn = document.getElementById("date-to");
  function fill(select, items) {
    var frag = document.createDocumentFragment();
    items.forEach(function (it) {
      var opt = el("option", cut(it[1], 60) + (it[2] !== undefined ? " (" + it[2] + ")" : ""));
      opt.value = String(it[0]);
      frag.appendChild(opt);
    });
    select.appendChild(frag);
    select.hidden = items.length === 0;
  }
  var named = function (row) { return [row[0], E.name[row[0]], row[1]]; };
  fill(speakerSel, data.filters.speakers.map(named));
  fill(entitySel, data.filters.entities.map(named));
  fill(docSel, data.filters.documents.map(function (n, d) { return [d, D.name[d], n]; }));
  fill(modeSel, data.filters.modes.map(function (m) { return [m, IX.modes[m]]; }));
  if (data.filters.dates.length) {
    [fromIn, toIn].forEach(function (input) { input.min = data.filters.dates[0]; input.max = data.filters.dates[1]; });
  } else {
    fromIn.disabled = toIn.disabled = true;
    fromIn.title = toIn.title = "no dated claims";
  }
  function onFilter(select, key) {
    select.addEventListener("change", function () {
      state[key] = select.value === "" ? null : Number(select.value);
      state.focus = null;
      show();
    });
  }
  onFilter(speakerSel, "speaker");
  onFilter(entitySel, "entity");
  onFilter(docSel, "doc");
  onFilter(modeSel, "mode");
  [[fromIn, "from"], [toIn, "to"]].forEach(function (pair) {
    pair[0].addEventListener("change", function () {
      state[pair[1]] = pair[0].value || "";
      state.focus = null;
      show();
    });
  });

  /* ---------- search: every entity, document and claim, not only the drawn ones ---------- */
  var search = document.getElementById("kg-search");
  var searchCount = document.getElementById("kg-search-count");
  var haystack = null;
  var matches = [];
  var timer = null;
  function buildHaystack() {
    haystack = { e: [], d: [], c: [] };
    for (var e = 0; e < nE; e++) haystack.e.push(fold([E.name[e]].concat(E.aliases[e]).join("\n")));
    for (var d = 0; d < nD; d++) haystack.d.push(fold(D.name[d] + "\n" + D.headline[d]));
    for (var c = 0; c < nC; c++) haystack.c.push(fold(C.text[c]));
  }
  function runSearch() {
    var q = fold(search.value.trim());
    matches = [];
    if (!q) { searchCount.textContent = ""; return; }
    if (!haystack) buildHaystack();
    var ents = [];
    var docs = [];
    var claims = [];
    haystack.e.forEach(function (h, e) { if (h.indexOf(q) >= 0) ents.push(e); });
    ents.sort(function (a, b) {
      return ((spokenBy[b].length + aboutIn[b].length + E.mentions[b]) - (spokenBy[a].length + aboutIn[a].length + E.mentions[a])) || byName(a, b);
    });
    haystack.d.forEach(function (h, d) { if (h.indexOf(q) >= 0) docs.push(d); });
    haystack.c.forEach(function (h, c) { if (h.indexOf(q) >= 0) claims.push(c); });
    ents.forEach(function (e) { matches.push(["e", e]); });
    docs.forEach(function (d) { matches.push(["d", d]); });
    claims.forEach(function (c) { matches.push(["c", c]); });
    searchCount.textContent = matches.length + (matches.length === 1 ? " match" : " matches");
    network.selectNodes(matches.filter(function (m) { return m[0] !== "d" && nodes.get(m[0] + m[1]); })
      .slice(0, 500).map(function (m) { return m[0] + m[1]; }));
    panel("Search results");
    var sections = [["Entities", ents, function (e) {
      return linkButton((typeStyle[E.type[e]] || typeStyle.other).label + ": " + E.name[e] +
        " (" + spokenBy[e].length + " claims made, " + aboutIn[e].length + " about)", function () { focusEntity(e); });
    }], ["Documents", docs, function (d) {
      return linkButton(D.name[d] + (D.headline[d] ? ": " + D.headline[d] : ""), function () { focusDoc(d); });
    }], ["Claims", claims, function (c) {
      return linkButton(claimLine(c), function () { focusClaim(c); });
    }]];
    sections.forEach(function (sec) {
      if (!sec[1].length) return;
      details.appendChild(el("h2", sec[0] + " (" + sec[1].length + ")"));
      var ul = el("ul", null, "kg-list");
      sec[1].slice(0, 100).forEach(function (x) { ul.appendChild(el("li")).appendChild(sec[2](x)); });
      details.appendChild(ul);
    });
    if (!matches.length) details.appendChild(el("p", "Nothing matches.", "kg-muted"));
  }
  function focusDoc(d) {
    clearFilters();
    state.focus = null;
    state.doc = d;
    docSel.value = String(d);
    show();
  }
  function focusMatch(m) {
    if (m[0] === "e") focusEntity(m[1]); else if (m[0] === "d") focusDoc(m[1]); else focusClaim(m[1]);
  }
  search.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(runSearch, 150);
  });
  search.addEventListener("keydown", function (ev) {
    if (ev.key === "Enter") {
      clearTimeout(timer);
      runSearch();
      if (matches.length) focusMatch(matches[0]);
    }
  });

  function reset() {
    clearFilters();
    state.focus = null;
    state.types = Object.assign({}, allTypes);
    search.value = "";
    searchCount.textContent = "";
    legendNodes.querySelectorAll("input[type=checkbox]").forEach(function (b) { b.checked = true; });
    pairButtons.forEach(function (b) { b.classList.remove("kg-active"); });
    network.unselectAll();
    panel(null);
    details.appendChild(el("p", "Click a node or an edge for its claims; hover for a summary.", "kg-muted"));
    show();
  }
  document.getElementById("kg-reset").addEventListener("click", reset);

  /* ---------- hooks for tests and users' scripts ---------- */
  var api = {
    network: network,
    ready: false,
    firstDrawMs: null,
    nodeCount: function () { return nodes.length; },
    edgeCount: function () { return edges.length; },
    totalNodes: function () { return data.total; },
    visibleIds: function () { return nodes.getIds(); },
    layouts: function () { return layouts; },
    claims: function () { return current.claims.slice(); },
    plan: function (claims, types) {
      return plan(claims, { types: types || Object.assign({}, allTypes), pins: [] });
    },
    inPlay: function () { var out = []; for (var c = 0; c < nC; c++) if (!C.narrated[c]) out.push(c); return out; },
    focusEntity: focusEntity,
    focusClaim: focusClaim,
    focusPair: focusPair,
    reset: reset,
    select: function (key) { network.selectNodes([key]); },
    domPosition: function (key) {
      var p = network.getPositions([key])[key];
      if (!p) return null;
      var d = network.canvasToDOM(p);
      var r = container.getBoundingClientRect();
      return { x: r.left + d.x, y: r.top + d.y };
    }
  };
  window.kgView = api;
  network.once("afterDrawing", function () {
    api.ready = ready = true;
    api.firstDrawMs = performance.now();
    document.body.setAttribute("data-kg-ready", "1");
  });
  show();
})();
