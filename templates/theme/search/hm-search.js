/* huimin search: the browser side of huimin/site/search_index.py (same tokenizer, same hash).
 * Nothing is fetched until someone starts a search: on focus the manifest, on typing only the
 * shards that hold the query's bigrams, then the metadata of the results shown. Drives the
 * search box of templates/theme/partials/search.html (Material's markup, not Material's search).
 * window.hmSearch.search(q) gives the full ranked list (tests read it). */
(function () {
  "use strict";
  var script = document.currentScript;
  var BASE = new URL(".", script.src);          // …/search/
  var SITE = new URL("..", BASE);               // the site's root
  var SHOW = 10;                                // results shown (metadata fetched) per query
  var LABELS = { policy: "政策", "case": "宜春经验", submission: "县市区报送", page: "其他" };
  var RUN = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+|[a-z0-9]+/g;
  var cache = {};

  function fetchJSON(path) {
    if (!cache[path]) {
      cache[path] = fetch(new URL(path, BASE)).then(function (r) {
        if (!r.ok) throw new Error(path + ": " + r.status);
        return r.json();
      });
      cache[path].catch(function () { delete cache[path]; });
    }
    return cache[path];
  }
  function manifest() { return fetchJSON("manifest.json"); }

  function normalize(s) { return s.normalize("NFKC").toLowerCase(); }
  function runs(s) { return normalize(s).match(RUN) || []; }
  function termsOf(word) {                      // the terms a page holding `word` must have
    var out = [];
    runs(word).forEach(function (run) {
      if (run.charCodeAt(0) < 0x3400 || run.length === 1) out.push(run);
      else {  // bigrams at 0, 2, 4 … and the last: every character covered, half the shards
        for (var i = 0; i + 1 < run.length; i += 2) out.push(run.slice(i, i + 2));
        if (run.length % 2) out.push(run.slice(-2));
      }
    });
    return out.filter(function (t, i) { return out.indexOf(t) === i; });
  }
  function bucket(term, shards) {               // FNV-1a over UTF-16 code units
    var h = 0x811c9dc5;
    for (var i = 0; i < term.length; i++) h = Math.imul(h ^ term.charCodeAt(i), 0x01000193) >>> 0;
    return h % shards;
  }
  function postings(term, m) {                  // Promise of Map doc → weight
    return fetchJSON("t/" + bucket(term, m.shards) + ".json").then(function (shard) {
      var flat = Object.prototype.hasOwnProperty.call(shard, term) ? shard[term] : [];
      var map = new Map(), doc = 0;
      for (var i = 0; i < flat.length; i += 2) { doc += flat[i]; map.set(doc, flat[i + 1]); }
      return map;
    });
  }
  function typeOf(doc, m) {                     // index of the type group (policies first)
    for (var i = 0; i < m.types.length; i++) if (doc < m.types[i][2]) return i;
    return m.types.length;
  }

  /* A query is phrases (split at spaces and punctuation); every phrase must match. A phrase
   * matches a page holding all its bigrams, or all bigrams of one of its synonyms. */
  function alternatives(phrase, m) {
    var alts = [{ word: phrase, factor: 1 }], seen = [phrase];
    Object.keys(m.synonyms).forEach(function (key) {
      if (phrase.indexOf(key) < 0) return;
      m.synonyms[key].forEach(function (w) {
        if (seen.indexOf(w) < 0) { seen.push(w); alts.push({ word: w, factor: 0.8 }); }
      });
    });
    return alts;
  }
  function scorePhrase(phrase, m) {
    var alts = alternatives(phrase, m);
    return Promise.all(alts.map(function (alt) {
      var terms = termsOf(alt.word);
      return Promise.all(terms.map(function (t) { return postings(t, m); })).then(function (lists) {
        return { alt: alt, terms: terms, lists: lists };
      });
    })).then(function (parts) {
      var scores = new Map(), loose = new Map();
      parts.forEach(function (p) {
        var hits = new Map();                   // doc → [terms matched, score]
        p.lists.forEach(function (list) {
          var idf = Math.log(1 + m.docs / (list.size || 1));
          list.forEach(function (w, doc) {
            var h = hits.get(doc) || [0, 0];
            h[0] += 1; h[1] += w * idf * p.alt.factor;
            hits.set(doc, h);
          });
        });
        hits.forEach(function (h, doc) {
          if (h[0] === p.terms.length) scores.set(doc, (scores.get(doc) || 0) + h[1]);
          else if (p.alt.factor === 1 && h[0] >= Math.ceil(p.terms.length * 0.6)) loose.set(doc, h[1] * h[0] / p.terms.length);
        });
      });
      return scores.size ? { scores: scores, partial: false } : { scores: loose, partial: true };
    });
  }

  function search(query) {                      // Promise of {docs (ranked), partial, words, manifest}
    var phrases = runs(query);
    return manifest().then(function (m) {
      if (!phrases.length) return { docs: [], partial: false, words: [], manifest: m };
      return Promise.all(phrases.map(function (p) { return scorePhrase(p, m); })).then(function (res) {
        var total = new Map(res[0].scores), partial = res.some(function (r) { return r.partial; });
        res.slice(1).forEach(function (r) {
          total.forEach(function (s, doc) {
            if (r.scores.has(doc)) total.set(doc, s + r.scores.get(doc)); else total.delete(doc);
          });
        });
        if (!total.size && res.length > 1) {     // no page has every phrase: pages with any
          partial = true;
          res.forEach(function (r) { r.scores.forEach(function (s, d) { total.set(d, (total.get(d) || 0) + s); }); });
        }
        var docs = Array.from(total.keys()).sort(function (a, b) {
          return typeOf(a, m) - typeOf(b, m) || total.get(b) - total.get(a) || a - b;
        });
        var words = [];
        phrases.forEach(function (p) { alternatives(p, m).forEach(function (a) { words.push(a.word); }); });
        return { docs: docs, partial: partial, words: words, manifest: m };
      });
    });
  }
  function meta(docs, m) {                      // Promise of [[url, title, type, summary], …]
    return Promise.all(docs.map(function (doc) {
      return fetchJSON("m/" + Math.floor(doc / m.meta_chunk) + ".json").then(function (rows) {
        return rows[doc % m.meta_chunk];
      });
    }));
  }

  function escape(s) {
    return s.replace(/[&<>"]/g, function (c) { return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" }[c]; });
  }
  function mark(text, words) {
    var html = escape(text);
    words.slice().sort(function (a, b) { return b.length - a.length; }).forEach(function (w) {
      if (w.length) html = html.split(escape(w)).join("\u0000" + escape(w) + "\u0001");
    });
    return html.replace(/\u0000/g, "<mark>").replace(/\u0001/g, "</mark>");
  }

  function attach(form) {
    var input = form.querySelector("input"), root = form.closest(".md-search") || document;
    var list = root.querySelector(".md-search-result__list");
    var info = root.querySelector(".md-search-result__meta");
    var toggle = document.getElementById("__search");
    var hint = info.textContent.trim(), current = 0, timer = 0;

    function render(query) {
      var ticket = ++current;
      if (!runs(query).length) { list.innerHTML = ""; info.textContent = hint; info.removeAttribute("data-hm-query"); return; }
      search(query).then(function (r) {
        if (ticket !== current) return null;
        return meta(r.docs.slice(0, SHOW), r.manifest).then(function (rows) {
          if (ticket !== current) return;
          var counts = {}, order = [];
          r.docs.forEach(function (d) {
            var t = (r.manifest.types[typeOf(d, r.manifest)] || ["page"])[0];
            if (!counts[t]) { counts[t] = 0; order.push(t); }
            counts[t] += 1;
          });
          info.innerHTML = r.docs.length
            ? "找到 " + r.docs.length + " 个页面（" + order.map(function (t) { return escape(LABELS[t] || LABELS.page) + " " + counts[t]; }).join("，") + "）" +
              (r.partial ? '<span class="hm-search-partial">部分匹配</span>没有页面包含全部字词，以下页面包含其中大部分' : "") +
              (r.docs.length > SHOW ? "，显示前 " + SHOW + " 个" : "")
            : "没有找到，请换个说法试试，如“医疗”“低保”“助学”";
          info.setAttribute("data-hm-query", query);  // what the list shows (tests wait for it)
          var last = null;
          list.innerHTML = rows.map(function (row) {
            var head = row[2] !== last ? '<li class="hm-search-group" role="presentation"><h2>' + escape(LABELS[row[2]] || LABELS.page) + "</h2></li>" : "";
            last = row[2];
            return head + '<li class="md-search-result__item"><a class="md-search-result__link" href="' +
              escape(new URL(row[0], SITE).href) + '"><article class="md-search-result__article md-typeset">' +
              "<h1>" + mark(row[1], r.words) + "</h1><p>" + mark(row[3], r.words) + "</p></article></a></li>";
          }).join("");
        });
      }).catch(function () {
        if (ticket === current) { list.innerHTML = ""; info.textContent = "搜索暂时不可用，请检查网络后重试"; }
      });
    }

    input.addEventListener("focus", function () { manifest().catch(function () {}); if (toggle) toggle.checked = true; });
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () { render(input.value); }, 120);
    });
    form.addEventListener("submit", function (e) { e.preventDefault(); clearTimeout(timer); render(input.value); });
    form.addEventListener("reset", function () { clearTimeout(timer); setTimeout(function () { render(""); input.focus(); }, 0); });
    input.addEventListener("keydown", function (e) {
      if (e.key === "Escape") { if (toggle) toggle.checked = false; input.blur(); }
    });
    root.addEventListener("keydown", function (e) {   // Esc from a result closes the search too
      if (e.key === "Escape" && e.target !== input && toggle) { toggle.checked = false; }
    });
    if (toggle) toggle.addEventListener("change", function () { if (toggle.checked) input.focus(); });
    document.addEventListener("keydown", function (e) {
      var active = document.activeElement;
      if ((e.key === "/" || e.key === "s") && !e.ctrlKey && !e.metaKey && !e.altKey &&
          !(active && (/INPUT|TEXTAREA|SELECT/.test(active.tagName) || active.isContentEditable))) {
        e.preventDefault(); input.focus();
      }
    });
  }

  window.hmSearch = {
    search: search,
    meta: meta,
    all: function (q) {                         // Promise of every result's [url, title, type, summary]
      return search(q).then(function (r) { return meta(r.docs, r.manifest); });
    },
  };
  function init() { document.querySelectorAll('form[name="hm-search"]').forEach(attach); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init); else init();
})();
