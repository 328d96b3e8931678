/* The page: sends the article to POST /quotes and shows it back with every quote highlighted.
 * Article text only ever reaches the page through textContent / text nodes, never as markup. */
"use strict";

(function () {
  const NO_SPEAKER = "";
  const LANGUAGE_KEY = "citations.language";
  const UI_LANGUAGES = ["fr", "en"];

  /* ---- the page's words, in French (the default) and English ------------------------ */

  const STRINGS = {
    fr: {
      title: "Citations : les citations de la presse française",
      switch: "English",
      switch_label: "Show the page in English",
      lead: "Collez un article de presse en français : chaque citation est trouvée, avec qui l'a dite et le verbe qui la rapporte.",
      article: "Article",
      sample: "Charger un exemple",
      sample_none: "(choisir un article)",
      placeholder: "Le porte-parole du Kremlin a déclaré que…",
      api_key: "Clé d'API",
      extract: "Extraire",
      clear: "Effacer",
      reading: "Lecture de l'article…",
      force: "Analyser quand même",
      result_label: "Citations trouvées",
      speakers: "Locuteurs",
      hint: "Choisissez un locuteur pour n'afficher que ses citations ; choisissez-le de nouveau pour tout afficher.",
      export: "Exporter",
      export_csv: "CSV",
      export_json: "JSON",
      legend: "Légende",
      legend_quote: "citation",
      legend_cue: "verbe introducteur",
      legend_mention: "mention du locuteur",
      api: "API :",
      docs: "documentation",
      error: (status, message) => `Erreur ${status} : ${message}`,
      request_failed: "la requête a échoué",
      needs_key: "Ce service demande une clé d'API : saisissez-la ci-dessous et réessayez.",
      unreachable: (why) => `Impossible de joindre le service (${why}). Est-il lancé ?`,
      sample_failed: (why) => `Impossible de charger l'exemple (${why}).`,
      not_french: (name, code) => `Ce texte ne semble pas écrit en français (langue détectée : ${name}, ${code}). `
        + "Le service lit les articles en français ; vous pouvez tout de même le faire analyser comme du français.",
      read_as_french: (name) => `lu comme du français (${name} détecté)`,
      summary: (quotes, speakers) => `${quotes} citation${quotes > 1 ? "s" : ""} · ${speakers} locuteur${speakers > 1 ? "s" : ""}`,
      no_quote: "Aucune citation trouvée dans cet article.",
      no_speaker_entry: "Sans locuteur",
      no_speaker: "aucun locuteur trouvé",
      unnamed: "sans nom",
      not_listed: "absent de la liste des locuteurs",
      quote_label: (n, who) => `Citation ${n}, ${who}`,
      speaker_button: (name, n) => `${name} : ${n} citation${n > 1 ? "s" : ""}`,
      details_title: (n, total) => `Citation ${n} sur ${total}`,
      type: "Type",
      speaker: "Locuteur",
      found_as: "Trouvé par",
      cue: "Verbe",
      confidence: "Confiance",
      none: "aucun",
      by: (how) => `par ${how}`,
      types: {
        direct: "directe (mots entre guillemets)",
        indirect: "indirecte (proposition rapportée)",
        mixed: "mixte (proposition rapportée avec des mots cités)",
      },
      resolved_by: {
        subject: "sujet du verbe introducteur",
        inversion: "sujet inversé (« …, a dit X »)",
        pronoun: "pronom, relié à une mention précédente",
        description: "description (« le porte-parole … »)",
        apposition: "apposition",
        selon: "« selon X »",
        continuation: "même locuteur que la citation précédente",
        agent: "complément d'agent d'un verbe passif",
      },
      csv_header: ["n°", "début", "fin", "type", "texte", "id du locuteur", "locuteur", "mention",
        "trouvé par", "verbe", "lemme du verbe", "confiance"],
    },
    en: {
      title: "Citations: quotes in French news",
      switch: "Français",
      switch_label: "Afficher la page en français",
      lead: "Paste a French news article: every quotation is found, with who said it and the verb that reports it.",
      article: "Article",
      sample: "Load a sample",
      sample_none: "(choose an article)",
      placeholder: "Le porte-parole du Kremlin a déclaré que…",
      api_key: "API key",
      extract: "Extract",
      clear: "Clear",
      reading: "Reading the article…",
      force: "Read it as French anyway",
      result_label: "Quotes found",
      speakers: "Speakers",
      hint: "Select a speaker to show only their quotes; select again to show all.",
      export: "Export",
      export_csv: "CSV",
      export_json: "JSON",
      legend: "Legend",
      legend_quote: "quote",
      legend_cue: "reporting verb",
      legend_mention: "speaker's mention",
      api: "API:",
      docs: "documentation",
      error: (status, message) => `Error ${status}: ${message}`,
      request_failed: "request failed",
      needs_key: "This service requires an API key: enter it below and try again.",
      unreachable: (why) => `Cannot reach the service (${why}). Is it running?`,
      sample_failed: (why) => `Cannot load the sample (${why}).`,
      not_french: (name, code) => `This text does not seem to be in French (language detected: ${name}, ${code}). `
        + "The service reads French articles; you can still have it read as French.",
      read_as_french: (name) => `read as French (${name} detected)`,
      summary: (quotes, speakers) => `${quotes} quote${quotes === 1 ? "" : "s"} · ${speakers} speaker${speakers === 1 ? "" : "s"}`,
      no_quote: "No quotation found in this article.",
      no_speaker_entry: "No speaker found",
      no_speaker: "no speaker found",
      unnamed: "unnamed",
      not_listed: "not in the speaker list",
      quote_label: (n, who) => `Quote ${n}, ${who}`,
      speaker_button: (name, n) => `${name}: ${n} quote${n === 1 ? "" : "s"}`,
      details_title: (n, total) => `Quote ${n} of ${total}`,
      type: "Type",
      speaker: "Speaker",
      found_as: "Found as",
      cue: "Cue",
      confidence: "Confidence",
      none: "none",
      by: (how) => `by ${how}`,
      types: {
        direct: "direct (words in quotation marks)",
        indirect: "indirect (reported clause)",
        mixed: "mixed (reported clause with quoted words)",
      },
      resolved_by: {
        subject: "subject of the reporting verb",
        inversion: "inverted subject (« …, a dit X »)",
        pronoun: "pronoun, linked to an earlier mention",
        description: "description (« le porte-parole … »)",
        apposition: "apposition",
        selon: "« selon X »",
        continuation: "same speaker as the previous quote",
        agent: "agent of a passive verb",
      },
      csv_header: ["n", "start", "end", "type", "text", "speaker id", "speaker", "mention",
        "resolved by", "cue", "cue lemma", "confidence"],
    },
  };

  function storedLanguage() {
    try {
      const chosen = window.localStorage.getItem(LANGUAGE_KEY);
      return UI_LANGUAGES.includes(chosen) ? chosen : "fr";
    } catch (ignored) {
      return "fr";
    }
  }

  let uiLanguage = storedLanguage();
  const t = (key) => STRINGS[uiLanguage][key];

  function languageName(code) {
    try {
      return new Intl.DisplayNames([uiLanguage], { type: "language" }).of(code) || code;
    } catch (ignored) {
      return code;
    }
  }

  /* ---- one colour per speaker: hues evenly spaced in OKLCH, light enough for dark text -- */

  const HIGHLIGHT_LIGHTNESS = [0.91, 0.85];   // alternate for many speakers: neighbours stay apart
  const HIGHLIGHT_CHROMA = 0.085;
  const INK_LIGHTNESS = 0.5;
  const INK_CHROMA = 0.13;
  const FIRST_HUE = 60;                       // the first speaker in orange, then around the wheel

  function oklchToSrgb(lightness, chroma, hue) {
    const a = chroma * Math.cos((hue * Math.PI) / 180);
    const b = chroma * Math.sin((hue * Math.PI) / 180);
    const l = (lightness + 0.3963377774 * a + 0.2158037573 * b) ** 3;
    const m = (lightness - 0.1055613458 * a - 0.0638541728 * b) ** 3;
    const s = (lightness - 0.0894841775 * a - 1.2914855480 * b) ** 3;
    const linear = [
      4.0767416621 * l - 3.3077115913 * m + 0.2309699292 * s,
      -1.2684380046 * l + 2.6097574011 * m - 0.3413193965 * s,
      -0.0041960863 * l - 0.7034186147 * m + 1.7076147010 * s,
    ];
    return linear.map((x) => (x <= 0.0031308 ? 12.92 * x : 1.055 * x ** (1 / 2.4) - 0.055));
  }

  function inGamutHex(lightness, chroma, hue) {
    // Less chroma until the colour exists in sRGB (same lightness and hue).
    let c = chroma;
    let rgb = oklchToSrgb(lightness, c, hue);
    while (c > 0 && rgb.some((x) => x < -1e-6 || x > 1 + 1e-6)) {
      c = Math.max(0, c - 0.005);
      rgb = oklchToSrgb(lightness, c, hue);
    }
    return "#" + rgb.map((x) => Math.round(Math.min(1, Math.max(0, x)) * 255).toString(16).padStart(2, "0")).join("");
  }

  function palette(count) {
    // [{background, ink}] for `count` speakers: background behind dark text, ink for lines on white.
    const colours = [];
    for (let i = 0; i < count; i += 1) {
      const hue = (FIRST_HUE + (360 * i) / Math.max(count, 1)) % 360;
      const lightness = count > 10 ? HIGHLIGHT_LIGHTNESS[i % 2] : HIGHLIGHT_LIGHTNESS[0];
      colours.push({ background: inGamutHex(lightness, HIGHLIGHT_CHROMA, hue),
        ink: inGamutHex(INK_LIGHTNESS, INK_CHROMA, hue) });
    }
    return colours;
  }

  const NO_SPEAKER_COLOUR = { background: "#e9ecef", ink: "#495057" };
  window.citationsPalette = palette;   // the tests check every colour's contrast

  const collator = new Intl.Collator("fr", { sensitivity: "base", numeric: true });

  const el = (id) => document.getElementById(id);
  const ui = {};
  const state = { text: "", quotes: [], speakers: [], filter: null, pinned: null, apiKey: "",
    answer: null, seconds: 0, shown: null };

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

  async function readBody(response) {
    try {
      return await response.json();
    } catch (ignored) {
      return null;
    }
  }

  function errorText(status, body, statusText) {
    const message = (body && body.message) || statusText || t("request_failed");
    const details = body && body.errors ? flattenErrors(body.errors) : [];
    const parts = [t("error")(status, message)].concat(details);
    if (status === 401) parts.push(t("needs_key"));
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

  function detectedLanguage(status, body) {
    // The API's 422 for a text that is not French: {"errors": {"language": {"detected": "en"}}}.
    const language = status === 422 && body && body.errors && body.errors.language;
    return language && typeof language.detected === "string" ? language.detected : null;
  }

  function requestHeaders() {
    const headers = { "Content-Type": "application/json", Accept: "application/json" };
    if (state.apiKey) headers.Authorization = `Bearer ${state.apiKey}`;
    return headers;
  }

  async function extract(event, asFrench) {
    if (event) event.preventDefault();
    const text = ui.text.value;
    state.apiKey = ui.apiKey.value.trim();
    setBusy(true);
    showError(null);
    const started = performance.now();
    const request = asFrench ? { text, language: "fr" } : { text };
    try {
      const response = await fetch("/quotes", {
        method: "POST",
        headers: requestHeaders(),
        body: JSON.stringify(request),
      });
      if (!response.ok) {
        if (response.status === 401) ui.keyRow.hidden = false;
        const body = await readBody(response);
        const detected = detectedLanguage(response.status, body);
        if (detected) {
          showError({ notFrench: detected });
        } else {
          showError({ status: response.status, body, statusText: response.statusText });
        }
        return;
      }
      const answer = await response.json();
      showAnswer(text, answer, (performance.now() - started) / 1000);
    } catch (err) {
      showError({ unreachable: err.message });
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
        showError({ status: response.status, body: await readBody(response), statusText: response.statusText });
        return;
      }
      ui.text.value = await response.text();
      ui.text.focus();
      ui.text.setSelectionRange(0, 0);
      ui.text.scrollTop = 0;
    } catch (err) {
      showError({ sample: err.message });
    }
  }

  /* ---- page state -------------------------------------------------------------------- */

  function setBusy(busy) {
    ui.form.setAttribute("aria-busy", String(busy));
    ui.result.setAttribute("aria-busy", String(busy));
    ui.extract.disabled = busy;
    ui.forceFrench.disabled = busy;
    ui.progress.hidden = !busy;
    if (busy) ui.summary.textContent = "";
  }

  function showError(error) {
    // error: null, {status, body, statusText}, {notFrench: code}, {unreachable: why}, {sample: why}.
    // Kept so that switching the page's language says it again in the other one.
    state.shown = error;
    // A result left on screen beside an error would seem to belong to the text now typed.
    if (error) {
      ui.result.hidden = true;
      state.answer = null;
    }
    ui.notFrench.hidden = !(error && error.notFrench);
    ui.error.hidden = !error || Boolean(error.notFrench);
    ui.error.textContent = "";
    if (!error) return;
    if (error.notFrench) {
      ui.notFrenchMessage.textContent = t("not_french")(languageName(error.notFrench), error.notFrench);
    } else if (error.unreachable !== undefined) {
      ui.error.textContent = t("unreachable")(error.unreachable);
    } else if (error.sample !== undefined) {
      ui.error.textContent = t("sample_failed")(error.sample);
    } else {
      ui.error.textContent = errorText(error.status, error.body, error.statusText);
    }
  }

  function resetPage() {
    ui.text.value = "";
    ui.sample.value = "";
    ui.result.hidden = true;
    ui.summary.textContent = "";
    state.answer = null;
    showError(null);
    hideDetails(true);
    ui.text.focus();
  }

  /* ---- the page's language ----------------------------------------------------------- */

  function applyLanguage(language) {
    uiLanguage = language;
    document.documentElement.lang = language;
    document.querySelectorAll("[data-i18n]").forEach((node) => {
      node.textContent = t(node.dataset.i18n);
    });
    document.querySelectorAll("[data-i18n-aria-label]").forEach((node) => {
      node.setAttribute("aria-label", t(node.dataset.i18nAriaLabel));
    });
    const other = language === "fr" ? "en" : "fr";
    ui.uiLanguage.lang = other;
    ui.uiLanguage.setAttribute("hreflang", other);
    ui.text.placeholder = t("placeholder");
    if (state.answer) showAnswer(state.text, state.answer, state.seconds);
    if (state.shown) showError(state.shown);
  }

  function switchLanguage() {
    const next = uiLanguage === "fr" ? "en" : "fr";
    try {
      window.localStorage.setItem(LANGUAGE_KEY, next);
    } catch (ignored) {
      // Storage refused: the choice holds until the page is left.
    }
    applyLanguage(next);
  }

  /* ---- the answer -------------------------------------------------------------------- */

  function speakerKey(speaker) {
    if (!speaker) return NO_SPEAKER;
    return speaker.id || (speaker.name || "").toLowerCase();
  }

  function speakerLabel(speaker) {
    if (!speaker) return t("no_speaker");
    return speaker.name || speaker.id || (speaker.mention && speaker.mention.text) || t("unnamed");
  }

  function showAnswer(text, answer, seconds) {
    state.text = text;
    state.answer = answer;
    state.seconds = seconds;
    state.quotes = Array.isArray(answer.quotes) ? answer.quotes : [];
    state.speakers = speakerEntries(state.quotes, answer.speakers);
    state.filter = null;
    hideDetails(true);
    renderArticle(text, state.quotes);
    renderSpeakers(state.speakers);
    const named = state.speakers.filter((s) => s.key !== NO_SPEAKER).length;
    const time = new Intl.NumberFormat(uiLanguage, { minimumFractionDigits: 1, maximumFractionDigits: 1 })
      .format(seconds);
    const parts = [t("summary")(state.quotes.length, named), `${time} s`];
    if (answer.language && answer.language !== "fr") parts.push(t("read_as_french")(languageName(answer.language)));
    ui.summary.textContent = parts.join(" · ");
    ui.result.hidden = false;
  }

  function speakerEntries(quotes, listed) {
    // The answer's `speakers`, plus one entry for quotes with no speaker (last), sorted by name
    // in French order; each gets its colour in that order.
    const entries = (Array.isArray(listed) ? listed : []).map((s) => ({
      key: speakerKey(s), id: s.id, name: s.name || s.id, quotes: s.quotes,
    }));
    const known = new Set(entries.map((e) => e.key));
    quotes.forEach((q) => {
      const key = speakerKey(q.speaker);
      if (!known.has(key)) {
        known.add(key);
        entries.push({ key, id: null, name: key === NO_SPEAKER ? null : speakerLabel(q.speaker), quotes: 0 });
      }
    });
    entries.forEach((e) => {
      if (!e.quotes) e.quotes = quotes.filter((q) => speakerKey(q.speaker) === e.key).length;
    });
    const named = entries.filter((e) => e.key !== NO_SPEAKER)
      .sort((a, b) => collator.compare(a.name || "", b.name || "") || collator.compare(a.key, b.key));
    const colours = palette(named.length);
    named.forEach((e, i) => { e.colour = colours[i]; });
    const unnamed = entries.filter((e) => e.key === NO_SPEAKER);
    unnamed.forEach((e) => { e.colour = NO_SPEAKER_COLOUR; e.name = t("no_speaker_entry"); });
    return named.concat(unnamed);
  }

  function colourOf(key) {
    const entry = state.speakers.find((s) => s.key === key);
    return entry ? entry.colour : NO_SPEAKER_COLOUR;
  }

  function paint(node, colour) {
    node.style.setProperty("--speaker-bg", colour.background);
    node.style.setProperty("--speaker-ink", colour.ink);
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
      span.classList.add("mention");
      paint(span, colourOf(speakerKey(first.speaker)));
      span.dataset.mentionOf = segment.mentions.join(" ");
    }
    return span;
  }

  function quoteNode(index) {
    const quote = state.quotes[index];
    const key = speakerKey(quote.speaker);
    const mark = make("mark", `quote quote-${quote.type || "direct"}`);
    paint(mark, colourOf(key));
    mark.tabIndex = 0;
    mark.dataset.index = String(index);
    mark.dataset.speakerId = (quote.speaker && quote.speaker.id) || "";
    mark.dataset.speakerKey = key;
    mark.setAttribute("aria-label", t("quote_label")(index + 1, speakerLabel(quote.speaker)));
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
      ui.article.insertBefore(make("p", "none", t("no_quote")), ui.article.firstChild);
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
      const swatch = make("span", "swatch");
      paint(swatch, entry.colour);
      button.appendChild(swatch);
      button.appendChild(make("span", "name", entry.name));
      if (entry.id && entry.id !== entry.name) button.appendChild(make("span", "id", entry.id));
      button.appendChild(make("span", "count", entry.quotes));
      button.setAttribute("aria-label", t("speaker_button")(entry.name, entry.quotes));
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

  /* ---- exports ----------------------------------------------------------------------- */

  function csvField(value) {
    const text = value === null || value === undefined ? "" : String(value);
    return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  }

  function quotesCsv(quotes) {
    // RFC 4180, with a byte order mark so that spreadsheets read the accents as UTF-8.
    const rows = [t("csv_header")];
    quotes.forEach((q, i) => {
      const speaker = q.speaker || {};
      rows.push([i + 1, q.start, q.end, q.type, q.text, speaker.id, speaker.name,
        speaker.mention ? speaker.mention.text : null, speaker.resolved_by,
        q.cue ? q.cue.text : null, q.cue ? q.cue.lemma : null, q.confidence]);
    });
    return "\ufeff" + rows.map((row) => row.map(csvField).join(",")).join("\r\n") + "\r\n";
  }

  function download(name, type, content) {
    const url = URL.createObjectURL(new Blob([content], { type }));
    const link = make("a");
    link.href = url;
    link.download = name;
    link.hidden = true;
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }

  function exportName(extension) {
    const id = state.answer && typeof state.answer.id === "string" ? state.answer.id : "article";
    return `citations-${id.replace(/[^A-Za-z0-9._-]+/g, "_").slice(0, 80)}.${extension}`;
  }

  function exportCsv() {
    if (state.answer) download(exportName("csv"), "text/csv;charset=utf-8", quotesCsv(state.quotes));
  }

  function exportJson() {
    if (state.answer) {
      download(exportName("json"), "application/json", JSON.stringify(state.answer, null, 2) + "\n");
    }
  }

  /* ---- details of one quote ---------------------------------------------------------- */

  function detailRow(list, term, value) {
    if (value === undefined || value === null || value === "") return;
    list.appendChild(make("dt", null, term));
    list.appendChild(make("dd", null, value));
  }

  function describeSpeaker(speaker) {
    if (!speaker) return t("no_speaker");
    const name = speakerLabel(speaker);
    return speaker.id ? `${name} (${speaker.id})` : `${name} (${t("not_listed")})`;
  }

  function describeResolution(speaker) {
    if (!speaker) return null;
    const how = t("resolved_by")[speaker.resolved_by] || speaker.resolved_by;
    const mention = speaker.mention ? `« ${speaker.mention.text} »` : null;
    return [mention, how ? t("by")(how) : null].filter(Boolean).join(", ");
  }

  function fillDetails(quote, index) {
    clear(ui.details);
    ui.details.appendChild(make("p", "details-title", t("details_title")(index + 1, state.quotes.length)));
    const list = make("dl");
    detailRow(list, t("type"), t("types")[quote.type] || quote.type);
    detailRow(list, t("speaker"), describeSpeaker(quote.speaker));
    detailRow(list, t("found_as"), describeResolution(quote.speaker));
    detailRow(list, t("cue"), quote.cue ? `« ${quote.cue.text} » (${quote.cue.lemma})` : t("none"));
    if (typeof quote.confidence === "number") {
      const percent = new Intl.NumberFormat(uiLanguage, { style: "percent" }).format(quote.confidence);
      detailRow(list, t("confidence"), percent);
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
    ui.uiLanguage = el("ui-language");
    ui.notFrench = el("not-french");
    ui.notFrenchMessage = el("not-french-message");
    ui.forceFrench = el("force-french");
    paint(el("legend-quote"), palette(1)[0]);
    paint(el("legend-mention"), palette(1)[0]);
    ui.form.addEventListener("submit", (e) => extract(e, false));
    ui.forceFrench.addEventListener("click", () => extract(null, true));
    ui.sample.addEventListener("change", loadSample);
    ui.clear.addEventListener("click", resetPage);
    ui.uiLanguage.addEventListener("click", switchLanguage);
    el("export-csv").addEventListener("click", exportCsv);
    el("export-json").addEventListener("click", exportJson);
    bindArticleEvents();
    applyLanguage(uiLanguage);
    loadSamples();
  }

  document.addEventListener("DOMContentLoaded", start);
}());
