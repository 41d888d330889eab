/* geokg explorer: one page, two data sources.
 *
 * The static graph.html embeds its data (<script type="application/json" id="graph-data">, see
 * exports/html.py) and reads it with a StaticSource; the page `geokg serve --store KG` serves has
 * only the settings there (with "api": "/api") and reads the store with an ApiSource
 * (docs/explorer-api.md). Both have the same async methods returning the same records, so the
 * rest of the page does not know where its data comes from:
 *
 *   info()                                   totals, relations present, types, modalities, date ranges
 *   overview(filters, limit)                 filter first, then cut: the `limit` entities with most
 *                                            passing statements and the links between them
 *   search(text, limit)                      entities by name or other name
 *   entity(id), neighbourhood(id, filters, limit), statements(link, filters, offset, limit),
 *   timeline(filters), path(from, to, filters, maxHops), document(id)
 *
 * All strings from the graph are input text: they are only ever set with textContent, attribute
 * setters or vis-network plain-text labels, never with innerHTML. The public API is window.geokg.
 */
(function () {
  "use strict";

  var config = JSON.parse(document.getElementById("graph-data").textContent);
  var styles = config.styles;
  var SVG_NS = "http://www.w3.org/2000/svg";
  var DIM_NODE = { background: "#eceef1", border: "#d8dce1", highlight: { background: "#eceef1", border: "#d8dce1" }, hover: { background: "#eceef1", border: "#d8dce1" } };
  var DIM_EDGE = { color: "#e3e6ea", highlight: "#e3e6ea", hover: "#e3e6ea", inherit: false };
  var LABEL_MAX = 32;
  var OVERVIEW = (config.overview && config.overview.limit) || 150;   // entities drawn at first
  var LABELLED = (config.overview && config.overview.labels) || 25;   // of them labelled at any zoom
  var MAX_DRAWN = 1000;          // entities drawn at most, whatever the analyst asks
  var LABEL_PX = 13;             // on-screen size of a label at any zoom
  var STEP_LIMIT = 60;           // entities a neighbourhood step adds at most per entity expanded
  var STEP_FANOUT = 40;          // entities a second step expands at most
  var PAGE = 50;                 // statements listed at once
  var FONT = "system-ui, Segoe UI, Roboto, Helvetica Neue, Arial, DejaVu Sans, sans-serif";
  var VIS_OPTIONS = {
    autoResize: true,
    layout: { randomSeed: 20250904, improvedLayout: false },
    physics: {
      enabled: false, solver: "forceAtlas2Based",
      forceAtlas2Based: { gravitationalConstant: -80, centralGravity: 0.015, springLength: 120, springConstant: 0.06, avoidOverlap: 0.4 },
      stabilization: { enabled: false, iterations: 300, updateInterval: 20, fit: false },
      maxVelocity: 60, minVelocity: 0.75, timestep: 0.5
    },
    interaction: { hover: true, tooltipDelay: 150, multiselect: false, navigationButtons: false, keyboard: false },
    nodes: { borderWidth: 1.5, font: { size: 14, face: FONT, strokeWidth: 3, strokeColor: "#ffffff" } },
    edges: {
      arrows: { to: { enabled: true, scaleFactor: 0.55 } },
      font: { size: 11, face: FONT, align: "horizontal", strokeWidth: 3, strokeColor: "#ffffff" },
      selectionWidth: 2, scaling: { label: { drawThreshold: 10 } },
      smooth: { enabled: true, type: "continuous", roundness: 0.2 }
    }
  };

  // ---------------------------------------------------------------- helpers
  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }
  /* An element holding German text from the documents. */
  function de(tag, className, text) { var node = el(tag, className, text); node.lang = "de"; return node; }
  function byId(id) { return document.getElementById(id); }
  function button(text, onClick, className) {
    var b = el("button", className || null, text);
    b.type = "button";
    b.addEventListener("click", onClick);
    return b;
  }
  function clip(text, max) {
    text = String(text).replace(/\s+/g, " ").trim();
    return text.length > max ? text.slice(0, max - 1) + "\u2026" : text;
  }
  function fold(text) {
    return String(text || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/\s+/g, " ").trim();
  }
  function isWebLink(value) { return typeof value === "string" && /^https?:\/\/[^\s"'<>\\]+$/i.test(value); }
  function hostOf(url) { try { return new URL(url).host.replace(/^www\./, ""); } catch (e) { return null; } }
  function typeStyle(type) { return styles.types[type] || styles.fallback_type; }
  function familyStyle(family) { return styles.families[family] || styles.fallback_family; }
  function fmt(n) { return Number(n).toLocaleString("en-US"); }
  function plural(n, word, words) { return fmt(n) + " " + (n === 1 ? word : (words || word + "s")); }
  function keys(set) { return Object.keys(set).filter(function (k) { return set[k]; }); }
  function has(obj, key) { return Object.prototype.hasOwnProperty.call(obj, key); }
  function linkKey(l) { return [l.from, l.relation, l.to, l.negated ? 1 : 0].join("\u0001"); }
  function relationText(l) { return (l.negated ? "NOT " : "") + l.relation; }
  function dayNumber(day) { return Math.round(Date.parse(day + "T00:00:00Z") / 86400000); }
  function dayOfNumber(n) { return new Date(n * 86400000).toISOString().slice(0, 10); }
  function byDisplayOrder(a, b) {
    var x = a.date || a.published || "", y = b.date || b.published || "";
    if (x !== y) { return x < y ? -1 : 1; }
    if ((a.document || "") !== (b.document || "")) { return (a.document || "") < (b.document || "") ? -1 : 1; }
    if ((a.char_start || 0) !== (b.char_start || 0)) { return (a.char_start || 0) - (b.char_start || 0); }
    return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  }

  // ---------------------------------------------------------------- filters
  /* The analyst's filters. Sets hold what is switched OFF, so that relations, types or
   * modalities the page has not seen yet pass. Dates: `dateKind` says which date the range
   * applies to ("event" = gkg:eventDate, "published" = the document's date); never a mix. */
  function defaultFilters() {
    return { offRelations: {}, offTypes: {}, offModalities: {}, hideNegated: false, attributed: "", source: "",
             minConfidence: 0, dateKind: "event", dateFrom: "", dateTo: "", includeUndated: true };
  }
  function statementLevel(f) {
    return keys(f.offModalities).length > 0 || !!f.attributed || !!f.source || f.minConfidence > 0 ||
      !!f.dateFrom || !!f.dateTo || !f.includeUndated;
  }
  /* The filters as the API's query parameters (docs/explorer-api.md). */
  function filterParams(f, known, ignoreDates) {
    var p = {};
    function inclusion(name, off, all) {
      if (keys(off).length) { p[name] = all.filter(function (x) { return !off[x]; }).join(","); }
    }
    inclusion("relations", f.offRelations, known.relations.map(function (r) { return r.name; }));
    inclusion("types", f.offTypes, known.types);
    inclusion("modality", f.offModalities, known.modalities);
    if (f.hideNegated) { p.negated = "0"; }
    if (f.attributed) { p.attributed = f.attributed; }
    if (f.source) { p.source = f.source; }
    if (f.minConfidence > 0) { p.min_confidence = String(f.minConfidence); }
    if (!ignoreDates && (f.dateFrom || f.dateTo || !f.includeUndated)) {
      p.date = f.dateKind;
      if (f.dateFrom) { p.date_from = f.dateFrom; }
      if (f.dateTo) { p.date_to = f.dateTo; }
      if (!f.includeUndated) { p.undated = "0"; }
    }
    return p;
  }

  // ---------------------------------------------------------------- StaticSource
  /* The embedded payload, searched and filtered here. A link lists at most its latest
   * statements (payload edge.statements) and counts all of them (edge.count). */
  function StaticSource(payload) {
    var self = this;
    this.payload = payload;
    this.nodeById = {};
    payload.nodes.forEach(function (n) { self.nodeById[n.id] = n; });
    this.docById = {};
    (payload.documents || []).forEach(function (d) { self.docById[d.id] = d; });
    this.links = payload.edges;
    this.linksOf = {};
    payload.nodes.forEach(function (n) { self.linksOf[n.id] = []; });
    payload.edges.forEach(function (e) {
      e.key = linkKey(e);
      self.linksOf[e.from].push(e);
      if (e.to !== e.from) { self.linksOf[e.to].push(e); }
    });
    this.degree = {};
    payload.nodes.forEach(function (n) {
      self.degree[n.id] = self.linksOf[n.id].reduce(function (acc, e) { return acc + e.count; }, 0);
    });
    this.index = payload.nodes.map(function (n) {
      return { id: n.id, names: [n.label].concat(n.alt_labels).map(function (name) { return { name: name, key: fold(name) }; }) };
    });
  }
  StaticSource.prototype.kind = "static";
  StaticSource.prototype.node = function (id) {
    var n = this.nodeById[id];
    if (!n) { return null; }
    return { id: n.id, label: n.label, type: n.type, alt_labels: n.alt_labels, role: n.role, wikidata: n.wikidata,
             importance: n.importance, statements: this.degree[n.id] };
  };
  StaticSource.prototype.info = function () {
    var p = this.payload, relations = {}, types = {}, modalities = {};
    p.edges.forEach(function (e) {
      relations[e.relation] = e.family;
      e.statements.forEach(function (s) { modalities[s.modality || "Asserted"] = true; });
    });
    p.nodes.forEach(function (n) { types[n.type] = true; });
    return Promise.resolve({
      title: p.title || document.title,
      totals: { entities: p.meta.total_nodes, statements: p.meta.total_statements, documents: (p.documents || []).length },
      relations: Object.keys(relations).sort().map(function (r) { return { name: r, family: relations[r] }; }),
      types: Object.keys(types).sort(), modalities: Object.keys(modalities).sort(),
      dates: p.dates || { event: null, published: null },
      texts: !!p.texts
    });
  };
  StaticSource.prototype.linkPasses = function (e, f) {
    if (f.offRelations[e.relation]) { return false; }
    if (f.hideNegated && e.negated) { return false; }
    var a = this.nodeById[e.from], b = this.nodeById[e.to];
    return !(f.offTypes[a.type] || f.offTypes[b.type]);
  };
  StaticSource.prototype.statementPasses = function (s, f, ignoreDates) {
    if (f.offModalities[s.modality || "Asserted"]) { return false; }
    if (f.attributed && fold(s.attributed_to).indexOf(fold(f.attributed)) < 0) { return false; }
    if (f.source) {
      var d = this.docById[s.document] || {};
      if (fold([d.title, d.source, d.url, s.document].join(" ")).indexOf(fold(f.source)) < 0) { return false; }
    }
    if (f.minConfidence > 0 && typeof s.confidence === "number" && s.confidence < f.minConfidence) { return false; }
    if (ignoreDates) { return true; }
    var day = f.dateKind === "published" ? s.published : s.date;
    if (!day) { return f.includeUndated; }
    if (f.dateFrom && day < f.dateFrom) { return false; }
    if (f.dateTo && day > f.dateTo) { return false; }
    return true;
  };
  /* A link's statements that pass: all `count` when only link-level filters are set, else those listed. */
  StaticSource.prototype.count = function (e, f, ignoreDates) {
    var self = this;
    if (!this.linkPasses(e, f)) { return 0; }
    if (!statementLevel(f) || (ignoreDates && !keys(f.offModalities).length && !f.attributed && !f.source && !(f.minConfidence > 0))) {
      return e.count;
    }
    return e.statements.filter(function (s) { return self.statementPasses(s, f, ignoreDates); }).length;
  };
  StaticSource.prototype.linkRecord = function (e, count) {
    return { id: e.key, from: e.from, to: e.to, relation: e.relation, family: e.family, negated: e.negated, count: count,
             smooth: e.smooth };
  };
  StaticSource.prototype.overview = function (f, limit) {
    var self = this, score = {}, passing = [], statements = 0;
    this.links.forEach(function (e) {
      var c = self.count(e, f);
      if (!c) { return; }
      passing.push([e, c]);
      statements += c;
      score[e.from] = (score[e.from] || 0) + c;
      if (e.to !== e.from) { score[e.to] = (score[e.to] || 0) + c; }
    });
    var ranked = this.rank(Object.keys(score), score);
    var kept = {};
    ranked.slice(0, limit).forEach(function (id) { kept[id] = true; });
    var links = [], shown = 0;
    passing.forEach(function (pc) {
      if (kept[pc[0].from] && kept[pc[0].to]) { links.push(self.linkRecord(pc[0], pc[1])); shown += pc[1]; }
    });
    return Promise.resolve({
      nodes: ranked.slice(0, limit).map(function (id) { var n = self.node(id); n.score = score[id]; return n; }),
      links: links, total: { entities: ranked.length, statements: statements },
      shown: { entities: Math.min(limit, ranked.length), statements: shown }
    });
  };
  StaticSource.prototype.rank = function (ids, score) {
    var byId = this.nodeById;
    return ids.sort(function (a, b) {
      return (score[b] - score[a]) || (byId[b].importance - byId[a].importance) || (a < b ? -1 : a > b ? 1 : 0);
    });
  };
  StaticSource.prototype.search = function (query, limit) {
    var q = fold(query), byId = this.nodeById, hits = [];
    if (!q) { return Promise.resolve([]); }
    this.index.forEach(function (entry) {
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
      return (a.tier - b.tier) || (byId[b.id].importance - byId[a.id].importance) || (byId[a.id].label < byId[b.id].label ? -1 : 1);
    });
    return Promise.resolve(hits.slice(0, limit || 15).map(function (h) {
      var n = byId[h.id];
      return { id: n.id, label: n.label, type: n.type, via: h.via, importance: n.importance };
    }));
  };
  StaticSource.prototype.entity = function (id) { return Promise.resolve(this.node(id)); };
  StaticSource.prototype.neighbourhood = function (id, f, limit) {
    var self = this, score = {}, links = [];
    (this.linksOf[id] || []).forEach(function (e) {
      var c = self.count(e, f);
      if (!c) { return; }
      links.push([e, c]);
      var other = e.from === id ? e.to : e.from;
      score[other] = (score[other] || 0) + c;
    });
    var ranked = this.rank(Object.keys(score), score), kept = {};
    kept[id] = true;
    ranked.slice(0, limit).forEach(function (n) { kept[n] = true; });
    return Promise.resolve({
      nodes: Object.keys(kept).map(function (n) { return self.node(n); }),
      links: links.filter(function (lc) { return kept[lc[0].from] && kept[lc[0].to]; })
        .map(function (lc) { return self.linkRecord(lc[0], lc[1]); }),
      total: { entities: ranked.length }
    });
  };
  StaticSource.prototype.statement = function (s, e) {
    var d = this.docById[s.document] || {};
    return { id: s.id, subject: e.from, object: e.to, relation: e.relation, family: e.family, negated: e.negated,
             modality: s.modality, attributed_to: s.attributed_to, evidence: s.evidence,
             char_start: s.char_start === undefined ? null : s.char_start, char_end: s.char_end === undefined ? null : s.char_end,
             document: s.document, document_title: s.document_title || d.title || null, source: d.source || null,
             url: isWebLink(d.url) ? d.url : null, published: s.published, date: s.date, confidence: s.confidence, rule: s.rule };
  };
  StaticSource.prototype.statements = function (link, f, offset, limit) {
    var self = this, key = linkKey(link);
    var e = this.links.filter(function (x) { return x.key === key; })[0];
    if (!e || !this.linkPasses(e, f)) { return Promise.resolve({ total: 0, statements: [], unlisted: 0 }); }
    var passing = e.statements.filter(function (s) { return self.statementPasses(s, f, false); })
      .map(function (s) { return self.statement(s, e); });
    passing.sort(byDisplayOrder);
    return Promise.resolve({ total: passing.length, statements: passing.slice(offset || 0, (offset || 0) + (limit || PAGE)),
                             unlisted: e.count - e.statements.length });
  };
  StaticSource.prototype.timeline = function (f) {
    var self = this, event = {}, published = {}, undated = { event: 0, published: 0 };
    this.links.forEach(function (e) {
      if (!self.linkPasses(e, f)) { return; }
      e.statements.forEach(function (s) {
        if (!self.statementPasses(s, f, true)) { return; }
        if (s.date) { event[s.date] = (event[s.date] || 0) + 1; } else { undated.event += 1; }
        if (s.published) { published[s.published] = (published[s.published] || 0) + 1; } else { undated.published += 1; }
      });
    });
    function pairs(m) { return Object.keys(m).sort().map(function (d) { return [d, m[d]]; }); }
    return Promise.resolve({ event: pairs(event), published: pairs(published), undated: undated });
  };
  /* A shortest path over the passing links, direction ignored (breadth first, neighbours in id order). */
  StaticSource.prototype.path = function (from, to, f, maxHops) {
    var self = this;
    if (!this.nodeById[from] || !this.nodeById[to]) { return Promise.resolve({ nodes: [], links: [] }); }
    var via = {}, frontier = [from], hops = 0;
    via[from] = null;
    while (frontier.length && !has(via, to) && hops < (maxHops || 6)) {
      var next = [];
      frontier.forEach(function (id) {
        self.linksOf[id].slice().sort(function (a, b) { return a.key < b.key ? -1 : 1; }).forEach(function (e) {
          var other = e.from === id ? e.to : e.from;
          if (has(via, other) || !self.count(e, f)) { return; }
          via[other] = e;
          next.push(other);
        });
      });
      frontier = next.sort();
      hops += 1;
    }
    if (!has(via, to)) { return Promise.resolve({ nodes: [], links: [] }); }
    var nodes = [], links = [], at = to;
    while (at !== null) {
      nodes.unshift(this.node(at));
      var e = via[at];
      if (!e) { break; }
      links.unshift(this.linkRecord(e, this.count(e, f)));
      at = e.from === at ? e.to : e.from;
    }
    return Promise.resolve({ nodes: nodes, links: links });
  };
  StaticSource.prototype.document = function (id) {
    var d = this.docById[id];
    return Promise.resolve(d ? { id: d.id, title: d.title, source: d.source, url: isWebLink(d.url) ? d.url : null,
                                 published: d.published, text: typeof d.text === "string" ? d.text : null } : null);
  };

  // ---------------------------------------------------------------- ApiSource
  /* The server's JSON API (docs/explorer-api.md); every method answers what StaticSource answers. */
  var MODALITIES = ["Asserted", "Intended", "Possible", "Required", "Reported"];
  function ApiSource(base) {
    this.base = base.replace(/\/$/, "");
    this.known = { relations: [], types: [], modalities: MODALITIES };
  }
  ApiSource.prototype.kind = "api";
  ApiSource.prototype.get = function (path, params) {
    var query = new URLSearchParams();
    Object.keys(params || {}).sort().forEach(function (k) {
      if (params[k] !== undefined && params[k] !== null && params[k] !== "") { query.set(k, params[k]); }
    });
    var url = this.base + path + (query.toString() ? "?" + query.toString() : "");
    return fetch(url, { headers: { Accept: "application/json" } }).then(function (answer) {
      return answer.json().catch(function () { return {}; }).then(function (body) {
        if (!answer.ok) { throw new Error((body && body.error) || ("the server answered " + answer.status)); }
        return body;
      });
    });
  };
  /* The filters in the API's words: from/to, negated=false, attributed_to, types, undated. */
  ApiSource.prototype.params = function (f, extra, ignoreDates) {
    var p = filterParams(f, this.known, ignoreDates), q = {};
    if (p.relations === "" || p.types === "" || p.modality === "") { return null; }  // nothing can pass
    ["relations", "types", "modality"].forEach(function (k) { if (p[k] !== undefined) { q[k] = p[k]; } });
    if (p.negated === "0") { q.negated = "false"; }
    if (p.attributed) { q.attributed_to = p.attributed; }
    if (p.source) { q.source = p.source; }
    if (p.min_confidence) { q.min_confidence = p.min_confidence; }
    if (p.date) {
      q.date = p.date;
      if (p.date_from) { q.from = p.date_from; }
      if (p.date_to) { q.to = p.date_to; }
      if (f.includeUndated && (p.date_from || p.date_to)) { q.undated = "true"; }
      if (!f.includeUndated) { q.undated = "false"; }
    }
    Object.keys(extra || {}).forEach(function (k) { q[k] = extra[k]; });
    return q;
  };
  function apiNode(n) {
    return { id: n.id, label: n.label, type: n.type, alt_labels: n.alt_labels || [], role: n.role || null,
             wikidata: n.wikidata || null, importance: n.importance || 0, statements: n.statements };
  }
  function apiLinks(edges) {
    return (edges || []).map(function (e) {
      var l = { from: e.from, to: e.to, relation: e.relation, family: e.family, negated: !!e.negated, count: e.count, smooth: e.smooth };
      l.id = linkKey(l);
      return l;
    });
  }
  ApiSource.prototype.info = function () {
    var self = this;
    return this.get("/meta").then(function (m) {
      var relations = (m.relations || []).map(function (r) { return { name: r.relation || r.name, family: r.family }; })
        .sort(function (a, b) { return a.name < b.name ? -1 : 1; });
      if (m.styles) { styles = m.styles; }
      self.known = { relations: relations, types: m.types || Object.keys(styles.types), modalities: m.modalities || MODALITIES };
      return { title: m.title, totals: m.totals, relations: relations, types: self.known.types, modalities: self.known.modalities,
               dates: { event: (m.dates && m.dates.event) || null, published: (m.dates && m.dates.published) || null }, texts: true };
    });
  };
  var NOTHING = { nodes: [], links: [], total: { entities: 0, statements: 0 }, shown: { entities: 0, statements: 0 } };
  ApiSource.prototype.overview = function (f, limit) {
    var q = this.params(f, { limit: limit, per_link: 1, rank: "statements" });  // as StaticSource ranks
    if (!q) { return Promise.resolve(NOTHING); }
    return this.get("/overview", q).then(function (r) {
      var m = r.meta || {};
      return { nodes: (r.nodes || []).map(apiNode), links: apiLinks(r.edges),
               total: { entities: m.total_nodes, statements: m.total_statements },
               shown: { entities: m.shown_nodes, statements: m.shown_statements } };
    });
  };
  ApiSource.prototype.search = function (query, limit) {
    if (!fold(query)) { return Promise.resolve([]); }
    return this.get("/search", { q: query.trim().slice(0, 100), limit: limit || 15 }).then(function (r) {
      return (r.items || []).map(function (n) {
        return { id: n.id, label: n.label, type: n.type, importance: n.importance,
                 via: n.matched && n.matched !== n.label ? n.matched : null };
      });
    });
  };
  ApiSource.prototype.entity = function (id) {
    return this.get("/entity", { id: id }).then(function (r) { return apiNode(r.node || r); });
  };
  ApiSource.prototype.neighbourhood = function (id, f, limit) {
    var q = this.params(f, { id: id, limit: Math.min(limit, 200), per_link: 1 });
    if (!q) { return this.entity(id).then(function (n) { return { nodes: [n], links: [], total: { entities: 0 } }; }); }
    return this.get("/neighbourhood", q).then(function (r) {
      return { nodes: [apiNode(r.node)].concat((r.nodes || []).map(apiNode)), links: apiLinks(r.edges), total: { entities: r.total } };
    });
  };
  ApiSource.prototype.statements = function (link, f, offset, limit) {
    var q = this.params(f, {
      subject: link.from, object: link.to, relation: link.relation, negated: link.negated ? "true" : "false",
      offset: offset || 0, limit: Math.min(limit || PAGE, 500)
    });
    if (!q) { return Promise.resolve({ total: 0, statements: [], unlisted: 0 }); }
    return this.get("/statements", q).then(function (r) {
      var items = (r.items || []).map(function (s) { s.family = s.family || link.family; return s; });
      return { total: r.total, statements: items, unlisted: 0 };
    });
  };
  ApiSource.prototype.timeline = function (f) {
    var q = this.params(f, {}, true);
    if (!q) { return Promise.resolve({ event: [], published: [], undated: { event: 0, published: 0 } }); }
    return this.get("/timeline", q).then(function (r) {
      function perDay(list) {
        var m = {};
        (list || []).forEach(function (x) { m[x.day] = (m[x.day] || 0) + x.count; });
        return Object.keys(m).sort().map(function (d) { return [d, m[d]]; });
      }
      var event = perDay(r.event), published = perDay(r.published);
      var withPublished = published.reduce(function (a, p) { return a + p[1]; }, 0);
      return { event: event, published: published,
               undated: { event: r.no_event_date || 0, published: Math.max(0, (r.total || 0) - withPublished) } };
    });
  };
  ApiSource.prototype.path = function (from, to, f, maxHops) {
    if (from === to) { return Promise.resolve({ nodes: [], links: [] }); }
    var q = this.params(f, { from: from, to: to, max: 1 }, true);  // the server's paths take every filter but dates
    if (!q) { return Promise.resolve({ nodes: [], links: [] }); }
    return this.get("/path", q).then(function (r) {
      var ids = (r.paths && r.paths[0]) || [];
      if (!ids.length || ids.length - 1 > (maxHops || 6)) { return { nodes: [], links: [] }; }
      var byId = {};
      (r.nodes || []).forEach(function (n) { byId[n.id] = apiNode(n); });
      var links = apiLinks(r.edges), steps = [];
      for (var i = 0; i + 1 < ids.length; i++) {
        var a = ids[i], b = ids[i + 1];
        var step = links.filter(function (l) { return (l.from === a && l.to === b) || (l.from === b && l.to === a); })
          .sort(function (x, y) { return (y.count - x.count) || (x.id < y.id ? -1 : 1); })[0];
        if (step) { steps.push(step); }
      }
      return { nodes: ids.map(function (id) { return byId[id] || { id: id, label: id, type: "Concept", alt_labels: [] }; }), links: steps };
    }).catch(function (err) {
      if (/unknown|no path|404/i.test(String(err && err.message))) { return { nodes: [], links: [] }; }
      throw err;
    });
  };
  ApiSource.prototype.document = function (id) {
    return this.get("/document", { id: id, limit: 1 }).then(function (d) {
      return { id: d.id, title: d.title, source: d.source, url: isWebLink(d.url) ? d.url : null,
               published: d.issued ? String(d.issued).slice(0, 10) : null, text: typeof d.text === "string" ? d.text : null,
               note: d.note || null };
    });
  };

  var source = config.api ? new ApiSource(config.api) : new StaticSource(config);
  document.body.setAttribute("data-source", source.kind);

  // ---------------------------------------------------------------- state
  var known = { relations: [], types: [], modalities: [], families: [], dates: { event: null, published: null }, texts: false, totals: null };
  var filters = defaultFilters();
  var state = {
    limit: OVERVIEW,          // entities the overview draws (raised by "show what was cut")
    overview: null,           // the last overview answer
    expansions: [],           // [{id, depth, steps: [answers]}], in the order expanded
    path: null,               // {from, to, nodes, links} of the last path asked for
    pinned: {},               // entities drawn because the analyst went to them (search, panel)
    pinnedLinks: {},          // links drawn for the same reason
    selection: null,          // {kind: "node"|"edge", id}
    nodes: {},                // every Node record seen, by id
    links: {},                // the drawn links' records, by key
    score: {}                 // an entity's passing statements in the overview
  };

  // ---------------------------------------------------------------- the drawing
  var container = byId("graph");
  var nodes = new vis.DataSet([]);
  var edges = new vis.DataSet([]);
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, VIS_OPTIONS);
  var pending = 0, laying = 0, waiters = [];
  var progress = byId("progress"), progressBar = byId("progress-bar"), progressText = byId("progress-text");

  function showProgress(text, fraction) {
    progress.hidden = false;
    progressText.textContent = text;
    var pct = Math.round(100 * Math.max(0, Math.min(1, fraction || 0)));
    progressBar.style.width = pct + "%";
    progress.setAttribute("aria-valuenow", String(pct));
  }
  function settleWaiters() {
    if (pending || laying) { return; }
    progress.hidden = true;
    document.body.setAttribute("data-busy", "false");
    var ws = waiters; waiters = [];
    ws.forEach(function (w) { w(); });
  }
  /* Run `work` (a promise-returning function) as one unit the page waits for. */
  function task(label, work) {
    pending += 1;
    document.body.setAttribute("data-busy", "true");
    if (label) { showProgress(label, 0.05); }
    return Promise.resolve().then(work).catch(function (err) {
      showError(err);
    }).then(function (value) {
      pending -= 1;
      settleWaiters();
      return value;
    });
  }
  function showError(err) {
    var box = byId("error");
    box.hidden = false;
    box.textContent = "Could not load: " + (err && err.message ? err.message : String(err));
  }
  function idle() {
    return new Promise(function (resolve) { waiters.push(resolve); settleWaiters(); });
  }

  function nodeRank(id) {
    var n = state.nodes[id];
    return [state.score[id] || 0, n ? (n.importance || 0) : 0];
  }
  function rankedDrawn() {
    return nodes.getIds().sort(function (a, b) {
      var x = nodeRank(a), y = nodeRank(b);
      return (y[0] - x[0]) || (y[1] - x[1]) || (a < b ? -1 : 1);
    });
  }
  function nodeColor(n) {
    var st = typeStyle(n.type);
    return { background: st.color, border: st.border, highlight: { background: st.color, border: "#111" }, hover: { background: st.color, border: "#111" } };
  }
  function edgeColor(l) {
    var c = familyStyle(l.family).color;
    return { color: c, highlight: c, hover: c, inherit: false };
  }
  function tooltipForNode(n) {
    var box = el("div");
    box.appendChild(de("div", "tip-title", n.label));
    box.appendChild(el("div", "tip-meta", n.type + (n.role ? " \u00b7 " + n.role : "")));
    if (n.alt_labels && n.alt_labels.length) { box.appendChild(de("div", "tip-meta", "also: " + clip(n.alt_labels.join(", "), 160))); }
    return box;
  }
  function tooltipForLink(l) {
    var box = el("div");
    box.appendChild(el("div", "tip-title", labelOf(l.from) + " \u2192 " + relationText(l) + " \u2192 " + labelOf(l.to)));
    box.appendChild(el("div", "tip-meta", l.family + " \u00b7 " + plural(l.count, "statement")));
    return box;
  }
  function labelOf(id) { return state.nodes[id] ? state.nodes[id].label : id; }

  /* What the drawing should hold: the overview, each neighbourhood step, the path, what the analyst went to. */
  function wanted() {
    var ns = {}, ls = {};
    function addNode(n) { if (n) { state.nodes[n.id] = state.nodes[n.id] || n; ns[n.id] = true; } }
    function addLink(l) { if (l && l.count > 0) { ls[l.id] = l; } }
    if (state.overview) { state.overview.nodes.forEach(addNode); state.overview.links.forEach(addLink); }
    state.expansions.forEach(function (x) {
      x.steps.forEach(function (step) { step.forEach(function (r) { r.nodes.forEach(addNode); r.links.forEach(addLink); }); });
    });
    if (state.path) { state.path.nodes.forEach(addNode); state.path.links.forEach(addLink); }
    Object.keys(state.pinned).forEach(function (id) { addNode(state.nodes[id]); });
    Object.keys(state.pinnedLinks).forEach(function (k) { addNode(state.nodes[state.pinnedLinks[k].from]); addNode(state.nodes[state.pinnedLinks[k].to]); addLink(state.pinnedLinks[k]); });
    Object.keys(ls).forEach(function (k) { if (!ns[ls[k].from] || !ns[ls[k].to]) { delete ls[k]; } });
    return { nodes: ns, links: ls };
  }

  /* A start position for a new entity: beside a drawn neighbour, else on a ring around the centre. */
  function seat(id, want, positions, i) {
    var ids = Object.keys(want.links);
    for (var k = 0; k < ids.length; k++) {
      var l = want.links[ids[k]], other = l.from === id ? l.to : l.to === id ? l.from : null;
      if (other && positions[other]) {
        var angle = (i * 2.399963) % (2 * Math.PI);
        return { x: positions[other].x + 60 * Math.cos(angle), y: positions[other].y + 60 * Math.sin(angle) };
      }
    }
    var a = i * 2.399963, r = 40 * Math.sqrt(i + 1);
    return { x: r * Math.cos(a), y: r * Math.sin(a) };
  }

  function nodeSizes(ids) {
    var values = ids.map(function (id) { return (state.nodes[id] && state.nodes[id].importance) || 0; });
    var low = Math.min.apply(null, values.concat([Infinity])), high = Math.max.apply(null, values.concat([-Infinity]));
    var sizes = {};
    ids.forEach(function (id, i) {
      var spread = high > low ? (values[i] - low) / (high - low) : 0.5;
      sizes[id] = Math.round(10 + 28 * Math.sqrt(spread));
    });
    return sizes;
  }

  /* Bring the vis DataSets to `wanted()`; lay out and fit again when entities came or went. */
  function draw() {
    var want = wanted();
    var current = nodes.getIds(), positions = network.getPositions(current);
    var gone = current.filter(function (id) { return !want.nodes[id]; });
    var added = Object.keys(want.nodes).filter(function (id) { return !positions[id]; }).sort();
    nodes.remove(gone);
    edges.remove(edges.getIds().filter(function (id) { return !want.links[id]; }));
    var fresh = {};
    added.forEach(function (id) { fresh[id] = true; });
    var ids = Object.keys(want.nodes), sizes = nodeSizes(ids);
    var placed = {};
    current.forEach(function (id) { if (want.nodes[id]) { placed[id] = positions[id]; } });
    nodes.add(added.map(function (id, i) {
      var n = state.nodes[id], st = typeStyle(n.type), at = seat(id, want, placed, i);
      placed[id] = at;
      return { id: id, x: at.x, y: at.y, label: clip(n.label, LABEL_MAX), shape: st.shape, size: sizes[id],
               color: nodeColor(n), font: { color: "#1f2328" }, title: tooltipForNode(n) };
    }));
    nodes.update(ids.filter(function (id) { return !fresh[id]; }).map(function (id) { return { id: id, size: sizes[id] }; }));
    var linkIds = Object.keys(want.links);
    var existing = {};
    edges.getIds().forEach(function (id) { existing[id] = true; });
    edges.add(linkIds.filter(function (k) { return !existing[k]; }).map(function (k) {
      var l = want.links[k];
      return { id: k, from: l.from, to: l.to, dashes: !!l.negated, smooth: l.smooth || VIS_OPTIONS.edges.smooth,
               color: edgeColor(l), font: { color: "#3d444d" } };
    }));
    state.links = want.links;
    restyle();
    if (added.length || gone.length || !state.laidOut) { return layout(); }
    return Promise.resolve();
  }

  /* Physics for a bounded number of iterations, with progress; then physics off, fit, labels. */
  var layoutChain = Promise.resolve();
  /* One layout at a time: a second stabilize() while vis runs one would run two at once. */
  function layout() {
    state.laidOut = true;
    laying += 1;
    document.body.setAttribute("data-busy", "true");
    layoutChain = layoutChain.then(runLayout).catch(showError).then(function () { laying -= 1; settleWaiters(); });
    return layoutChain;
  }
  function runLayout() {
    var count = nodes.length;
    if (!count) { applyLabels(); markReady(); return Promise.resolve(); }
    var iterations = count > 400 ? 150 : count > 150 ? 220 : 300;
    showProgress("Laying out " + plural(count, "entity", "entities") + "\u2026", 0);
    return new Promise(function (resolve) {
      function onProgress(p) { showProgress("Laying out " + plural(count, "entity", "entities") + "\u2026", p.iterations / p.total); }
      network.on("stabilizationProgress", onProgress);
      network.once("stabilizationIterationsDone", function () {
        network.off("stabilizationProgress", onProgress);
        network.fit({ animation: false });
        applyLabels();
        state.layouts = (state.layouts || 0) + 1;
        markReady();
        resolve();
      });
      network.stabilize(iterations);
    });
  }
  function markReady() {
    if (!api.ready) { api.ready = true; document.body.setAttribute("data-ready", "true"); }
  }

  /* Labels stay LABEL_PX on screen at any zoom for the most important entities; the others get
   * theirs as the analyst zooms in (all of them from a scale of 0.75). */
  var labelled = {};
  function applyLabels() {
    var scale = network.getScale() || 1;
    var ranked = rankedDrawn();
    var base = Math.max(10, Math.round(LABELLED * Math.min(1, container.clientWidth / 900)));  // fewer on a phone
    var k = scale >= 0.75 ? ranked.length : Math.max(base, Math.round(base * Math.pow(scale / (state.fitScale || scale), 2)));
    if (!state.fitScale || scale < state.fitScale) { state.fitScale = scale; }
    var size = Math.max(14, Math.min(120, LABEL_PX / scale));
    labelled = {};
    var sel = state.selection && state.selection.kind === "node" ? state.selection.id : null;
    nodes.update(ranked.map(function (id, i) {
      var on = i < k || id === sel || (state.path && state.path.nodes.some(function (n) { return n.id === id; }));
      if (on) { labelled[id] = true; }
      return { id: id, font: { size: on ? size : 1, color: (nodeDim[id] ? "#c3c8cf" : "#1f2328") } };
    }));
  }
  var labelFrame = null;
  network.on("zoom", function () {
    if (labelFrame) { return; }
    labelFrame = requestAnimationFrame(function () { labelFrame = null; applyLabels(); });
  });

  var nodeDim = {};
  /* Colours, edge labels and dimming for the selection and the path. */
  function restyle() {
    var focusNodes = null, focusLinks = null;
    if (state.selection) {
      focusNodes = {}; focusLinks = {};
      if (state.selection.kind === "node") {
        focusNodes[state.selection.id] = true;
        Object.keys(state.links).forEach(function (k) {
          var l = state.links[k];
          if (l.from === state.selection.id || l.to === state.selection.id) { focusLinks[k] = true; focusNodes[l.from] = true; focusNodes[l.to] = true; }
        });
      } else if (state.links[state.selection.id]) {
        var l = state.links[state.selection.id];
        focusLinks[l.id] = true; focusNodes[l.from] = true; focusNodes[l.to] = true;
      }
    } else if (state.path && state.path.nodes.length) {
      focusNodes = {}; focusLinks = {};
      state.path.nodes.forEach(function (n) { focusNodes[n.id] = true; });
      state.path.links.forEach(function (l) { focusLinks[l.id] = true; });
    }
    nodeDim = {};
    nodes.update(nodes.getIds().map(function (id) {
      var dim = focusNodes && !focusNodes[id];
      if (dim) { nodeDim[id] = true; }
      return { id: id, color: dim ? DIM_NODE : nodeColor(state.nodes[id]), font: { color: dim ? "#c3c8cf" : "#1f2328" } };
    }));
    var shownStatements = 0;
    edges.update(edges.getIds().map(function (k) {
      var l = state.links[k], dim = focusLinks && !focusLinks[k];
      shownStatements += l.count;
      return {
        id: k, label: relationText(l) + (l.count > 1 ? " \u00d7" + fmt(l.count) : ""),
        width: l.count > 1 ? Math.min(1.5 + Math.log2(l.count), 6) : 1.5, title: tooltipForLink(l),
        color: dim ? DIM_EDGE : edgeColor(l),
        font: { color: dim ? "rgba(0,0,0,0)" : "#3d444d", strokeColor: dim ? "rgba(0,0,0,0)" : "#ffffff" }
      };
    }));
    byId("stats").textContent = plural(nodes.length, "entity", "entities") + " \u00b7 " +
      plural(shownStatements, "statement") + " (" + plural(edges.length, "link") + ") drawn";
    if (api.ready) { applyLabels(); }
  }

  // ---------------------------------------------------------------- loading
  /* Filters changed (or first load): the overview, every neighbourhood step, the path, the timeline again. */
  var generation = 0;
  function refresh() {
    var mine = ++generation;
    var f = JSON.parse(JSON.stringify(filters));
    var narrowed = keys(f.offRelations).length > 0;
    var limit = narrowed ? MAX_DRAWN : state.limit;
    return task("Loading\u2026", function () {
      var jobs = [source.overview(f, limit)];
      jobs.push(Promise.all(state.expansions.map(function (x) { return expandSteps(x.id, x.depth, f); })));
      jobs.push(state.path ? source.path(state.path.from, state.path.to, f, 6) : Promise.resolve(null));
      jobs.push(source.timeline(f));
      return Promise.all(jobs).then(function (r) {
        if (mine !== generation) { return null; }
        state.overview = r[0];
        state.score = {};
        var linked = {};
        r[0].links.forEach(function (l) {
          linked[l.from] = (linked[l.from] || 0) + l.count;
          if (l.to !== l.from) { linked[l.to] = (linked[l.to] || 0) + l.count; }
        });
        r[0].nodes.forEach(function (n) { state.nodes[n.id] = n; state.score[n.id] = n.score || linked[n.id] || 0; });
        state.expansions.forEach(function (x, i) { x.steps = r[1][i]; });
        if (state.path && r[2]) { state.path.nodes = r[2].nodes; state.path.links = r[2].links; }
        renderTimeline(r[3]);
        renderCutNote(narrowed);
        saveHash();
        return draw().then(renderPanel);
      });
    });
  }
  /* A neighbourhood `depth` steps out from `id`: step 1 its links, step 2 the links of what step 1 added. */
  function expandSteps(id, depth, f) {
    var steps = [], seen = {};
    seen[id] = true;
    function step(ids, d) {
      if (d > depth || !ids.length) { return Promise.resolve(steps); }
      return Promise.all(ids.map(function (x) { return source.neighbourhood(x, f, STEP_LIMIT); })).then(function (answers) {
        steps.push(answers);
        var next = [];
        answers.forEach(function (a) {
          a.nodes.forEach(function (n) { state.nodes[n.id] = state.nodes[n.id] || n; if (!seen[n.id]) { seen[n.id] = true; next.push(n.id); } });
        });
        next.sort(function (a, b) { return ((state.nodes[b].statements || 0) - (state.nodes[a].statements || 0)) || (a < b ? -1 : 1); });
        return step(next.slice(0, STEP_FANOUT), d + 1);
      });
    }
    return step([id], 1);
  }
  function expand(id) {
    var x = state.expansions.filter(function (e) { return e.id === id; })[0];
    if (!x) { x = { id: id, depth: 0, steps: [] }; state.expansions.push(x); }
    x.depth += 1;
    var f = JSON.parse(JSON.stringify(filters));
    return task("Expanding\u2026", function () {
      return expandSteps(id, x.depth, f).then(function (steps) {
        x.steps = steps;
        saveHash();
        return draw().then(renderPanel);
      });
    });
  }
  function collapse(id) {
    state.expansions = state.expansions.filter(function (e) { return e.id !== id; });
    saveHash();
    return task(null, function () { return draw().then(renderPanel); });
  }
  function findPath(from, to) {
    var f = JSON.parse(JSON.stringify(filters));
    return task("Finding a path\u2026", function () {
      return source.path(from, to, f, 6).then(function (r) {
        state.path = { from: from, to: to, nodes: r.nodes, links: r.links };
        r.nodes.forEach(function (n) { state.nodes[n.id] = state.nodes[n.id] || n; });
        state.selection = null;
        network.unselectAll();
        saveHash();
        return draw().then(function () {
          if (r.nodes.length) { network.fit({ nodes: r.nodes.map(function (n) { return n.id; }), animation: false, maxZoomLevel: 1.2 }); applyLabels(); }
          renderPanel();
        });
      });
    });
  }

  // ---------------------------------------------------------------- selection
  function ensureNode(id) {
    if (state.nodes[id]) { return Promise.resolve(state.nodes[id]); }
    return source.entity(id).then(function (n) { if (n) { state.nodes[id] = n; } return n; });
  }
  function selectNode(id, focus) {
    return task(null, function () {
      return ensureNode(id).then(function (n) {
        if (!n) { return false; }
        state.selection = { kind: "node", id: id };
        if (!nodes.get(id)) { state.pinned[id] = true; }
        return draw().then(function () {
          network.selectNodes([id], false);
          if (focus) { network.focus(id, { scale: Math.max(network.getScale(), 0.9), animation: false }); applyLabels(); }
          restyle();
          saveHash();
          return renderPanel().then(function () { return true; });
        });
      });
    });
  }
  function selectEdge(id, focus) {
    var l = state.links[id];
    if (!l) { return Promise.resolve(false); }
    return selectLink(l, focus);
  }
  function selectLink(l, focus) {
    return task(null, function () {
      return Promise.all([ensureNode(l.from), ensureNode(l.to)]).then(function () {
        l.id = l.id || linkKey(l);
        if (!state.links[l.id]) { state.pinnedLinks[l.id] = l; }
        state.selection = { kind: "edge", id: l.id, link: l };
        return draw().then(function () {
          network.setSelection({ nodes: [], edges: [l.id] }, { unselectAll: true, highlightEdges: false });
          if (focus) { network.fit({ nodes: [l.from, l.to], animation: false, maxZoomLevel: 1.2 }); applyLabels(); }
          restyle();
          saveHash();
          return renderPanel().then(function () { return true; });
        });
      });
    });
  }
  function clearSelection() {
    state.selection = null;
    network.unselectAll();
    restyle();
    saveHash();
    return renderPanel();
  }
  /* The click handler; tests call it after network.selectEdges/selectNodes. */
  function onSelect(params) {
    if (params && params.nodes && params.nodes.length) { return selectNode(params.nodes[0], false); }
    if (params && params.edges && params.edges.length) { return selectEdge(params.edges[0], false); }
    return clearSelection().then(function () { return false; });
  }
  network.on("click", onSelect);
  network.on("doubleClick", function (p) { if (p.nodes && p.nodes.length) { expand(p.nodes[0]); } });

  // ---------------------------------------------------------------- side panel
  var panelToken = 0;
  function addField(dl, name, value, german) {
    if (value === null || value === undefined || value === "") { return; }
    dl.appendChild(el("dt", null, name));
    var dd = value instanceof Node ? value : (german ? de("dd", null, value) : el("dd", null, value));
    if (value instanceof Node) { var wrap = el("dd"); wrap.appendChild(value); dd = wrap; }
    dl.appendChild(dd);
  }
  function nodeButton(id) {
    var b = button(labelOf(id), function () { selectNode(id, true); }, "linklike");
    b.lang = "de";
    return b;
  }
  function renderPanel() {
    var mine = ++panelToken;
    var body = el("div");
    var title = byId("panel-title");
    var sel = state.selection;
    var work;
    if (sel && sel.kind === "node" && state.nodes[sel.id]) {
      work = renderNodePanel(state.nodes[sel.id], body, title);
    } else if (sel && sel.kind === "edge" && (state.links[sel.id] || sel.link)) {
      work = renderLinkPanel(state.links[sel.id] || sel.link, body, title);
    } else if (state.path) {
      work = Promise.resolve(renderPathPanel(body, title));
    } else {
      title.textContent = "Details"; title.removeAttribute("lang");
      body.appendChild(el("p", "hint", "Search for a name, click an entity or a relation, or move through the graph with the arrow keys, to see its statements and the sentences they come from."));
      work = Promise.resolve();
    }
    return Promise.resolve(work).then(function () {
      if (mine !== panelToken) { return; }
      byId("panel-body").replaceChildren(body);
    });
  }
  function renderNodePanel(n, body, title) {
    title.textContent = n.label; title.lang = "de";
    body.appendChild(de("p", "meta", n.type + (n.role ? " \u00b7 " + n.role : "")));
    var actions = el("div", "actions");
    var x = state.expansions.filter(function (e) { return e.id === n.id; })[0];
    var expandButton = button(x ? "Expand one more step (" + (x.depth + 1) + ")" : "Expand neighbourhood", function () { expand(n.id); });
    expandButton.id = "expand";
    actions.appendChild(expandButton);
    if (x) { var c = button("Collapse", function () { collapse(n.id); }); c.id = "collapse"; actions.appendChild(c); }
    var pf = button("Path from here\u2026", function () { byId("path-from").value = n.label; byId("path-from").setAttribute("data-id", n.id); byId("path-to").focus(); });
    pf.id = "path-from-here";
    actions.appendChild(pf);
    body.appendChild(actions);
    if (!nodes.get(n.id)) { body.appendChild(el("p", "warning", "Hidden by the current filters.")); }
    var linksHead = el("h3", null, "Statements");
    body.appendChild(linksHead);
    var list = el("ul", "statement-links");
    body.appendChild(list);
    if (n.alt_labels && n.alt_labels.length) {
      body.appendChild(el("h3", null, "Other names"));
      var ul = el("ul", "names");
      n.alt_labels.forEach(function (a) { ul.appendChild(de("li", null, a)); });
      body.appendChild(ul);
    }
    if (isWebLink(n.wikidata)) {
      body.appendChild(el("h3", null, "Wikidata"));
      var a = el("a", null, n.wikidata);
      a.setAttribute("href", n.wikidata); a.setAttribute("target", "_blank"); a.setAttribute("rel", "noopener noreferrer");
      body.appendChild(a);
    }
    body.appendChild(el("h3", null, "IRI"));
    body.appendChild(el("div", "meta", n.id));
    return source.neighbourhood(n.id, filters, MAX_DRAWN).then(function (r) {
      r.nodes.forEach(function (m) { state.nodes[m.id] = state.nodes[m.id] || m; });
      var links = r.links.slice().sort(function (p, q) { return (q.count - p.count) || (p.relation < q.relation ? -1 : p.relation > q.relation ? 1 : 0) || (p.id < q.id ? -1 : 1); });
      var total = links.reduce(function (acc, l) { return acc + l.count; }, 0);
      var cut = links.filter(function (l) { return !state.links[l.id]; }).length;
      linksHead.textContent = "Statements (" + fmt(total) + ")";
      if (!links.length) { list.appendChild(el("li", "hint", "No statements pass the filters.")); }
      links.forEach(function (l) {
        var li = el("li");
        var outgoing = l.from === n.id;
        var b = button((outgoing ? "\u2192 " : "\u2190 ") + relationText(l) + " \u00b7 " + labelOf(outgoing ? l.to : l.from), function () { selectLink(l, true); }, "linklike");
        li.appendChild(b);
        if (l.count > 1) { li.appendChild(el("span", "meta", " (" + fmt(l.count) + ")")); }
        if (!state.links[l.id]) { li.className = "cut"; li.appendChild(el("span", "cut-mark", " not drawn")); }
        list.appendChild(li);
      });
      if (cut) {
        var more = button("Draw the " + plural(cut, "link") + " the overview left out", function () { expand(n.id); });
        more.id = "show-cut-links";
        list.parentNode.insertBefore(more, list.nextSibling);
      }
    });
  }
  function renderLinkPanel(l, body, title) {
    title.textContent = labelOf(l.from) + " \u2192 " + relationText(l) + " \u2192 " + labelOf(l.to); title.lang = "de";
    var meta = el("p", "meta");
    var badge = el("span", "badge", l.family);
    badge.style.background = familyStyle(l.family).color;
    meta.appendChild(badge);
    if (l.negated) { meta.appendChild(el("span", "badge neg", "negated")); }
    var summary = meta.appendChild(document.createTextNode(""));
    body.appendChild(meta);
    var ends = el("p", "meta", "Entities: ");
    ends.appendChild(nodeButton(l.from));
    ends.appendChild(document.createTextNode(" \u2192 "));
    ends.appendChild(nodeButton(l.to));
    body.appendChild(ends);
    var list = el("ol", "statements");
    body.appendChild(list);
    function page(offset) {
      return source.statements(l, filters, offset, PAGE).then(function (r) {
        var text = plural(r.total, "statement passes", "statements pass") + " the filters";
        if (r.unlisted) { text += " (the page lists the latest " + fmt(r.total + 0) + " of " + fmt(l.count) + "; " + fmt(r.unlisted) + " older ones are only counted)"; }
        summary.textContent = text;
        r.statements.forEach(function (s) { list.appendChild(statementItem(s)); });
        var shown = offset + r.statements.length;
        if (shown < r.total) {
          var more = button("Show more (" + fmt(r.total - shown) + ")", function () { more.remove(); page(shown); }, "more");
          body.appendChild(more);
        }
      });
    }
    return page(0);
  }
  function statementItem(s) {
    var li = el("li", "statement");
    li.style.borderLeftColor = familyStyle(s.family).color;
    li.setAttribute("data-statement", s.id);
    li.appendChild(de("p", "evidence", s.evidence || "(no evidence sentence)"));
    var dl = el("dl");
    var outlet = s.url ? hostOf(s.url) : s.source;
    if (s.url) {
      var a = el("a", null, outlet || s.url);
      a.setAttribute("href", s.url); a.setAttribute("target", "_blank"); a.setAttribute("rel", "noopener noreferrer");
      addField(dl, "Source", a);
    } else {
      addField(dl, "Source", outlet, true);
    }
    if (s.document_title && s.document_title !== outlet) { addField(dl, "Document", s.document_title, true); }
    addField(dl, "Published", s.published || "undated");
    addField(dl, "Event date", s.date || "not given");
    addField(dl, "According to", s.attributed_to, true);
    addField(dl, "Modality", s.modality);
    addField(dl, "Negated", s.negated ? "yes" : "no");
    addField(dl, "Rule", s.rule);
    addField(dl, "Confidence", typeof s.confidence === "number" ? s.confidence.toFixed(2) : null);
    li.appendChild(dl);
    if (known.texts && s.document && s.char_start !== null && s.char_start !== undefined) {
      var read = button("Read in the article", function () { openReader(s, read); }, "read");
      read.setAttribute("data-document", s.document);
      li.appendChild(read);
    }
    return li;
  }
  function renderPathPanel(body, title) {
    var p = state.path;
    title.textContent = "Path: " + labelOf(p.from) + " \u2192 " + labelOf(p.to); title.lang = "de";
    if (!p.nodes.length) {
      body.appendChild(el("p", "warning", "No path of at most 6 links passes the filters."));
      return;
    }
    body.appendChild(el("p", "meta", plural(p.links.length, "step")));
    var ol = el("ol", "path-steps");
    p.links.forEach(function (l, i) {
      var li = el("li");
      li.appendChild(nodeButton(p.nodes[i].id));
      li.appendChild(document.createTextNode(" "));
      li.appendChild(button((l.from === p.nodes[i].id ? "\u2192 " : "\u2190 ") + relationText(l), function () { selectLink(l, true); }, "linklike"));
      li.appendChild(document.createTextNode(" "));
      li.appendChild(nodeButton(p.nodes[i + 1].id));
      ol.appendChild(li);
    });
    body.appendChild(ol);
    body.appendChild(button("Clear the path", function () { state.path = null; saveHash(); task(null, function () { return draw().then(renderPanel); }); }));
  }

  // ---------------------------------------------------------------- the article, with the evidence marked
  function openReader(s, opener) {
    var dialog = byId("reader");
    return source.document(s.document).then(function (d) {
      byId("reader-title").textContent = (d && d.title) || s.document_title || s.document;
      var meta = byId("reader-meta");
      meta.replaceChildren();
      if (d && isWebLink(d.url)) {
        var a = el("a", null, d.url);
        a.setAttribute("href", d.url); a.setAttribute("target", "_blank"); a.setAttribute("rel", "noopener noreferrer");
        meta.appendChild(a);
        meta.appendChild(document.createTextNode(" \u00b7 "));
      } else if (d && d.source) {
        meta.appendChild(document.createTextNode(d.source + " \u00b7 "));
      }
      meta.appendChild(document.createTextNode("published " + ((d && d.published) || "undated")));
      var text = byId("reader-text");
      text.replaceChildren();
      if (!d || typeof d.text !== "string") {
        text.appendChild(el("p", "hint", (d && d.note) || "This page does not hold the article's text."));
      } else {
        var chars = Array.from(d.text);  // the offsets count code points, as Python does
        var start = Math.max(0, s.char_start), end = Math.min(chars.length, Math.max(start, s.char_end));
        text.appendChild(document.createTextNode(chars.slice(0, start).join("")));
        var mark = de("mark", null, chars.slice(start, end).join(""));
        mark.id = "reader-mark";
        text.appendChild(mark);
        text.appendChild(document.createTextNode(chars.slice(end).join("")));
      }
      dialog.returnFocus = opener;
      if (!dialog.open) { dialog.showModal(); }
      var m = byId("reader-mark");
      if (m) { m.scrollIntoView({ block: "center" }); }
      byId("reader-close").focus();
    }).catch(showError);
  }
  byId("reader-close").addEventListener("click", function () { byId("reader").close(); });
  byId("reader").addEventListener("close", function () {
    var opener = byId("reader").returnFocus;
    if (opener && opener.isConnected) { opener.focus(); }
  });

  // ---------------------------------------------------------------- filters UI
  function shapeSwatch(shape, color, border) {
    var svg = document.createElementNS(SVG_NS, "svg");
    svg.setAttribute("class", "swatch"); svg.setAttribute("viewBox", "0 0 16 16"); svg.setAttribute("aria-hidden", "true");
    var s;
    if (shape === "square") {
      s = document.createElementNS(SVG_NS, "rect");
      s.setAttribute("x", "2"); s.setAttribute("y", "2"); s.setAttribute("width", "12"); s.setAttribute("height", "12");
    } else if (shape === "dot") {
      s = document.createElementNS(SVG_NS, "circle");
      s.setAttribute("cx", "8"); s.setAttribute("cy", "8"); s.setAttribute("r", "6");
    } else {
      var points = { diamond: "8,1 15,8 8,15 1,8", triangle: "8,1.5 15,14 1,14", hexagon: "4.5,2 11.5,2 15,8 11.5,14 4.5,14 1,8",
                     star: "8,1 10,6 15,6 11,9.5 12.5,15 8,11.5 3.5,15 5,9.5 1,6 6,6" }[shape] || "8,1 15,8 8,15 1,8";
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
  function safeId(text) { return /^[A-Za-z0-9_-]+$/.test(text) ? text : null; }
  function relationsOf(family) { return known.relations.filter(function (r) { return r.family === family; }).map(function (r) { return r.name; }); }
  function changed() { syncControls(); return refresh(); }

  function buildFilters() {
    var typeBox = byId("filter-types");
    typeBox.replaceChildren();
    var types = Object.keys(styles.types);
    known.types.forEach(function (t) { if (types.indexOf(t) < 0) { types.push(t); } });
    types.forEach(function (t) {
      var st = typeStyle(t), label = el("label");
      label.appendChild(checkbox(safeId(t) ? "filter-type-" + t : null, t, !filters.offTypes[t], function (on) { filters.offTypes[t] = !on; changed(); }));
      label.appendChild(shapeSwatch(st.shape, st.color, st.border));
      label.appendChild(el("span", null, t));
      typeBox.appendChild(label);
    });
    var familyBox = byId("filter-families");
    familyBox.replaceChildren();
    known.families.forEach(function (fam) {
      var group = el("div", "family");
      var label = el("label");
      var box = checkbox(safeId(fam) ? "filter-family-" + fam : null, fam, true, function (on) {
        relationsOf(fam).forEach(function (r) { filters.offRelations[r] = !on; });
        changed();
      });
      box.className = "family-box";
      label.appendChild(box);
      var line = el("span", "line-swatch");
      line.style.borderTopColor = familyStyle(fam).color;
      label.appendChild(line);
      label.appendChild(el("span", null, fam));
      group.appendChild(label);
      var rels = relationsOf(fam);
      if (rels.length) {
        var details = el("details", "relations");
        details.appendChild(el("summary", null, plural(rels.length, "relation")));
        rels.forEach(function (r) {
          var rl = el("label", "relation");
          rl.appendChild(checkbox(safeId(r) ? "filter-relation-" + r : null, r, !filters.offRelations[r], function (on) { filters.offRelations[r] = !on; changed(); }));
          rl.appendChild(el("span", null, r));
          details.appendChild(rl);
        });
        group.appendChild(details);
      }
      familyBox.appendChild(group);
    });
    var modBox = byId("filter-modalities");
    modBox.replaceChildren();
    known.modalities.forEach(function (m) {
      var label = el("label");
      label.appendChild(checkbox(safeId(m) ? "filter-modality-" + m : null, m, !filters.offModalities[m], function (on) { filters.offModalities[m] = !on; changed(); }));
      label.appendChild(el("span", null, m));
      modBox.appendChild(label);
    });
  }
  /* Controls show `filters` (after a reset, a hash, a family click). */
  function syncControls() {
    document.querySelectorAll("#filter-types input").forEach(function (i) { i.checked = !filters.offTypes[i.getAttribute("data-value")]; });
    document.querySelectorAll("#filter-families .relation input").forEach(function (i) { i.checked = !filters.offRelations[i.getAttribute("data-value")]; });
    document.querySelectorAll("#filter-families .family-box").forEach(function (i) {
      var rels = relationsOf(i.getAttribute("data-value")), on = rels.filter(function (r) { return !filters.offRelations[r]; }).length;
      i.checked = on > 0; i.indeterminate = on > 0 && on < rels.length;
    });
    document.querySelectorAll("#filter-modalities input").forEach(function (i) { i.checked = !filters.offModalities[i.getAttribute("data-value")]; });
    byId("filter-hide-negated").checked = filters.hideNegated;
    byId("filter-attributed").value = filters.attributed;
    byId("filter-source").value = filters.source;
    byId("filter-min-confidence").value = String(filters.minConfidence);
    byId("filter-min-confidence-value").textContent = filters.minConfidence.toFixed(2);
    byId("filter-date-kind").value = filters.dateKind;
    byId("filter-date-from").value = filters.dateFrom;
    byId("filter-date-to").value = filters.dateTo;
    byId("filter-undated").checked = filters.includeUndated;
    byId("overview-limit").value = String(state.limit);
    syncSliders();
  }
  function resetFilters() {
    filters = defaultFilters();
    state.limit = OVERVIEW;
    return changed();
  }
  function wireControls() {
    var typing = null;
    function later(fn) { clearTimeout(typing); typing = setTimeout(fn, 250); }
    byId("filter-hide-negated").addEventListener("change", function (ev) { filters.hideNegated = ev.target.checked; changed(); });
    function text(id, name) {
      function commit() { clearTimeout(typing); if (filters[name] !== byId(id).value.trim()) { filters[name] = byId(id).value.trim(); refresh(); } }
      byId(id).addEventListener("input", function () { later(commit); });
      byId(id).addEventListener("change", commit);
    }
    text("filter-attributed", "attributed");
    text("filter-source", "source");
    byId("filter-min-confidence").addEventListener("change", function (ev) { filters.minConfidence = Number(ev.target.value) || 0; changed(); });
    byId("filter-min-confidence").addEventListener("input", function (ev) { byId("filter-min-confidence-value").textContent = Number(ev.target.value).toFixed(2); });
    byId("filter-date-kind").addEventListener("change", function (ev) { filters.dateKind = ev.target.value === "published" ? "published" : "event"; changed(); });
    function onDate() { filters.dateFrom = byId("filter-date-from").value || ""; filters.dateTo = byId("filter-date-to").value || ""; changed(); }
    byId("filter-date-from").addEventListener("change", onDate);
    byId("filter-date-to").addEventListener("change", onDate);
    byId("filter-undated").addEventListener("change", function (ev) { filters.includeUndated = ev.target.checked; changed(); });
    byId("date-slider-from").addEventListener("input", function () { fromSlider("date-slider-from"); });
    byId("date-slider-to").addEventListener("input", function () { fromSlider("date-slider-to"); });
    byId("date-slider-from").addEventListener("change", function () { changed(); });
    byId("date-slider-to").addEventListener("change", function () { changed(); });
    byId("filter-reset").addEventListener("click", resetFilters);
    byId("overview-limit").addEventListener("change", function (ev) { state.limit = Math.min(MAX_DRAWN, Number(ev.target.value) || OVERVIEW); changed(); });
    byId("show-cut").addEventListener("click", function () { state.limit = MAX_DRAWN; changed(); });
    byId("fit").addEventListener("click", function () { network.fit({ animation: false }); applyLabels(); });
    byId("path-find").addEventListener("click", pathFromForm);
    ["path-from", "path-to"].forEach(function (id) {
      byId(id).addEventListener("input", function () { byId(id).removeAttribute("data-id"); });
      byId(id).addEventListener("keydown", function (ev) { if (ev.key === "Enter") { ev.preventDefault(); pathFromForm(); } });
    });
    byId("export-json").addEventListener("click", function () { exportView("json").then(function (t) { download("geokg-view.json", "application/json", t); }); });
    byId("export-csv").addEventListener("click", function () { exportView("csv").then(function (t) { download("geokg-view.csv", "text/csv", t); }); });
  }
  function resolveName(id) {
    var input = byId(id);
    if (input.getAttribute("data-id")) { return Promise.resolve(input.getAttribute("data-id")); }
    return source.search(input.value, 1).then(function (hits) { return hits.length ? hits[0].id : null; });
  }
  function pathFromForm() {
    return Promise.all([resolveName("path-from"), resolveName("path-to")]).then(function (ids) {
      var note = byId("path-note");
      if (!ids[0] || !ids[1]) { note.textContent = "Name two entities the graph knows."; return null; }
      note.textContent = "";
      return findPath(ids[0], ids[1]);
    });
  }

  // ---------------------------------------------------------------- timeline: histogram + range sliders
  var days = null; // {first, last} day numbers of the sliders' scale
  /* The sliders' scale: the first to the last day of the unfiltered timeline, or, where a few
   * stray dates (a typo's year 3015) would squeeze the rest into a pixel, the days of the middle
   * 99 % of the statements; the date boxes still reach every day. */
  function setupDays(t) {
    var all = t.event.concat(t.published).map(function (p) { return [dayNumber(p[0]), p[1]]; })
      .sort(function (a, b) { return a[0] - b[0]; });
    if (!all.length) { days = null; syncSliders(); return; }
    var total = all.reduce(function (acc, p) { return acc + p[1]; }, 0), seen = 0, lo = null, hi = null;
    all.forEach(function (p) {
      seen += p[1];
      if (lo === null && seen >= total * 0.005) { lo = p[0]; }
      if (hi === null && seen >= total * 0.995) { hi = p[0]; }
    });
    var first = all[0][0], last = all[all.length - 1][0];
    if (last - first > 3 * (hi - lo + 1) + 60) { first = lo; last = hi; }
    days = { first: first, last: last };
    ["date-slider-from", "date-slider-to"].forEach(function (id) {
      byId(id).min = "0"; byId(id).max = String(last - first); byId(id).step = "1";
    });
    syncSliders();
  }
  function syncSliders() {
    var from = byId("date-slider-from"), to = byId("date-slider-to");
    from.disabled = to.disabled = !days;
    if (!days) { return; }
    from.value = String(filters.dateFrom ? Math.max(0, dayNumber(filters.dateFrom) - days.first) : 0);
    to.value = String(filters.dateTo ? Math.min(days.last - days.first, dayNumber(filters.dateTo) - days.first) : days.last - days.first);
    from.setAttribute("aria-valuetext", filters.dateFrom || dayOfNumber(days.first));
    to.setAttribute("aria-valuetext", filters.dateTo || dayOfNumber(days.last));
  }
  function fromSlider(id) {
    var from = Number(byId("date-slider-from").value), to = Number(byId("date-slider-to").value);
    if (from > to) { if (id === "date-slider-from") { to = from; } else { from = to; } }
    filters.dateFrom = from > 0 ? dayOfNumber(days.first + from) : "";
    filters.dateTo = to < days.last - days.first ? dayOfNumber(days.first + to) : "";
    byId("filter-date-from").value = filters.dateFrom;
    byId("filter-date-to").value = filters.dateTo;
    syncSliders();
  }
  function renderTimeline(t) {
    var svg = byId("timeline-chart");
    while (svg.firstChild) { svg.removeChild(svg.firstChild); }
    var note = byId("timeline-note");
    var eventTotal = t.event.reduce(function (a, p) { return a + p[1]; }, 0);
    var pubTotal = t.published.reduce(function (a, p) { return a + p[1]; }, 0);
    note.textContent = fmt(eventTotal) + " with an event date, " + fmt(t.undated.event) + " without; " +
      fmt(pubTotal) + " with a publication date, " + fmt(t.undated.published) + " without.";
    if (!days) { setupDays(t); }
    if (!days) { svg.setAttribute("hidden", ""); return; }
    svg.removeAttribute("hidden");
    var span = days.last - days.first + 1, width = 260, rowH = 34;
    var bins = Math.min(span, 60), per = span / bins;
    function bin(series) {
      var counts = new Array(bins).fill(0);
      series.forEach(function (p) {
        var i = Math.floor((dayNumber(p[0]) - days.first) / per);
        if (i >= 0 && i < bins) { counts[i] += p[1]; } else { outside += p[1]; }
      });
      return counts;
    }
    var outside = 0, ev = bin(t.event), pub = bin(t.published);
    if (outside) { note.textContent += " " + plural(outside, "date lies", "dates lie") + " outside the scale (the date boxes reach them)."; }
    var top = Math.max.apply(null, ev.concat(pub).concat([1]));
    var bw = width / bins;
    var lo = filters.dateFrom ? dayNumber(filters.dateFrom) : days.first, hi = filters.dateTo ? dayNumber(filters.dateTo) : days.last;
    function rect(x, y, w, h, cls) {
      var r = document.createElementNS(SVG_NS, "rect");
      r.setAttribute("x", x.toFixed(1)); r.setAttribute("y", y.toFixed(1)); r.setAttribute("width", Math.max(0.5, w).toFixed(1)); r.setAttribute("height", h.toFixed(1));
      r.setAttribute("class", cls);
      svg.appendChild(r);
      return r;
    }
    rect(((lo - days.first) / span) * width, 0, ((hi - lo + 1) / span) * width, rowH * 2 + 6, "range");
    [[ev, 0, "event"], [pub, rowH + 6, "published"]].forEach(function (row) {
      row[0].forEach(function (n, i) {
        if (!n) { return; }
        var h = Math.max(1.5, (n / top) * (rowH - 2));
        var active = row[2] === filters.dateKind ? " active" : "";
        var r = rect(i * bw + 0.5, row[1] + rowH - h, bw - 1, h, "bar " + row[2] + active);
        var title = document.createElementNS(SVG_NS, "title");
        title.textContent = (row[2] === "event" ? "event date " : "published ") + dayOfNumber(Math.floor(days.first + i * per)) + ": " + fmt(n);
        r.appendChild(title);
      });
    });
    byId("timeline-first").textContent = dayOfNumber(days.first);
    byId("timeline-last").textContent = dayOfNumber(days.last);
  }

  function renderCutNote(narrowed) {
    var o = state.overview, note = byId("cut-note"), text = byId("cut-text"), more = byId("show-cut");
    note.hidden = false;
    if (o.total.entities > o.shown.entities) {
      text.textContent = "Drawing the " + fmt(o.shown.entities) + " entities with most statements in this filter, of " +
        fmt(o.total.entities) + " (" + fmt(o.shown.statements) + " of " + plural(o.total.statements, "statement") + " between them). ";
      more.hidden = narrowed || state.limit >= MAX_DRAWN;
      more.textContent = "Draw up to " + fmt(Math.min(MAX_DRAWN, o.total.entities));
    } else {
      text.textContent = "All " + plural(o.total.entities, "entity", "entities") + " and " +
        plural(o.total.statements, "statement") + " of this filter are drawn.";
      more.hidden = true;
    }
  }

  // ---------------------------------------------------------------- search (a combobox: arrows, Enter, Escape)
  var searchBox = byId("search");
  var resultList = byId("search-results");
  var hits = [], active = -1, searchToken = 0, searchTimer = null;
  function setActive(i) {
    var items = resultList.querySelectorAll("li[role=option]");
    active = items.length ? (i + items.length) % items.length : -1;
    items.forEach(function (li, j) { li.classList.toggle("active", j === active); li.setAttribute("aria-selected", j === active ? "true" : "false"); });
    if (active >= 0) { searchBox.setAttribute("aria-activedescendant", items[active].id); items[active].scrollIntoView({ block: "nearest" }); }
    else { searchBox.removeAttribute("aria-activedescendant"); }
  }
  function closeResults() {
    resultList.hidden = true;
    searchBox.setAttribute("aria-expanded", "false");
    searchBox.removeAttribute("aria-activedescendant");
  }
  function showResults() {
    var mine = ++searchToken, text = searchBox.value;
    return source.search(text, 15).then(function (found) {
      if (mine !== searchToken) { return; }
      hits = found;
      resultList.replaceChildren();
      if (!text.trim()) { closeResults(); return; }
      if (!hits.length) { resultList.appendChild(el("li", "none", "No entity with that name")); }
      hits.forEach(function (hit, i) {
        var li = el("li");
        li.id = "search-option-" + i;
        li.setAttribute("role", "option");
        li.setAttribute("data-id", hit.id);
        li.appendChild(de("span", null, hit.label));
        li.appendChild(el("span", "type", " " + hit.type));
        if (hit.via) { li.appendChild(de("span", "via", " \u2014 " + hit.via)); }
        li.addEventListener("mousedown", function (ev) { ev.preventDefault(); });
        li.addEventListener("click", function () { pick(hit.id); });
        resultList.appendChild(li);
      });
      resultList.hidden = false;
      searchBox.setAttribute("aria-expanded", "true");
      setActive(hits.length ? 0 : -1);
    });
  }
  function pick(id) {
    closeResults();
    return selectNode(id, true);
  }
  searchBox.addEventListener("input", function () {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(showResults, source.kind === "api" ? 150 : 0);
  });
  searchBox.addEventListener("keydown", function (ev) {
    if (ev.key === "ArrowDown" || ev.key === "ArrowUp") {
      ev.preventDefault();
      if (resultList.hidden) { showResults(); return; }
      setActive(active + (ev.key === "ArrowDown" ? 1 : -1));
    } else if (ev.key === "Enter") {
      ev.preventDefault();
      clearTimeout(searchTimer);
      if (!resultList.hidden && active >= 0 && hits[active]) { pick(hits[active].id); return; }
      source.search(searchBox.value, 1).then(function (found) { if (found.length) { pick(found[0].id); } });
    } else if (ev.key === "Escape") {
      if (!resultList.hidden) { ev.preventDefault(); closeResults(); } else { searchBox.value = ""; }
    }
  });
  searchBox.addEventListener("blur", function () { setTimeout(closeResults, 150); });

  // ---------------------------------------------------------------- keyboard in the graph
  /* Arrow keys go to the nearest drawn entity in that direction; Home to the most important;
   * Enter or + expands the selected entity's neighbourhood; Escape clears the selection. */
  container.addEventListener("keydown", function (ev) {
    var sel = state.selection && state.selection.kind === "node" ? state.selection.id : null;
    var dirs = { ArrowRight: [1, 0], ArrowLeft: [-1, 0], ArrowDown: [0, 1], ArrowUp: [0, -1] };
    if (dirs[ev.key]) {
      ev.preventDefault();
      var ranked = rankedDrawn();
      if (!sel || !nodes.get(sel)) { if (ranked.length) { selectNode(ranked[0], true); } return; }
      var target = nearest(sel, dirs[ev.key]);
      if (target) { selectNode(target, true); }
    } else if (ev.key === "Home") {
      ev.preventDefault();
      var top = rankedDrawn()[0];
      if (top) { selectNode(top, true); }
    } else if ((ev.key === "Enter" || ev.key === "+") && sel) {
      ev.preventDefault();
      expand(sel);
    } else if (ev.key === "Escape") {
      clearSelection();
    }
  });
  function nearest(from, dir) {
    var pos = network.getPositions(), p = pos[from], best = null, bestScore = Infinity;
    Object.keys(pos).forEach(function (id) {
      if (id === from) { return; }
      var dx = pos[id].x - p.x, dy = pos[id].y - p.y;
      var along = dx * dir[0] + dy * dir[1];
      if (along <= 0) { return; }
      var across = Math.abs(dx * dir[1] - dy * dir[0]);
      if (across > along * 2) { return; }
      var score = along + 2 * across;
      if (score < bestScore) { bestScore = score; best = id; }
    });
    return best;
  }

  // ---------------------------------------------------------------- export and the URL
  function exportView(kind) {
    var links = Object.keys(state.links).sort().map(function (k) { return state.links[k]; });
    var f = JSON.parse(JSON.stringify(filters));
    return Promise.all(links.map(function (l) { return source.statements(l, f, 0, 1000); })).then(function (answers) {
      var statements = [];
      answers.forEach(function (a) { statements = statements.concat(a.statements); });
      if (kind === "json") {
        return JSON.stringify({
          filters: filterParams(f, known, false),
          entities: nodes.getIds().sort().map(function (id) { var n = state.nodes[id]; return { id: n.id, label: n.label, type: n.type }; }),
          links: links.map(function (l) { return { from: l.from, to: l.to, relation: l.relation, family: l.family, negated: l.negated, count: l.count }; }),
          statements: statements
        }, null, 1);
      }
      var cols = ["subject", "subject_label", "relation", "object", "object_label", "negated", "modality", "attributed_to",
                  "date", "published", "document", "source", "url", "confidence", "evidence", "id"];
      function cell(v) { var t = v === null || v === undefined ? "" : String(v); return /[",\n\r]/.test(t) || /^[=+\-@]/.test(t) ? '"' + t.replace(/"/g, '""') + '"' : t; }
      var rows = [cols.join(",")];
      statements.forEach(function (s) {
        var r = Object.assign({ subject_label: labelOf(s.subject), object_label: labelOf(s.object) }, s);
        rows.push(cols.map(function (c) { return cell(r[c]); }).join(","));
      });
      return rows.join("\r\n") + "\r\n";
    });
  }
  function download(name, type, text) {
    var a = el("a");
    a.href = URL.createObjectURL(new Blob([text], { type: type + ";charset=utf-8" }));
    a.download = name;
    document.body.appendChild(a);
    a.click();
    setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
  }
  /* The view's state as the URL's fragment: filters, selection, neighbourhoods, path, overview size. */
  function stateHash() {
    var p = new URLSearchParams();
    var fp = filterParams(filters, known, false);
    Object.keys(fp).sort().forEach(function (k) { p.set(k, fp[k]); });
    if (state.limit !== OVERVIEW) { p.set("limit", String(state.limit)); }
    if (state.expansions.length) { p.set("expand", state.expansions.map(function (x) { return x.depth + ":" + x.id; }).join(" ")); }
    if (state.path) { p.set("path", state.path.from + " " + state.path.to); }
    if (state.selection && state.selection.kind === "node") { p.set("select", state.selection.id); }
    if (state.selection && state.selection.kind === "edge") {
      var l = state.links[state.selection.id] || state.selection.link;
      if (l) { p.set("link", [l.from, l.relation, l.to, l.negated ? 1 : 0].join(" ")); }
    }
    return p.toString();
  }
  var restoring = false;
  function saveHash() {
    if (restoring) { return; }
    var hash = stateHash();
    if (("#" + hash) !== location.hash && !(hash === "" && location.hash === "")) {
      try { history.replaceState(null, "", hash ? "#" + hash : location.pathname + location.search); } catch (e) { /* file: URLs in some browsers */ }
    }
  }
  function readHash() {
    var p = new URLSearchParams(location.hash.replace(/^#/, ""));
    var f = defaultFilters();
    function exclusion(name, all) {
      if (!p.has(name)) { return {}; }
      var on = {}, off = {};
      p.get(name).split(",").forEach(function (x) { on[x] = true; });
      all.forEach(function (x) { if (!on[x]) { off[x] = true; } });
      return off;
    }
    f.offRelations = exclusion("relations", known.relations.map(function (r) { return r.name; }));
    f.offTypes = exclusion("types", known.types);
    f.offModalities = exclusion("modality", known.modalities);
    f.hideNegated = p.get("negated") === "0";
    f.attributed = p.get("attributed") || "";
    f.source = p.get("source") || "";
    f.minConfidence = Number(p.get("min_confidence")) || 0;
    f.dateKind = p.get("date") === "published" ? "published" : "event";
    f.dateFrom = /^\d{4}-\d{2}-\d{2}$/.test(p.get("date_from") || "") ? p.get("date_from") : "";
    f.dateTo = /^\d{4}-\d{2}-\d{2}$/.test(p.get("date_to") || "") ? p.get("date_to") : "";
    f.includeUndated = p.get("undated") !== "0";
    filters = f;
    state.limit = Math.min(MAX_DRAWN, Number(p.get("limit")) || OVERVIEW);
    state.expansions = (p.get("expand") || "").split(" ").filter(Boolean).map(function (x) {
      var i = x.indexOf(":");
      return { id: x.slice(i + 1), depth: Math.max(1, Math.min(3, Number(x.slice(0, i)) || 1)), steps: [] };
    });
    var path = (p.get("path") || "").split(" ");
    state.path = path.length === 2 ? { from: path[0], to: path[1], nodes: [], links: [] } : null;
    var link = (p.get("link") || "").split(" ");
    return { select: p.get("select"), link: link.length === 4 ? { from: link[0], relation: link[1], to: link[2], negated: link[3] === "1" } : null };
  }

  // ---------------------------------------------------------------- the public API
  var api = {
    source: source, network: network, nodes: nodes, edges: edges, data: config.api ? null : config, ready: false,
    onSelect: onSelect, selectNode: selectNode, selectEdge: selectEdge, selectLink: selectLink, clearSelection: clearSelection,
    expand: expand, collapse: collapse, findPath: findPath, refresh: refresh, resetFilters: resetFilters, idle: idle,
    search: function (text) { return source.search(text, 15); },
    filters: function () { return filters; },
    setFilters: function (partial) { Object.keys(partial).forEach(function (k) { filters[k] = partial[k]; }); return changed(); },
    selection: function () { return state.selection ? { kind: state.selection.kind, id: state.selection.id } : null; },
    drawnNodeIds: function () { return nodes.getIds(); },
    drawnEdgeIds: function () { return edges.getIds(); },
    drawnLinks: function () { return edges.getIds().map(function (k) { return state.links[k]; }); },
    overview: function () { return state.overview; },
    layouts: function () { return state.layouts || 0; },
    stateHash: stateHash, exportView: exportView,
    /* Labelled entities with their label's on-screen size and place (page coordinates). */
    labelsOnScreen: function () {
      var scale = network.getScale(), rect = container.getBoundingClientRect(), ids = Object.keys(labelled);
      var pos = network.getPositions(ids);
      return ids.map(function (id) {
        var p = network.canvasToDOM(pos[id]), font = nodes.get(id).font.size;
        return { id: id, label: state.nodes[id].label, px: font * scale, x: rect.left + p.x, y: rect.top + p.y };
      });
    }
  };
  window.geokg = api;

  // ---------------------------------------------------------------- start
  wireControls();
  showProgress("Loading\u2026", 0.02);
  task(null, function () {
    return source.info().then(function (info) {
      known.relations = info.relations || [];
      known.types = info.types || [];
      known.modalities = info.modalities || [];
      known.dates = info.dates || { event: null, published: null };
      known.texts = !!info.texts;
      known.totals = info.totals;
      var fams = Object.keys(styles.families);
      known.relations.forEach(function (r) { if (fams.indexOf(r.family) < 0) { fams.push(r.family); } });
      known.families = fams.filter(function (fam) { return relationsOf(fam).length; });
      if (info.title && source.kind === "api") { byId("title").textContent = info.title; document.title = info.title; }
      restoring = true;
      var wantSelection = readHash();
      buildFilters();
      syncControls();
      restoring = false;
      return refresh().then(function () {
        if (wantSelection.select) { return selectNode(wantSelection.select, true); }
        if (wantSelection.link) {
          var l = wantSelection.link;
          return source.statements(l, filters, 0, 1).then(function (r) { l.family = r.statements.length ? r.statements[0].family : "static"; l.count = r.total; return selectLink(l, true); });
        }
        return renderPanel();
      });
    });
  });
})();
