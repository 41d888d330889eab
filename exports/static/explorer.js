/* geokg explorer. All strings from the graph are input text: they are only
 * ever set with textContent, attribute setters or vis-network plain-text labels,
 * never with innerHTML. The public API is window.geokg (see exports/html.py). */
(function () {
  "use strict";

  var data = JSON.parse(document.getElementById("graph-data").textContent);
  var styles = data.styles;
  var SVG_NS = "http://www.w3.org/2000/svg";
  var DIM_NODE = { background: "#eceef1", border: "#d8dce1", highlight: { background: "#eceef1", border: "#d8dce1" }, hover: { background: "#eceef1", border: "#d8dce1" } };
  var DIM_EDGE = { color: "#e3e6ea", highlight: "#e3e6ea", hover: "#e3e6ea", inherit: false };
  var LABEL_MAX = 32;

  // ---------------------------------------------------------------- helpers
  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }
  function byId(id) { return document.getElementById(id); }
  function clip(text, max) {
    text = String(text).replace(/\s+/g, " ").trim();
    return text.length > max ? text.slice(0, max - 1) + "\u2026" : text;
  }
  function fold(text) {
    return String(text).normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/\s+/g, " ").trim();
  }
  function isWebLink(value) { return typeof value === "string" && /^https?:\/\//i.test(value); }
  function typeStyle(type) { return styles.types[type] || styles.fallback_type; }
  function familyStyle(family) { return styles.families[family] || styles.fallback_family; }
  function dayOf(date) { return date ? String(date).slice(0, 10) : null; }
  function fmt(n) { return n.toLocaleString("en-US"); }
  function plural(n, word) { return fmt(n) + " " + word + (n === 1 ? "" : "s"); }

  var nodeById = {};
  data.nodes.forEach(function (n) { nodeById[n.id] = n; });
  var edgeById = {};
  var edgesOfNode = {};
  data.nodes.forEach(function (n) { edgesOfNode[n.id] = []; });
  data.edges.forEach(function (e) {
    edgeById[e.id] = e;
    edgesOfNode[e.from].push(e);
    if (e.to !== e.from) { edgesOfNode[e.to].push(e); }
  });
  function labelOf(id) { return nodeById[id] ? nodeById[id].label : id; }
  function relationText(e) { return (e.negated ? "NOT " : "") + e.relation; }

  // ---------------------------------------------------------------- state
  var types = Object.keys(styles.types);
  data.nodes.forEach(function (n) { if (types.indexOf(n.type) < 0) { types.push(n.type); } });
  var families = Object.keys(styles.families);
  data.edges.forEach(function (e) { if (families.indexOf(e.family) < 0) { families.push(e.family); } });

  var filters = {};
  function defaultFilters() {
    filters.types = {}; types.forEach(function (t) { filters.types[t] = true; });
    filters.families = {}; families.forEach(function (f) { filters.families[f] = true; });
    filters.dateFrom = ""; filters.dateTo = "";
    filters.includeUndated = true; filters.hideNegated = false; filters.hideIsolated = false;
  }
  defaultFilters();
  var selection = null; // {kind: "node"|"edge", id}

  // ---------------------------------------------------------------- visibility
  function statementVisible(s) {
    var day = dayOf(s.date || s.published);  // the event date, else the document's publication date
    if (!day) { return filters.includeUndated; }
    if (filters.dateFrom && day < filters.dateFrom) { return false; }
    if (filters.dateTo && day > filters.dateTo) { return false; }
    return true;
  }
  function visibleStatements(e) { return e.statements.filter(statementVisible); }
  /* A link's statements that pass the date filters: all e.count of them when no date filter is
   * set, else only those listed (a link lists at most its latest few, data.edges[i].statements). */
  function statementCount(e) {
    var dated = filters.dateFrom || filters.dateTo || !filters.includeUndated;
    return dated ? visibleStatements(e).length : e.count;
  }
  function edgeVisible(e) {
    if (!filters.families[e.family]) { return false; }
    if (filters.hideNegated && e.negated) { return false; }
    if (!filters.types[nodeById[e.from].type] || !filters.types[nodeById[e.to].type]) { return false; }
    return statementCount(e) > 0;
  }
  function computeVisibility() {
    var edgeOn = {}, nodeOn = {};
    data.edges.forEach(function (e) { edgeOn[e.id] = edgeVisible(e); });
    data.nodes.forEach(function (n) {
      var on = !!filters.types[n.type];
      if (on && filters.hideIsolated) {
        on = edgesOfNode[n.id].some(function (e) { return edgeOn[e.id]; });
      }
      nodeOn[n.id] = on;
    });
    data.edges.forEach(function (e) { edgeOn[e.id] = edgeOn[e.id] && nodeOn[e.from] && nodeOn[e.to]; });
    return { nodes: nodeOn, edges: edgeOn };
  }

  // ---------------------------------------------------------------- vis items
  function nodeColor(n) {
    var st = typeStyle(n.type);
    return { background: st.color, border: st.border, highlight: { background: st.color, border: "#111" }, hover: { background: st.color, border: "#111" } };
  }
  function edgeColor(e) {
    var c = familyStyle(e.family).color;
    return { color: c, highlight: c, hover: c, inherit: false };
  }
  function tooltipForNode(n) {
    var box = el("div");
    box.appendChild(el("div", "tip-title", n.label));
    box.appendChild(el("div", "tip-meta", n.type + (n.role ? " \u00b7 " + n.role : "")));
    if (n.alt_labels.length) { box.appendChild(el("div", "tip-meta", "also: " + clip(n.alt_labels.join(", "), 160))); }
    return box;
  }
  function tooltipForEdge(e) {
    var box = el("div");
    box.appendChild(el("div", "tip-title", labelOf(e.from) + " \u2192 " + relationText(e) + " \u2192 " + labelOf(e.to)));
    box.appendChild(el("div", "tip-meta", e.family + " \u00b7 " + plural(e.count, "statement")));
    if (e.statements.length && e.statements[0].evidence) { box.appendChild(el("div", "tip-evidence", clip(e.statements[0].evidence, 220))); }
    return box;
  }
  function initialNode(n) {
    var st = typeStyle(n.type);
    return {
      id: n.id, label: clip(n.label, LABEL_MAX), shape: st.shape, size: n.size,
      color: nodeColor(n), font: { color: "#1f2328" }, title: tooltipForNode(n)
    };
  }
  function initialEdge(e) {
    return {
      id: e.id, from: e.from, to: e.to, label: relationText(e), dashes: e.negated,
      color: edgeColor(e), width: 1.5, smooth: e.smooth, font: { color: "#3d444d" }, title: tooltipForEdge(e)
    };
  }

  var nodes = new vis.DataSet(data.nodes.map(initialNode));
  var edges = new vis.DataSet(data.edges.map(initialEdge));
  var container = byId("graph");
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, data.options);

  // ---------------------------------------------------------------- render
  function focusSets(vis) {
    if (!selection) { return null; }
    var focusNodes = {}, focusEdges = {};
    if (selection.kind === "node") {
      focusNodes[selection.id] = true;
      (edgesOfNode[selection.id] || []).forEach(function (e) {
        if (vis.edges[e.id]) { focusEdges[e.id] = true; focusNodes[e.from] = true; focusNodes[e.to] = true; }
      });
    } else {
      var e = edgeById[selection.id];
      focusEdges[e.id] = true; focusNodes[e.from] = true; focusNodes[e.to] = true;
    }
    return { nodes: focusNodes, edges: focusEdges };
  }

  var lastVisibility = null;
  function render() {
    var vis = computeVisibility();
    lastVisibility = vis;
    var focus = focusSets(vis);
    nodes.update(data.nodes.map(function (n) {
      var dim = focus && !focus.nodes[n.id];
      return { id: n.id, hidden: !vis.nodes[n.id], color: dim ? DIM_NODE : nodeColor(n), font: { color: dim ? "#c3c8cf" : "#1f2328" } };
    }));
    var shownEdges = 0, shownStatements = 0;
    edges.update(data.edges.map(function (e) {
      var count = statementCount(e);
      var dim = focus && !focus.edges[e.id];
      if (vis.edges[e.id]) { shownEdges += 1; shownStatements += count; }
      return {
        id: e.id, hidden: !vis.edges[e.id],
        label: relationText(e) + (count > 1 ? " \u00d7" + fmt(count) : ""),
        width: count > 1 ? Math.min(1.5 + Math.log2(count), 6) : 1.5,
        color: dim ? DIM_EDGE : edgeColor(e),
        font: { color: dim ? "rgba(0,0,0,0)" : "#3d444d", strokeColor: dim ? "rgba(0,0,0,0)" : "#ffffff" }
      };
    }));
    var shownNodes = data.nodes.filter(function (n) { return vis.nodes[n.id]; }).length;
    byId("stats").textContent = fmt(shownNodes) + " entities \u00b7 " + fmt(shownStatements) + " statements (" + fmt(shownEdges) + " links) shown";
    updateCounts(vis);
    renderPanel();
  }

  // ---------------------------------------------------------------- legend + filters
  function shapeSwatch(shape, color, border) {
    var svg = document.createElementNS(SVG_NS, "svg");
    svg.setAttribute("class", "swatch");
    svg.setAttribute("viewBox", "0 0 16 16");
    var s;
    if (shape === "square") {
      s = document.createElementNS(SVG_NS, "rect");
      s.setAttribute("x", "2"); s.setAttribute("y", "2"); s.setAttribute("width", "12"); s.setAttribute("height", "12");
    } else if (shape === "dot") {
      s = document.createElementNS(SVG_NS, "circle");
      s.setAttribute("cx", "8"); s.setAttribute("cy", "8"); s.setAttribute("r", "6");
    } else {
      var points = {
        diamond: "8,1 15,8 8,15 1,8",
        triangle: "8,1.5 15,14 1,14",
        hexagon: "4.5,2 11.5,2 15,8 11.5,14 4.5,14 1,8",
        star: "8,1 10,6 15,6 11,9.5 12.5,15 8,11.5 3.5,15 5,9.5 1,6 6,6"
      }[shape] || "8,1 15,8 8,15 1,8";
      s = document.createElementNS(SVG_NS, "polygon");
      s.setAttribute("points", points);
    }
    s.setAttribute("fill", color); s.setAttribute("stroke", border); s.setAttribute("stroke-width", "1.2");
    svg.appendChild(s);
    return svg;
  }
  function checkbox(id, value, checked, onChange) {
    var input = el("input");
    input.type = "checkbox";
    if (id) { input.id = id; }
    input.setAttribute("data-value", value);
    input.checked = checked;
    input.addEventListener("change", function () { onChange(input.checked); });
    return input;
  }
  var countBadges = { types: {}, families: {} };
  function buildFilters() {
    var typeBox = byId("filter-types");
    types.forEach(function (t) {
      var st = typeStyle(t);
      var label = el("label");
      var known = Object.prototype.hasOwnProperty.call(styles.types, t);
      label.appendChild(checkbox(known ? "filter-type-" + t : null, t, true, function (on) { filters.types[t] = on; render(); }));
      label.appendChild(shapeSwatch(st.shape, st.color, st.border));
      label.appendChild(el("span", null, t));
      countBadges.types[t] = label.appendChild(el("span", "count"));
      typeBox.appendChild(label);
    });
    var familyBox = byId("filter-families");
    families.forEach(function (f) {
      var label = el("label");
      var known = Object.prototype.hasOwnProperty.call(styles.families, f);
      label.appendChild(checkbox(known ? "filter-family-" + f : null, f, true, function (on) { filters.families[f] = on; render(); }));
      var line = el("span", "line-swatch");
      line.style.borderTopColor = familyStyle(f).color;
      label.appendChild(line);
      label.appendChild(el("span", null, f));
      countBadges.families[f] = label.appendChild(el("span", "count"));
      familyBox.appendChild(label);
    });
    if (data.date_range) {
      ["filter-date-from", "filter-date-to"].forEach(function (id) {
        byId(id).min = data.date_range[0]; byId(id).max = data.date_range[1];
      });
    }
    function onDate() {
      filters.dateFrom = byId("filter-date-from").value || "";
      filters.dateTo = byId("filter-date-to").value || "";
      render();
    }
    byId("filter-date-from").addEventListener("change", onDate);
    byId("filter-date-to").addEventListener("change", onDate);
    byId("filter-date-from").addEventListener("input", onDate);
    byId("filter-date-to").addEventListener("input", onDate);
    byId("filter-undated").addEventListener("change", function (ev) { filters.includeUndated = ev.target.checked; render(); });
    byId("filter-hide-negated").addEventListener("change", function (ev) { filters.hideNegated = ev.target.checked; render(); });
    byId("filter-hide-isolated").addEventListener("change", function (ev) { filters.hideIsolated = ev.target.checked; render(); });
    byId("filter-reset").addEventListener("click", resetFilters);
    byId("fit").addEventListener("click", function () { network.fit({ animation: false }); });
  }
  function updateCounts(vis) {
    var tc = {}, fc = {};
    data.nodes.forEach(function (n) { if (vis.nodes[n.id]) { tc[n.type] = (tc[n.type] || 0) + 1; } });
    data.edges.forEach(function (e) { if (vis.edges[e.id]) { fc[e.family] = (fc[e.family] || 0) + statementCount(e); } });
    types.forEach(function (t) { countBadges.types[t].textContent = String(tc[t] || 0); });
    families.forEach(function (f) { countBadges.families[f].textContent = fmt(fc[f] || 0); });
  }
  function resetFilters() {
    defaultFilters();
    document.querySelectorAll("#filter-types input, #filter-families input").forEach(function (i) { i.checked = true; });
    byId("filter-date-from").value = ""; byId("filter-date-to").value = "";
    byId("filter-undated").checked = true;
    byId("filter-hide-negated").checked = false;
    byId("filter-hide-isolated").checked = false;
    render();
  }

  // ---------------------------------------------------------------- side panel
  function addField(dl, name, value) {
    if (value === null || value === undefined || value === "") { return; }
    dl.appendChild(el("dt", null, name));
    dl.appendChild(el("dd", null, value));
  }
  function nodeButton(id) {
    var b = el("button", "linklike", labelOf(id));
    b.type = "button";
    b.addEventListener("click", function () { selectNode(id, true); });
    return b;
  }
  function renderNodePanel(n, body) {
    byId("panel-title").textContent = n.label;
    body.appendChild(el("p", "meta", n.type + (n.role ? " \u00b7 " + n.role : "")));
    if (lastVisibility && !lastVisibility.nodes[n.id]) { body.appendChild(el("p", "warning", "Hidden by the current filters.")); }
    if (n.alt_labels.length) {
      body.appendChild(el("h3", null, "Other names"));
      var ul = el("ul", "names");
      n.alt_labels.forEach(function (a) { ul.appendChild(el("li", null, a)); });
      body.appendChild(ul);
    }
    if (isWebLink(n.wikidata)) {
      body.appendChild(el("h3", null, "Wikidata"));
      var a = el("a", null, n.wikidata);
      a.setAttribute("href", n.wikidata);
      a.setAttribute("target", "_blank");
      a.setAttribute("rel", "noopener noreferrer");
      body.appendChild(a);
    }
    body.appendChild(el("h3", null, "IRI"));
    body.appendChild(el("div", "meta", n.id));
    var links = edgesOfNode[n.id].slice().sort(function (x, y) {
      return (y.count - x.count) || (x.relation < y.relation ? -1 : x.relation > y.relation ? 1 : 0);
    });
    var total = links.reduce(function (acc, e) { return acc + e.count; }, 0);
    body.appendChild(el("h3", null, "Statements (" + fmt(total) + ")"));
    if (!links.length) { body.appendChild(el("p", "hint", "No statements.")); }
    var list = el("ul", "statement-links");
    links.forEach(function (e) {
      var li = el("li");
      if (lastVisibility && !lastVisibility.edges[e.id]) { li.className = "filtered"; li.title = "hidden by the current filters"; }
      var outgoing = e.from === n.id;
      var b = el("button", "linklike", (outgoing ? "\u2192 " : "\u2190 ") + relationText(e) + " \u00b7 " + labelOf(outgoing ? e.to : e.from));
      b.type = "button";
      b.addEventListener("click", function () { selectEdge(e.id, true); });
      li.appendChild(b);
      if (e.count > 1) { li.appendChild(el("span", "meta", " (" + fmt(e.count) + ")")); }
      list.appendChild(li);
    });
    body.appendChild(list);
  }
  function renderEdgePanel(e, body) {
    byId("panel-title").textContent = labelOf(e.from) + " \u2192 " + relationText(e) + " \u2192 " + labelOf(e.to);
    var meta = el("p", "meta");
    var badge = el("span", "badge", e.family);
    badge.style.background = familyStyle(e.family).color;
    meta.appendChild(badge);
    if (e.negated) { meta.appendChild(el("span", "badge neg", "negated")); }
    var listed = e.statements.length, shown = visibleStatements(e).length;
    var summary = listed < e.count ? "showing " + fmt(listed) + " of " + plural(e.count, "statement") + ", the most recent"
      : plural(e.count, "statement");
    meta.appendChild(document.createTextNode(summary + (shown !== listed ? " (" + fmt(shown) + " in the date range)" : "")));
    body.appendChild(meta);
    if (lastVisibility && !lastVisibility.edges[e.id]) { body.appendChild(el("p", "warning", "Hidden by the current filters.")); }
    var ends = el("p", "meta", "Entities: ");
    ends.appendChild(nodeButton(e.from));
    ends.appendChild(document.createTextNode(" \u2192 "));
    ends.appendChild(nodeButton(e.to));
    body.appendChild(ends);
    var list = el("ol", "statements");
    e.statements.forEach(function (s) {
      var li = el("li", "statement" + (statementVisible(s) ? "" : " filtered"));
      li.style.borderLeftColor = familyStyle(e.family).color;
      li.setAttribute("data-statement", s.id);
      li.appendChild(el("p", "evidence", s.evidence || "(no evidence sentence)"));
      var dl = el("dl");
      var source = el("dd");
      source.textContent = s.document_title || s.document || "";
      if (s.document) { source.title = s.document; }
      dl.appendChild(el("dt", null, "Source"));
      dl.appendChild(source);
      addField(dl, "Event date", s.date || (s.published ? "not given" : "undated"));
      addField(dl, "Published", s.published || "undated");
      addField(dl, "According to", s.attributed_to);
      addField(dl, "Modality", s.modality);
      addField(dl, "Negated", e.negated ? "yes" : "no");
      addField(dl, "Rule", s.rule);
      addField(dl, "Confidence", typeof s.confidence === "number" ? s.confidence.toFixed(2) : null);
      li.appendChild(dl);
      list.appendChild(li);
    });
    body.appendChild(list);
  }
  function renderPanel() {
    var body = byId("panel-body");
    body.replaceChildren();
    if (selection && selection.kind === "node" && nodeById[selection.id]) {
      renderNodePanel(nodeById[selection.id], body);
    } else if (selection && selection.kind === "edge" && edgeById[selection.id]) {
      renderEdgePanel(edgeById[selection.id], body);
    } else {
      byId("panel-title").textContent = "Details";
      body.appendChild(el("p", "hint", "Click an entity or a relation (or search for a name) to see its statements and the sentences they come from."));
    }
  }

  // ---------------------------------------------------------------- selection
  function selectNode(id, focus) {
    if (!nodeById[id]) { return false; }
    selection = { kind: "node", id: id };
    network.selectNodes([id], false);
    if (focus) { network.focus(id, { scale: Math.max(network.getScale(), 1.0), animation: false }); }
    render();
    return true;
  }
  function selectEdge(id, focus) {
    if (!edgeById[id]) { return false; }
    selection = { kind: "edge", id: id };
    network.setSelection({ nodes: [], edges: [id] }, { unselectAll: true, highlightEdges: false });
    if (focus) { network.fit({ nodes: [edgeById[id].from, edgeById[id].to], animation: false, maxZoomLevel: 1.2 }); }
    render();
    return true;
  }
  function clearSelection() {
    selection = null;
    network.unselectAll();
    render();
  }
  /* The click handler; tests call it after network.selectEdges/selectNodes. */
  function onSelect(params) {
    if (params && params.nodes && params.nodes.length) { return selectNode(params.nodes[0], false); }
    if (params && params.edges && params.edges.length) { return selectEdge(params.edges[0], false); }
    clearSelection();
    return false;
  }
  network.on("click", onSelect);

  // ---------------------------------------------------------------- search
  var searchIndex = data.nodes.map(function (n) {
    return { id: n.id, names: [n.label].concat(n.alt_labels).map(function (name) { return { name: name, key: fold(name) }; }) };
  });
  function search(query) {
    var q = fold(query || "");
    if (!q) { return []; }
    var hits = [];
    searchIndex.forEach(function (entry) {
      var best = null;
      entry.names.forEach(function (nm, i) {
        var pos = nm.key.indexOf(q);
        if (pos < 0) { return; }
        var tier = nm.key === q ? 0 : pos === 0 ? 1 : 2;
        if (!best || tier < best.tier || (tier === best.tier && i === 0)) { best = { tier: tier, via: i === 0 ? null : nm.name }; }
      });
      if (best) { hits.push({ id: entry.id, tier: best.tier, via: best.via }); }
    });
    hits.sort(function (a, b) {
      return (a.tier - b.tier) || (nodeById[b.id].importance - nodeById[a.id].importance) ||
        (nodeById[a.id].label < nodeById[b.id].label ? -1 : 1);
    });
    return hits;
  }
  var searchBox = byId("search");
  var resultList = byId("search-results");
  var currentHits = [];
  function showResults() {
    currentHits = search(searchBox.value).slice(0, 15);
    resultList.replaceChildren();
    if (!searchBox.value.trim()) { resultList.hidden = true; return; }
    if (!currentHits.length) {
      resultList.appendChild(el("li", "none", "No entity with that name"));
    }
    currentHits.forEach(function (hit, i) {
      var li = el("li", i === 0 ? "active" : null);
      li.setAttribute("data-id", hit.id);
      li.appendChild(el("span", null, nodeById[hit.id].label));
      if (hit.via) { li.appendChild(el("span", "via", " \u2014 " + hit.via)); }
      li.addEventListener("click", function () { pick(hit.id); });
      resultList.appendChild(li);
    });
    resultList.hidden = false;
  }
  function pick(id) {
    resultList.hidden = true;
    selectNode(id, true);
  }
  searchBox.addEventListener("input", showResults);
  searchBox.addEventListener("keydown", function (ev) {
    if (ev.key === "Enter") {
      ev.preventDefault();
      var hits = search(searchBox.value);
      if (hits.length) { pick(hits[0].id); }
    } else if (ev.key === "Escape") {
      searchBox.value = ""; resultList.hidden = true;
    }
  });

  // ---------------------------------------------------------------- physics
  var api = {
    network: network, nodes: nodes, edges: edges, data: data, ready: false,
    onSelect: onSelect, selectNode: selectNode, selectEdge: selectEdge, clearSelection: clearSelection,
    search: search, filters: filters, render: render, resetFilters: resetFilters,
    selection: function () { return selection; },
    drawnNodeIds: function () { return nodes.getIds({ filter: function (n) { return !n.hidden; } }); },
    drawnEdgeIds: function () { return edges.getIds({ filter: function (e) { return !e.hidden; } }); }
  };
  function settle() {
    if (api.ready) { return; }
    network.setOptions({ physics: false });
    network.fit({ animation: false });
    api.ready = true;
    document.body.setAttribute("data-ready", "true");
  }
  network.once("stabilizationIterationsDone", settle);
  if (!data.nodes.length) { settle(); }

  buildFilters();
  render();
  window.geokg = api;
})();
