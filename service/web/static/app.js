/* The page: sends the article to POST /quotes and shows it back with every quote highlighted.
 * Article text only ever reaches the page through textContent / text nodes, never as markup. */
"use strict";

(function () {
  const PALETTE_SIZE = 8;
  const NO_SPEAKER = "";
  const RESOLVED_BY = {
    subject: "subject of the reporting verb",
    inversion: "inverted subject (« …, a dit X »)",
    pronoun: "pronoun, linked to an earlier mention",
    description: "description (« le porte-parole … »)",
    apposition: "apposition",
    selon: "« selon X »",
    continuation: "same speaker as the previous quote",
    agent: "agent of a passive verb",
  };
  const TYPES = {
    direct: "direct (words in quotation marks)",
    indirect: "indirect (reported clause)",
    mixed: "mixed (reported clause with quoted words)",
  };

  const el = (id) => document.getElementById(id);
  const ui = {};
  const state = { text: "", quotes: [], speakers: [], filter: null, pinned: null, apiKey: "" };

  /* ---- small DOM helpers ------------------------------------------------------------- */

  function make(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
  }

  /* ---- talking to the service -------------------------------------------------------- */

  async function readError(response) {
    let body = null;
    try {
      body = await response.json();
    } catch (ignored) {
      body = null;
    }
    const message = (body && body.message) || response.statusText || "request failed";
    const details = body && body.errors ? flattenErrors(body.errors) : [];
    const parts = [`Error ${response.status}: ${message}`].concat(details);
    if (response.status === 401) {
      parts.push("This service requires an API key: enter it below and try again.");
    }
    return parts.join(" — ");
  }

  function flattenErrors(errors, prefix) {
    // flask-smorest errors: {"json": {"text": ["Missing data."]}} and the like.
    const out = [];
    if (Array.isArray(errors)) {
      errors.forEach((item) => out.push(...flattenErrors(item, prefix)));
    } else if (errors && typeof errors === "object") {
      Object.keys(errors).forEach((key) => {
        const name = key === "json" ? prefix : (prefix ? `${prefix}.${key}` : key);
        out.push(...flattenErrors(errors[key], name));
      });
    } else if (errors !== undefined && errors !== null) {
      out.push(prefix ? `${prefix}: ${errors}` : String(errors));
    }
    return out;
  }

  function requestHeaders() {
    const headers = { "Content-Type": "application/json", Accept: "application/json" };
    if (state.apiKey) headers.Authorization = `Bearer ${state.apiKey}`;
    return headers;
  }

  async function extract(event) {
    event.preventDefault();
    const text = ui.text.value;
    state.apiKey = ui.apiKey.value.trim();
    setBusy(true);
    showError(null);
    const started = performance.now();
    try {
      const response = await fetch("/quotes", {
        method: "POST",
        headers: requestHeaders(),
        body: JSON.stringify({ text }),
      });
      if (!response.ok) {
        if (response.status === 401) ui.keyRow.hidden = false;
        showError(await readError(response));
        return;
      }
      const answer = await response.json();
      showAnswer(text, answer, (performance.now() - started) / 1000);
    } catch (err) {
      showError(`Cannot reach the service (${err.message}). Is it running?`);
    } finally {
      setBusy(false);
    }
  }

  async function loadSamples() {
    try {
      const response = await fetch("/ui/samples", { headers: { Accept: "application/json" } });
      if (!response.ok) return;
      const samples = await response.json();
      samples.forEach((sample) => {
        const option = make("option", null, sample.title || sample.name);
        option.value = sample.name;
        ui.sample.appendChild(option);
      });
    } catch (ignored) {
      // No samples: the page works the same, with pasted text.
    }
  }

  async function loadSample() {
    const name = ui.sample.value;
    if (!name) return;
    showError(null);
    try {
      const response = await fetch(`/ui/samples/${encodeURIComponent(name)}`);
      if (!response.ok) {
        showError(await readError(response));
        return;
      }
      ui.text.value = await response.text();
      ui.text.focus();
      ui.text.setSelectionRange(0, 0);
      ui.text.scrollTop = 0;
    } catch (err) {
      showError(`Cannot load the sample (${err.message}).`);
    }
  }

  /* ---- page state -------------------------------------------------------------------- */

  function setBusy(busy) {
    ui.form.setAttribute("aria-busy", String(busy));
    ui.result.setAttribute("aria-busy", String(busy));
    ui.extract.disabled = busy;
    ui.progress.hidden = !busy;
    if (busy) ui.summary.textContent = "";
  }

  function showError(message) {
    // A result left on screen beside an error would seem to belong to the text now typed.
    if (message) ui.result.hidden = true;
    ui.error.textContent = message || "";
    ui.error.hidden = !message;
  }

  function resetPage() {
    ui.text.value = "";
    ui.sample.value = "";
    ui.result.hidden = true;
    ui.summary.textContent = "";
    showError(null);
    hideDetails(true);
    ui.text.focus();
  }

  /* ---- the answer -------------------------------------------------------------------- */

  function speakerKey(speaker) {
    if (!speaker) return NO_SPEAKER;
    return speaker.id || (speaker.name || "").toLowerCase();
  }

  function speakerLabel(speaker) {
    if (!speaker) return "no speaker found";
    return speaker.name || speaker.id || (speaker.mention && speaker.mention.text) || "unnamed";
  }

  function showAnswer(text, answer, seconds) {
    state.text = text;
    state.quotes = Array.isArray(answer.quotes) ? answer.quotes : [];
    state.speakers = speakerEntries(state.quotes, answer.speakers);
    state.filter = null;
    hideDetails(true);
    renderArticle(text, state.quotes);
    renderSpeakers(state.speakers);
    const n = state.quotes.length;
    const named = state.speakers.filter((s) => s.key !== NO_SPEAKER).length;
    ui.summary.textContent = `${n} quote${n === 1 ? "" : "s"} · ${named} speaker${named === 1 ? "" : "s"}`
      + ` · ${seconds.toFixed(1)} s`;
    ui.result.hidden = false;
  }

  function speakerEntries(quotes, listed) {
    // The answer's `speakers` (most quotes first), plus one entry for quotes with no speaker.
    const entries = (Array.isArray(listed) ? listed : []).map((s) => ({
      key: speakerKey(s), id: s.id, name: s.name || s.id, quotes: s.quotes,
    }));
    const known = new Set(entries.map((e) => e.key));
    quotes.forEach((q) => {
      const key = speakerKey(q.speaker);
      if (!known.has(key)) {
        known.add(key);
        entries.push({ key, id: null, name: key === NO_SPEAKER ? "No speaker found" : speakerLabel(q.speaker), quotes: 0 });
      }
    });
    entries.forEach((e) => {
      if (!e.quotes) e.quotes = quotes.filter((q) => speakerKey(q.speaker) === e.key).length;
    });
    entries.forEach((e, i) => { e.colour = e.key === NO_SPEAKER ? "none" : String(i % PALETTE_SIZE); });
    return entries;
  }

  function colourOf(key) {
    const entry = state.speakers.find((s) => s.key === key);
    return entry ? entry.colour : "none";
  }

  /* ---- highlighted article: sorted, non-overlapping segments ------------------------- */

  function unitOffsets(text) {
    // The API counts code points (Python str); JavaScript strings count UTF-16 units.
    if (!/[\uD800-\uDBFF]/.test(text)) return (i) => i;
    const map = [];
    let unit = 0;
    for (const ch of text) {
      map.push(unit);
      unit += ch.length;
    }
    map.push(unit);
    return (i) => map[Math.max(0, Math.min(i, map.length - 1))];
  }

  function spansOf(quotes, toUnit, length) {
    const spans = [];
    const add = (kind, index, part) => {
      if (!part || typeof part.start !== "number" || typeof part.end !== "number") return;
      const start = Math.max(0, Math.min(length, toUnit(part.start)));
      const end = Math.max(0, Math.min(length, toUnit(part.end)));
      if (end > start) spans.push({ kind, index, start, end });
    };
    quotes.forEach((q, i) => {
      add("quote", i, q);
      add("cue", i, q.cue);
      add("mention", i, q.speaker && q.speaker.mention);
    });
    return spans;
  }

  function segmentsOf(text, spans) {
    // Cut the text at every span boundary; each piece knows which quote, cues and mentions cover it.
    const cuts = new Set([0, text.length]);
    spans.forEach((s) => { cuts.add(s.start); cuts.add(s.end); });
    const points = Array.from(cuts).sort((a, b) => a - b);
    const segments = [];
    for (let k = 0; k + 1 < points.length; k += 1) {
      const start = points[k];
      const end = points[k + 1];
      const covering = spans.filter((s) => s.start <= start && end <= s.end);
      const quote = covering.find((s) => s.kind === "quote");
      segments.push({
        start, end,
        quote: quote ? quote.index : null,
        cues: covering.filter((s) => s.kind === "cue").map((s) => s.index),
        mentions: covering.filter((s) => s.kind === "mention").map((s) => s.index),
      });
    }
    return segments;
  }

  function segmentNode(text, segment) {
    const piece = text.slice(segment.start, segment.end);
    if (!segment.cues.length && !segment.mentions.length) return document.createTextNode(piece);
    const span = make("span", null, piece);
    if (segment.cues.length) {
      span.classList.add("cue");
      span.dataset.cueOf = segment.cues.join(" ");
    }
    if (segment.mentions.length) {
      const first = state.quotes[segment.mentions[0]];
      span.classList.add("mention", `speaker-${colourOf(speakerKey(first.speaker))}`);
      span.dataset.mentionOf = segment.mentions.join(" ");
    }
    return span;
  }

  function quoteNode(index) {
    const quote = state.quotes[index];
    const key = speakerKey(quote.speaker);
    const mark = make("mark", `quote quote-${quote.type || "direct"} speaker-${colourOf(key)}`);
    mark.tabIndex = 0;
    mark.dataset.index = String(index);
    mark.dataset.speakerId = (quote.speaker && quote.speaker.id) || "";
    mark.dataset.speakerKey = key;
    mark.setAttribute("aria-label", `Quote ${index + 1}, ${speakerLabel(quote.speaker)}`);
    mark.setAttribute("aria-describedby", "details");
    return mark;
  }

  function renderArticle(text, quotes) {
    clear(ui.article);
    const spans = spansOf(quotes, unitOffsets(text), text.length);
    let holder = ui.article;
    let current = null;
    segmentsOf(text, spans).forEach((segment) => {
      if (segment.quote !== current) {
        current = segment.quote;
        holder = current === null ? ui.article : ui.article.appendChild(quoteNode(current));
      }
      holder.appendChild(segmentNode(text, segment));
    });
    if (!quotes.length) {
      ui.article.insertBefore(make("p", "none", "No quotation found in this article."), ui.article.firstChild);
    }
  }

  /* ---- speakers panel ---------------------------------------------------------------- */

  function renderSpeakers(entries) {
    clear(ui.speakers);
    entries.forEach((entry) => {
      const button = make("button", "speaker");
      button.type = "button";
      button.dataset.speakerKey = entry.key;
      button.setAttribute("aria-pressed", "false");
      button.appendChild(make("span", `swatch speaker-${entry.colour}`));
      button.appendChild(make("span", "name", entry.name));
      if (entry.id && entry.id !== entry.name) button.appendChild(make("span", "id", entry.id));
      button.appendChild(make("span", "count", entry.quotes));
      button.setAttribute("aria-label", `${entry.name}: ${entry.quotes} quote${entry.quotes === 1 ? "" : "s"}`);
      button.addEventListener("click", () => toggleFilter(entry.key));
      const item = make("li");
      item.appendChild(button);
      ui.speakers.appendChild(item);
    });
  }

  function toggleFilter(key) {
    state.filter = state.filter === key ? null : key;
    ui.speakers.querySelectorAll("button.speaker").forEach((b) => {
      b.setAttribute("aria-pressed", String(b.dataset.speakerKey === state.filter));
    });
    ui.article.querySelectorAll(".quote").forEach((q) => {
      q.classList.toggle("dimmed", state.filter !== null && q.dataset.speakerKey !== state.filter);
    });
    ui.article.classList.toggle("filtered", state.filter !== null);
  }

  /* ---- details of one quote ---------------------------------------------------------- */

  function detailRow(list, term, value) {
    if (value === undefined || value === null || value === "") return;
    list.appendChild(make("dt", null, term));
    list.appendChild(make("dd", null, value));
  }

  function describeSpeaker(speaker) {
    if (!speaker) return "none found";
    const name = speakerLabel(speaker);
    return speaker.id ? `${name} (${speaker.id})` : `${name} (not in the speaker list)`;
  }

  function describeResolution(speaker) {
    if (!speaker) return null;
    const how = RESOLVED_BY[speaker.resolved_by] || speaker.resolved_by;
    const mention = speaker.mention ? `« ${speaker.mention.text} »` : null;
    return [mention, how ? `by ${how}` : null].filter(Boolean).join(", ");
  }

  function fillDetails(quote, index) {
    clear(ui.details);
    ui.details.appendChild(make("p", "details-title", `Quote ${index + 1} of ${state.quotes.length}`));
    const list = make("dl");
    detailRow(list, "Type", TYPES[quote.type] || quote.type);
    detailRow(list, "Speaker", describeSpeaker(quote.speaker));
    detailRow(list, "Found as", describeResolution(quote.speaker));
    detailRow(list, "Cue", quote.cue ? `« ${quote.cue.text} » (${quote.cue.lemma})` : "none");
    if (typeof quote.confidence === "number") {
      detailRow(list, "Confidence", `${Math.round(quote.confidence * 100)} %`);
    }
    ui.details.appendChild(list);
  }

  function placeDetails(mark) {
    const rects = mark.getClientRects();
    const rect = rects.length ? rects[rects.length - 1] : mark.getBoundingClientRect();
    const width = ui.details.offsetWidth;
    const left = Math.max(8, Math.min(rect.left, document.documentElement.clientWidth - width - 8));
    ui.details.style.left = `${left + window.scrollX}px`;
    ui.details.style.top = `${rect.bottom + window.scrollY + 6}px`;
  }

  function linkParts(index, on) {
    const selector = `[data-cue-of~="${index}"], [data-mention-of~="${index}"]`;
    ui.article.querySelectorAll(selector).forEach((n) => n.classList.toggle("linked", on));
  }

  function showDetails(mark) {
    const index = Number(mark.dataset.index);
    const previous = ui.article.querySelector(".quote.active");
    if (previous && previous !== mark) {
      previous.classList.remove("active");
      linkParts(Number(previous.dataset.index), false);
    }
    mark.classList.add("active");
    linkParts(index, true);
    fillDetails(state.quotes[index], index);
    ui.details.hidden = false;
    placeDetails(mark);
  }

  function hideDetails(force) {
    if (state.pinned !== null && !force) return;
    state.pinned = null;
    ui.details.hidden = true;
    const active = ui.article.querySelector(".quote.active");
    if (active) {
      active.classList.remove("active");
      linkParts(Number(active.dataset.index), false);
    }
  }

  function quoteOf(event) {
    return event.target instanceof Element ? event.target.closest(".quote") : null;
  }

  function bindArticleEvents() {
    ui.article.addEventListener("mouseover", (e) => {
      const mark = quoteOf(e);
      if (mark && state.pinned === null) showDetails(mark);
    });
    ui.article.addEventListener("mouseout", (e) => {
      const mark = quoteOf(e);
      if (mark && !mark.contains(e.relatedTarget) && document.activeElement !== mark) hideDetails(false);
    });
    ui.article.addEventListener("focusin", (e) => {
      const mark = quoteOf(e);
      if (mark) {
        state.pinned = null;
        showDetails(mark);
      }
    });
    ui.article.addEventListener("focusout", () => hideDetails(false));
    ui.article.addEventListener("click", (e) => {
      const mark = quoteOf(e);
      if (!mark) return;
      const index = Number(mark.dataset.index);
      state.pinned = state.pinned === index ? null : index;
      showDetails(mark);
    });
    document.addEventListener("keydown", (e) => {
      if (e.key === "Escape") hideDetails(true);
    });
    document.addEventListener("click", (e) => {
      if (!quoteOf(e) && !ui.details.contains(e.target)) hideDetails(true);
    });
    window.addEventListener("resize", () => {
      const active = ui.article.querySelector(".quote.active");
      if (active && !ui.details.hidden) placeDetails(active);
    });
  }

  /* ---- start ------------------------------------------------------------------------- */

  function start() {
    ["form", "text", "sample", "extract", "clear", "progress", "summary", "error", "result",
      "article", "speakers", "details"].forEach((id) => { ui[id] = el(id); });
    ui.keyRow = el("key-row");
    ui.apiKey = el("api-key");
    ui.form.addEventListener("submit", extract);
    ui.sample.addEventListener("change", loadSample);
    ui.clear.addEventListener("click", resetPage);
    bindArticleEvents();
    loadSamples();
  }

  document.addEventListener("DOMContentLoaded", start);
}());
