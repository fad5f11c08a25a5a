// The gametheory class page: the model library, and one model with sliders, the payoff matrix,
// the certified equilibria, the derivation, the regime map and (for repeated models) the discount
// factor against its critical values. Plain JavaScript, no framework, nothing loaded from elsewhere.
//
// The address holds the whole state: /model/<key>?<parameter>=<value>&... plus the page options,
// whose names start with "_" (model parameters never do): _strategies=grim,tft, _x=..., _y=...,
// _theory=..., _projector=1. A link prepared before a lecture opens the page in that state.
"use strict";

(function () {
  const $ = (id) => document.getElementById(id);

  const state = {
    key: null,          // model key, or null on the library
    info: null,         // GET /api/models/<key>
    values: {},         // parameter name -> value text, as sent to the server
    strategies: null,   // [row, column] for repeated models
    mapX: null, mapY: null, theory: null,
    projector: false,
    selected: null,     // equilibrium number highlighted in the matrix
    analysis: null,     // last analysis payload
    map: null,          // last regime map payload
    step: null,         // derivation step shown when stepping through, null: all
  };
  let library = null;
  let updates = 0;

  // ------------------------------------------------------------------ helpers
  function h(tag, attrs, ...children) {
    const element = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (name === "class") element.className = value;
      else if (name === "text") element.textContent = value;
      else if (name.startsWith("on")) element.addEventListener(name.slice(2), value);
      else element.setAttribute(name, value === true ? "" : value);
    }
    for (const child of children.flat()) {
      if (child === null || child === undefined || child === false) continue;
      element.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return element;
  }

  function svg(tag, attrs, ...children) {
    const element = document.createElementNS("http://www.w3.org/2000/svg", tag);
    for (const [name, value] of Object.entries(attrs || {})) {
      if (name === "text") element.textContent = value;
      else element.setAttribute(name, value);
    }
    for (const child of children.flat()) if (child) element.append(child);
    return element;
  }

  function words(name) { return String(name).replace(/_/g, " "); }

  // A number written as text ("2/3", "0.35", "4") as a float.
  function numberOf(text) {
    const parts = String(text).split("/");
    if (parts.length === 2) return Number(parts[0]) / Number(parts[1]);
    return Number(text);
  }

  async function api(path, options) {
    let response;
    try {
      response = await fetch(path, Object.assign({ headers: { Accept: "application/json" } }, options || {}));
    } catch (error) {
      if (error.name === "AbortError") return { aborted: true };
      return { ok: false, status: 0, error: "the server does not answer (is 'gametheory serve' still running?)" };
    }
    let data = null;
    try { data = await response.json(); } catch (error) { data = null; }
    if (!response.ok) {
      return { ok: false, status: response.status, error: (data && data.error) || `HTTP ${response.status}` };
    }
    return { ok: true, status: response.status, data: data };
  }

  function showError(message) {
    $("error-text").textContent = message;
    $("error").hidden = false;
  }
  function clearError() { $("error").hidden = true; }

  // ------------------------------------------------------------------ address
  function readLocation() {
    const path = window.location.pathname;
    const params = new URLSearchParams(window.location.search);
    const match = path.match(/^\/model\/([^/]+)\/?$/);
    const values = {};
    const options = {};
    for (const [name, value] of params) {
      if (name.startsWith("_")) options[name.slice(1)] = value;
      else values[name] = value;
    }
    return { key: match ? decodeURIComponent(match[1]) : null, values, options };
  }

  function address() {
    const params = new URLSearchParams();
    if (state.key && state.info) {
      for (const p of state.info.parameters) params.set(p.name, state.values[p.name]);
      // Options appear only when they differ from the model's defaults, so links stay short.
      const info = state.info;
      if (state.strategies && state.strategies.join(",") !== info.repeated.default_strategies.join(",")) {
        params.set("_strategies", state.strategies.join(","));
      }
      if (state.mapX && info.views.includes("regime_map")) {
        if (state.mapX !== info.map_axes[0] || state.mapY !== info.map_axes[1]) {
          params.set("_x", state.mapX);
          params.set("_y", state.mapY);
        }
        if (state.theory !== defaultTheory(info)) params.set("_theory", state.theory);
      }
    }
    if (state.projector) params.set("_projector", "1");
    const query = params.toString();
    const path = state.key ? `/model/${encodeURIComponent(state.key)}` : "/";
    return query ? `${path}?${query}` : path;
  }

  function saveAddress(push) {
    const url = address();
    if (url === window.location.pathname + window.location.search) return;
    if (push) window.history.pushState(null, "", url);
    else window.history.replaceState(null, "", url);
  }

  // ------------------------------------------------------------------ projector mode
  function setProjector(on) {
    state.projector = on;
    document.body.classList.toggle("projector", on);
    document.documentElement.classList.toggle("projector", on);
    $("projector-toggle").setAttribute("aria-pressed", on ? "true" : "false");
    $("projector-toggle").textContent = on ? "Normal view" : "Projector mode";
    positionMarker();
  }

  // ------------------------------------------------------------------ library
  async function showLibrary() {
    state.key = null;
    state.info = null;
    $("model-view").hidden = true;
    $("library-view").hidden = false;
    document.title = "Model library - gametheory class page";
    if (!library) {
      const result = await api("/api/models");
      if (!result.ok) { showError(result.error); return; }
      library = result.data.models;
    }
    renderLibrary();
  }

  function renderLibrary() {
    const filter = $("library-filter").value.trim().toLowerCase();
    const list = $("library");
    list.replaceChildren();
    for (const model of library) {
      const text = [model.key, model.title, model.summary, model.players.join(" ")].join(" ").toLowerCase();
      if (filter && !text.includes(filter)) continue;
      list.append(h("li", { class: "model-card" },
        h("a", { href: `/model/${model.key}`, "data-nav": true, "data-key": model.key },
          h("span", { class: "card-title", text: model.title }),
          h("span", { class: "card-meta" }, h("code", { text: model.key }), " ", h("span", { class: "badge", text: model.shape })),
          h("span", { class: "card-summary", text: model.summary }),
          h("span", { class: "card-players", text: `${model.players.join(", ")}` }))));
    }
    if (!list.children.length) list.append(h("li", { class: "empty", text: "No model matches." }));
  }

  // ------------------------------------------------------------------ model view
  function defaultTheory(info) {
    return info.theories.includes("defensive_realism") ? "defensive_realism" : info.theories[0] || null;
  }

  async function showModel(key, values, options) {
    $("library-view").hidden = true;
    $("model-view").hidden = false;
    const result = await api(`/api/models/${encodeURIComponent(key)}`);
    if (!result.ok) {
      showError(result.error);
      $("model-view").hidden = true;
      state.key = null;
      await showLibrary();
      return;
    }
    const info = result.data;
    state.key = key;
    state.info = info;
    state.selected = null;
    state.step = null;
    state.map = null;
    state.analysis = null;
    state.values = {};
    for (const p of info.parameters) state.values[p.name] = p.default;
    const unknown = Object.keys(values).filter((name) => !info.parameters.some((p) => p.name === name));
    for (const [name, value] of Object.entries(values)) if (!unknown.includes(name)) state.values[name] = value;
    state.strategies = info.repeated ? (options.strategies ? options.strategies.split(",") : info.repeated.default_strategies.slice()) : null;
    if (state.strategies && state.strategies.length === 1) state.strategies = [state.strategies[0], state.strategies[0]];
    state.mapX = options.x || info.map_axes[0] || null;
    state.mapY = options.y || info.map_axes[1] || null;
    state.theory = options.theory || defaultTheory(info);

    document.title = `${info.title} - gametheory class page`;
    $("model-title").textContent = info.title;
    $("model-key").textContent = info.key;
    $("model-shape").textContent = info.shape;
    $("model-summary").textContent = info.summary;
    $("matrix-title").textContent = info.repeated ? "Stage game: payoff matrix" : "Payoff matrix";
    for (const section of document.querySelectorAll(".views > section[data-view]")) {
      section.hidden = !info.views.includes(section.dataset.view);
    }
    $("sources").replaceChildren(...info.sources.map((s) => h("li", { text: s })));
    buildParameters();
    buildStrategies();
    buildMapControls();
    clearError();
    // Shown once the page has drawn, so the first redraw does not clear it.
    state.notice = unknown.length ? `The link names parameters this model does not have: ${unknown.join(", ")} (ignored).` : null;
    await update({ fromLink: Object.keys(values).length > 0 });
    // The closed form of a repeated model is worked out once per strategy pair.
    if (state.info && state.info.repeated) updateClosedForm();
  }

  function parameterRow(p) {
    const id = `p-${p.name}`;
    const slider = h("input", {
      type: "range", id, min: p.slider_low, max: p.slider_high, step: p.step,
      "aria-describedby": `m-${p.name}`, "data-name": p.name,
    });
    const box = h("input", {
      type: "text", id: `v-${p.name}`, class: "value", inputmode: "decimal", size: 7,
      "aria-label": `${words(p.name)}: exact value (fractions such as 2/3 allowed)`, "data-name": p.name,
    });
    slider.addEventListener("input", () => {
      const value = Number(slider.value);
      const text = p.integer ? String(Math.round(value)) : value.toFixed(p.decimals);
      state.values[p.name] = text;
      box.value = text;
      slider.setAttribute("aria-valuetext", text);
      update({});
    });
    box.addEventListener("change", () => {
      const text = box.value.trim();
      state.values[p.name] = text;
      const number = numberOf(text);
      if (Number.isFinite(number)) slider.value = number;
      slider.setAttribute("aria-valuetext", text);
      update({});
    });
    const range = p.low === null && p.high === null ? "any value" : `${p.low ?? "−∞"} to ${p.high ?? "∞"}${p.integer ? ", whole numbers" : ""}`;
    return h("div", { class: "param" },
      h("div", { class: "param-head" },
        h("label", { for: id }, h("span", { class: "pname", text: words(p.name) }),
          p.symbol && p.symbol !== p.name ? h("span", { class: "psymbol", text: ` (${p.symbol})` }) : null),
        box),
      slider,
      h("p", { class: "pmeaning", id: `m-${p.name}` }, p.meaning, h("span", { class: "prange", text: ` Range ${range}; default ${p.default}.` })));
  }

  // The discount slider shares its scale with the bar of critical values below it (0 to 1, with the
  // bar's margins), so the thumb stands above the current discount factor on the bar.
  const BAR = { width: 1000, left: 30, right: 30 };
  function alignWithBar(slider, p) {
    const inner = (BAR.width - BAR.left - BAR.right) / BAR.width;
    const start = BAR.left / BAR.width + inner * p.slider_low;
    const span = inner * (p.slider_high - p.slider_low);
    const thumb = 16;  // px: the thumb's centre travels from thumb/2 to width - thumb/2
    slider.style.marginLeft = `calc(${(100 * start).toFixed(3)}% - ${thumb / 2}px)`;
    slider.style.width = `calc(${(100 * span).toFixed(3)}% + ${thumb}px)`;
  }

  function buildParameters() {
    const container = $("parameters");
    container.replaceChildren();
    $("discount-control").replaceChildren();
    for (const p of state.info.parameters) {
      const row = parameterRow(p);
      // The discount factor of a repeated model sits above the bar of its critical values.
      if (state.info.repeated && p.name === state.info.repeated.discount_parameter) {
        row.classList.add("discount-param");
        $("discount-control").append(row);
        alignWithBar(row.querySelector("input[type=range]"), p);
      } else {
        container.append(row);
      }
    }
    if (!container.children.length) container.append(h("p", { text: "This model has no parameters." }));
    syncInputs();
  }

  function syncInputs() {
    for (const p of state.info.parameters) {
      const text = state.values[p.name];
      const slider = $(`p-${p.name}`);
      const box = $(`v-${p.name}`);
      if (!slider) continue;
      const number = numberOf(text);
      if (Number.isFinite(number)) slider.value = number;
      slider.setAttribute("aria-valuetext", text);
      if (document.activeElement !== box) box.value = text;
    }
  }

  function buildStrategies() {
    const container = $("strategies");
    container.replaceChildren();
    $("strategy-controls").hidden = !state.info.repeated;
    if (!state.info.repeated) return;
    state.info.players.forEach((player, index) => {
      const select = h("select", { id: `strategy-${index}` },
        state.info.repeated.strategies.map((s) => h("option", { value: s.key, text: s.name })));
      select.value = state.strategies[index];
      select.addEventListener("change", () => {
        state.strategies[index] = select.value;
        saveAddress(false);
        updateRepeated();
        updateClosedForm();
      });
      container.append(h("p", { class: "strategy" }, h("label", { for: `strategy-${index}`, text: player }), select));
    });
  }

  function buildMapControls() {
    if (!state.info.views.includes("regime_map")) return;
    const fill = (select, names, value) => {
      select.replaceChildren(...names.map((n) => h("option", { value: n, text: words(n) })));
      select.value = value;
    };
    fill($("map-x"), state.info.map_parameters, state.mapX);
    fill($("map-y"), state.info.map_parameters, state.mapY);
    fill($("map-theory"), state.info.theories, state.theory);
  }

  function query(extra) {
    const params = new URLSearchParams();
    for (const p of state.info.parameters) params.set(p.name, state.values[p.name]);
    for (const [name, value] of Object.entries(extra || {})) params.set(name, value);
    return params.toString();
  }

  // ------------------------------------------------------------------ updates
  // One analysis request at a time; while it runs only the newest values wait, so a dragged
  // slider never queues a backlog of stale requests.
  let inflight = false;
  let pending = null;

  async function update(how) {
    syncInputs();
    if (inflight) { pending = how; return; }
    inflight = true;
    const started = performance.now();
    const key = state.key;
    const result = await api(`/api/models/${encodeURIComponent(key)}/analysis?${query()}`);
    if (state.key !== key) { inflight = false; return; }
    if (!result.ok) {
      if (how.fromLink) {
        state.notice = `This link's values cannot be used: ${result.error}. Showing the defaults instead.`;
        for (const p of state.info.parameters) state.values[p.name] = p.default;
        inflight = false;
        return update({});
      }
      showError(result.error);
    } else {
      if (state.notice) { showError(state.notice); state.notice = null; } else clearError();
      state.analysis = result.data;
      renderAnalysis(result.data);
      saveAddress(false);
      if (state.info.repeated) updateRepeated();
      scheduleMap();
      scheduleDynamics();
      const server = result.data.server_ms;
      requestAnimationFrame(() => {
        const total = performance.now() - started;
        updates += 1;
        document.body.dataset.updates = String(updates);
        document.body.dataset.lastUpdateMs = total.toFixed(1);
        $("status").textContent = `Updated in ${Math.round(total)} ms (server ${result.data.cached ? "cache" : `${Math.round(server)} ms`}).`;
      });
    }
    inflight = false;
    if (pending) { const next = pending; pending = null; update(next); }
  }

  // ------------------------------------------------------------------ matrix and equilibria
  function renderAnalysis(data) {
    if (state.info.views.includes("matrix")) renderMatrix(data);
    if (state.info.views.includes("equilibria")) renderEquilibria(data);
    if (state.info.views.includes("derivation")) renderDerivation(data.derivation || []);
    if (state.info.views.includes("outcomes")) renderOutcomes(data.outcomes);
    if (state.info.views.includes("tree")) renderTree(data.tree);
    renderPredictions(data.predictions || []);
  }

  function renderTree(tree) {
    const container = $("tree-equilibria");
    container.replaceChildren();
    if (!tree) return;
    const count = tree.equilibria.length;
    $("tree-note").textContent = `This model is a sequential game, judged by ${tree.concept_name} ` +
      "(never by Nash equilibria of its strategic form, which admit threats no one would carry out).";
    const image = $("tree-image");
    image.hidden = !tree.image;
    if (tree.image) {
      image.src = tree.image;
      image.alt = `Game tree of ${state.info.title}; the play of equilibrium 1 in bold: ` +
        (count ? tree.equilibria[0].play.map((p) => `${words(p.outcome)} with probability ${p.probability}`).join(", ") : "none");
    }
    $("tree-caption").textContent = count ? "Equilibrium 1's play in bold; dashed lines join the nodes a player cannot tell apart." : "";
    container.append(h("p", { class: "eq-count" },
      h("strong", { text: `${count} ${count === 1 ? tree.concept_name : tree.concept_name.replace(/equilibrium$/, "equilibria")}` })));
    const table = h("table", { class: "equilibria tree-equilibria" });
    table.append(h("thead", {}, h("tr", {},
      h("th", { scope: "col", text: "#" }),
      h("th", { scope: "col", text: "play" }),
      h("th", { scope: "col", text: `payoffs (${tree.players.join(", ")})` }),
      tree.concept === "pbe" ? h("th", { scope: "col", text: "kind" }) : null,
      h("th", { scope: "col", text: "certificate" }))));
    const body = h("tbody");
    for (const e of tree.equilibria) {
      body.append(h("tr", {},
        h("td", { text: String(e.number) }),
        h("td", { text: e.play.map((p) => p.probability === "1" ? words(p.outcome) : `${words(p.outcome)} (${p.probability})`).join("; ") }),
        h("td", { class: "payoffs", text: `(${e.payoffs.join(", ")})` }),
        tree.concept === "pbe" ? h("td", { text: e.classification || "" }) : null,
        h("td", { class: "certificate", text: `max regret ${e.max_regret}` })));
    }
    table.append(body);
    container.append(table);
    if (!tree.complete) container.append(h("p", { text: "The solver does not guarantee that this list holds every equilibrium." }));
    $("tree-text").textContent = tree.text;
  }

  function selectedEquilibrium() {
    if (!state.analysis || state.selected === null) return null;
    return state.analysis.equilibria.find((e) => e.number === state.selected) || null;
  }

  function actionHeader(player, action, index, eq) {
    const chip = [];
    if (eq) {
      const p = eq.strategies[player][index];
      if (p.value > 0) chip.push(h("span", { class: `prob p${player}`, text: p.probability }));
    }
    return [h("span", { class: "action", text: action }), ...chip];
  }

  function renderMatrix(data) {
    const container = $("matrix");
    container.replaceChildren();
    const classification = $("classification");
    if (data.classification && data.classification.name) {
      classification.hidden = false;
      classification.replaceChildren("Game class: ", h("strong", { text: data.classification.name }),
        data.classification.strict ? "" : " (payoff ties: a border case)");
    } else if (data.classification) {
      classification.hidden = false;
      classification.textContent = `Payoff ties: ${data.classification.text}`;
    } else {
      classification.hidden = true;
    }
    const matrix = data.matrix;
    if (matrix.too_large) { container.append(h("p", { text: `Not drawn: ${matrix.message}.` })); return; }
    const game = data.game;
    const eq = selectedEquilibrium();
    const support = (profileIndex) => eq && profileIndex.every((a, i) => eq.strategies[i][a].value > 0);
    const name = (i) => h("span", { class: `p${i % 5}`, text: game.players[i] });
    container.append(h("p", { class: "matrix-players" },
      "Rows: ", name(0), game.players.length > 1 ? ["; columns: ", name(1)] : "",
      ". Each cell lists the payoffs of ", game.players.map((p, i) => name(i)).reduce((a, b) => a.concat([", ", b]), []).slice(1), "."));
    const blocks = h("div", { class: "blocks" });
    matrix.blocks.forEach((block) => {
      const tail = block.others.map((o) => game.players.indexOf(o.player) >= 0 ? game.actions[game.players.indexOf(o.player)].indexOf(o.action) : 0);
      const table = h("table", { class: "matrix" });
      if (block.others.length) {
        table.append(h("caption", {}, block.others.map((o, k) => h("span", { class: `p${(k + 2) % 5}`, text: `${o.player} plays ${o.action}` })).reduce((a, b) => a.concat(["; ", b]), []).slice(1)));
      }
      const head = h("tr", {}, h("th", { class: "corner", scope: "col" },
        h("span", { class: "p0", text: game.players[0] }), " \\ ", h("span", { class: "p1", text: game.players[1] || "" })));
      if (game.players.length > 1) {
        game.actions[1].forEach((a, b) => head.append(h("th", { scope: "col", class: "col-head p1" }, actionHeader(1, a, b, eq))));
      } else {
        head.append(h("th", { scope: "col", text: "payoff" }));
      }
      table.append(h("thead", {}, head));
      const body = h("tbody");
      block.rows.forEach((row, a) => {
        const tr = h("tr", {}, h("th", { scope: "row", class: "row-head p0" }, actionHeader(0, game.actions[0][a], a, eq)));
        row.forEach((cell, b) => {
          const index = game.players.length > 1 ? [a, b, ...tail] : [a];
          const pays = [];
          cell.payoffs.forEach((value, i) => {
            if (i) pays.push(h("span", { class: "sep", text: ", " }));
            pays.push(h("span", { class: `pay p${i % 5}${cell.best[i] ? " best" : ""}`, title: cell.best[i] ? `${game.players[i]}: best response` : null, text: value }));
          });
          const classes = ["cell"];
          if (cell.equilibria.length) classes.push("eq");
          if (support(index)) classes.push("support");
          const label = cell.equilibria.length ? `pure equilibrium ${cell.equilibria.join(", ")}` : null;
          tr.append(h("td", { class: classes.join(" "), "aria-label": label ? `${cell.payoffs.join(", ")}; ${label}` : null },
            h("span", { class: "pays" }, pays),
            cell.equilibria.length ? h("span", { class: "eq-badge", text: `NE ${cell.equilibria.join(",")}` }) : null));
        });
        body.append(tr);
      });
      table.append(body);
      blocks.append(table);
    });
    container.append(blocks);
  }

  function strategyText(strategy) {
    const used = strategy.filter((s) => s.value > 0);
    if (used.length === 1) return used[0].action;
    return used.map((s) => `${s.probability} ${s.action}`).join(" + ");
  }

  function renderEquilibria(data) {
    const container = $("equilibria");
    container.replaceChildren();
    const players = data.game.players;
    const count = data.equilibria.length;
    container.append(h("p", { class: "eq-count" },
      h("strong", { text: `${count} equilibri${count === 1 ? "um" : "a"}` }),
      ` (${data.result.method.replace(/_/g, " ")}${data.result.exact ? ", exact arithmetic" : ""})`));
    const table = h("table", { class: "equilibria" });
    table.append(h("thead", {}, h("tr", {},
      h("th", { scope: "col", text: "#" }),
      players.map((p, i) => h("th", { scope: "col", class: `p${i % 5}`, text: p })),
      h("th", { scope: "col", text: "payoffs" }),
      h("th", { scope: "col", text: "certificate" }))));
    const body = h("tbody");
    for (const e of data.equilibria) {
      const selected = state.selected === e.number;
      const button = h("button", {
        type: "button", class: "eq-select", "aria-pressed": selected ? "true" : "false",
        title: "show this equilibrium in the matrix", text: `${e.number}${e.pure ? "" : " mixed"}`,
      });
      button.addEventListener("click", () => {
        state.selected = state.selected === e.number ? null : e.number;
        renderMatrix(state.analysis);
        renderEquilibria(state.analysis);
      });
      body.append(h("tr", { class: `${e.pure ? "pure" : "mixed"}${selected ? " selected" : ""}`, "data-number": e.number },
        h("td", {}, button),
        e.strategies.map((s, i) => h("td", { class: `p${i % 5}`, text: strategyText(s) })),
        h("td", { class: "payoffs", text: `(${e.payoffs.join(", ")})` }),
        h("td", { class: "certificate", title: `regrets: ${e.regrets.join(", ")}`, text: `max regret ${e.max_regret}` })));
    }
    table.append(body);
    container.append(table);
    const notes = $("result-notes");
    notes.replaceChildren();
    if (data.result.degenerate) notes.append(h("li", { text: data.result.continuum ? "The game is degenerate: the equilibria listed are the extreme points of a continuum of equilibria." : "The game is degenerate (payoff ties)." }));
    if (!data.result.complete) notes.append(h("li", { text: "The solver does not guarantee that this list holds every equilibrium." }));
    for (const note of data.result.notes) {
      // Notes on continua of equilibria can list many supports: long ones open on demand.
      if (note.length > 240) notes.append(h("li", {}, h("details", {}, h("summary", { text: `${note.slice(0, 160)}…` }), note)));
      else notes.append(h("li", { text: note }));
    }
  }

  function renderDerivation(sections) {
    const list = $("derivation");
    list.replaceChildren();
    sections.forEach((section, k) => {
      const item = h("li", { class: "step", "data-step": k },
        h("h3", { text: section.step ? `Step ${section.step}. ${section.title}` : section.title }),
        h("pre", { tabindex: "0", text: section.body }));
      item.hidden = state.step !== null && k > state.step;
      list.append(item);
    });
    $("step-next").disabled = state.step === null || state.step >= sections.length - 1;
    $("step-all").disabled = state.step === null;
  }

  function renderOutcomes(outcomes) {
    const container = $("outcomes");
    container.replaceChildren();
    if (!outcomes || !outcomes.rows.length) { container.append(h("p", { text: "Nothing found at this point." })); return; }
    const table = h("table", { class: "outcomes" },
      h("thead", {}, h("tr", {}, outcomes.columns.map((c) => h("th", { scope: "col", text: words(c).replace(":", ": ") })))),
      h("tbody", {}, outcomes.rows.map((row) => h("tr", {}, row.map((v) => h("td", { text: v }))))));
    container.append(table);
  }

  function renderPredictions(predictions) {
    const list = $("predictions");
    list.replaceChildren();
    for (const p of predictions) {
      if (!p.outcome) {
        list.append(h("li", {}, h("strong", { text: words(p.theory) }), `: ${p.note}`));
        continue;
      }
      const profiles = (p.profiles || []).map((x) => `(${x.join(", ")})`).join(" or ");
      list.append(h("li", {},
        h("strong", { text: words(p.theory) }), ": ", h("em", { text: words(p.outcome) }),
        profiles ? ` ${profiles}` : "", ` expected: ${words(p.expect)}`,
        h("span", { class: "rule", text: ` (rule: ${p.when})` }),
        p.note ? h("span", { class: "note", text: ` ${p.note}` }) : null));
    }
  }

  // ------------------------------------------------------------------ repeated games
  let repeatedController = null;

  async function updateRepeated() {
    if (!state.info || !state.info.repeated) return;
    if (repeatedController) repeatedController.abort();
    repeatedController = new AbortController();
    const key = state.key;
    const result = await api(`/api/models/${encodeURIComponent(key)}/repeated?${query({ strategies: state.strategies.join(",") })}`,
      { signal: repeatedController.signal });
    if (result.aborted || state.key !== key) return;
    if (!result.ok) { $("repeated").replaceChildren(h("p", { class: "problem", text: result.error })); return; }
    renderRepeated(result.data);
  }

  function setText(parts) { return parts.filter((x) => x !== null); }

  function renderRepeated(data) {
    const [a, b] = data.players;
    const path = data.path.prefix.map((p) => `(${p.join(", ")})`).join(" ");
    const cycle = data.path.cycle.map((p) => `(${p.join(", ")})`).join(" ");
    const spe = data.thresholds.spe;
    const nash = data.thresholds.nash;
    const yes = (holds) => h("span", { class: holds ? "yes" : "no", text: holds ? "yes" : "no" });
    const witness = data.spe.witness;
    $("repeated").replaceChildren(
      h("p", { class: "profile" }, h("span", { class: "p0", text: `${data.strategy_names[0]} (${a})` }), " against ",
        h("span", { class: "p1", text: `${data.strategy_names[1]} (${b})` }), ` at δ = ${data.discount}`),
      h("ul", { class: "verdicts" },
        h("li", {}, "Subgame perfect equilibrium: ", yes(data.spe.holds),
          witness ? ` (${witness.player} gains ${witness.gain} by playing ${witness.action} once)` : ""),
        h("li", {}, "Nash equilibrium: ", yes(data.nash.holds)),
        h("li", {}, "SPE for δ in ", h("strong", { text: spe.set.text }),
          spe.critical !== null ? ["; critical δ* = ", h("strong", { class: "critical", text: spe.critical })] : "; no critical value (not an SPE for every δ near 1)"),
        h("li", {}, "Nash for δ in ", h("strong", { text: nash.set.text }),
          nash.critical !== null ? ["; critical δ = ", h("strong", { text: nash.critical })] : ""),
        h("li", {}, "Play: ", setText([path ? `${path}${cycle ? " then " : ""}` : null, cycle ? `${cycle} forever` : null]).join("")),
        h("li", {}, `Discounted payoffs (normalised): ${a} ${data.payoffs[0]}, ${b} ${data.payoffs[1]}`)));
    drawDiscountBar(data);
  }

  function drawDiscountBar(data) {
    const width = BAR.width, left = BAR.left, right = BAR.right, top = 16;
    const x = (v) => left + (width - left - right) * v;
    const root = svg("svg", { viewBox: `0 0 ${width} 120`, role: "img", class: "bar",
      "aria-label": `Discount factors from 0 to 1: subgame perfect for ${data.thresholds.spe.set.text}, Nash for ${data.thresholds.nash.set.text}; current δ = ${data.discount}` });
    root.append(svg("rect", { x: x(0), y: top, width: x(1) - x(0), height: 40, fill: "#eeeeee", stroke: "#555555" }));
    const band = (intervals, y, height, fill) => {
      for (const i of intervals) {
        const w = Math.max(x(i.high_value) - x(i.low_value), 4);
        root.append(svg("rect", { x: x(i.low_value) - (w === 4 ? 2 : 0), y, width: w, height, fill }));
      }
    };
    band(data.thresholds.nash.set.intervals, top, 40, "#9cc3e6");
    band(data.thresholds.spe.set.intervals, top + 12, 28, "#2e7d32");
    for (const v of [0, 0.25, 0.5, 0.75, 1]) {
      root.append(svg("line", { x1: x(v), x2: x(v), y1: top + 40, y2: top + 48, stroke: "#555555" }));
      root.append(svg("text", { x: x(v), y: top + 66, "text-anchor": "middle", class: "tick", text: String(v) }));
    }
    const critical = data.thresholds.spe.critical_value;
    if (critical !== null) {
      root.append(svg("line", { x1: x(critical), x2: x(critical), y1: top - 6, y2: top + 46, stroke: "#000000", "stroke-width": 3, "stroke-dasharray": "6 4" }));
      root.append(svg("text", { x: x(critical), y: top + 96, "text-anchor": "middle", class: "critical-label", text: `δ* = ${data.thresholds.spe.critical}` }));
    }
    const d = data.discount_value;
    root.append(svg("polygon", { points: `${x(d) - 12},${top - 14} ${x(d) + 12},${top - 14} ${x(d)},${top + 2}`, fill: "#c62828" }));
    root.append(svg("line", { x1: x(d), x2: x(d), y1: top, y2: top + 40, stroke: "#c62828", "stroke-width": 4 }));
    const legend = h("p", { class: "bar-legend" },
      h("span", { class: "swatch spe" }), " subgame perfect ", h("span", { class: "swatch nash" }), " Nash only ",
      h("span", { class: "swatch now" }), ` current δ = ${data.discount}`);
    $("discount-bar").replaceChildren(root, legend);
  }

  const closedForms = {};
  async function updateClosedForm() {
    if (!state.info || !state.info.repeated) return;
    const key = state.key;
    const names = state.strategies.join(",");
    const cacheKey = `${key}|${names}`;
    const target = $("closed-form");
    if (!closedForms[cacheKey]) {
      target.replaceChildren(h("p", { class: "muted", text: "Working out the closed form…" }));
      const result = await api(`/api/models/${encodeURIComponent(key)}/repeated/closed-form?strategies=${encodeURIComponent(names)}`);
      if (!result.ok) {
        if (result.status === 429) { setTimeout(updateClosedForm, 1000); return; }
        target.replaceChildren(h("p", { class: "problem", text: result.error }));
        return;
      }
      closedForms[cacheKey] = result.data;
    }
    if (state.key !== key || state.strategies.join(",") !== names) return;
    const data = closedForms[cacheKey];
    // sympy's text with the usual signs: x**2 as x^2, a*b as a·b.
    const pretty = (text) => text.replace(/\*\*/g, "^").replace(/\*/g, "·");
    const line = (label, entry) => {
      if (!entry.closed_form) {
        const bounds = (entry.lower_bounds || []).map((b) => `δ ≥ ${pretty(b)}`).concat((entry.upper_bounds || []).map((b) => `δ ≤ ${pretty(b)}`));
        return h("li", {}, `${label}: `, bounds.length ? `no threshold near 1; conditions ${bounds.join(", ")}` : (entry.note || "no closed form"));
      }
      return h("li", {}, `${label}: δ ≥ `, h("code", { text: pretty(entry.closed_form) }),
        entry.assumptions.length ? h("span", { class: "muted", text: ` (when ${entry.assumptions.map(pretty).join(", ")})` }) : null);
    };
    target.replaceChildren(h("h3", { text: "In the model's parameters" }),
      h("ul", {}, line("Subgame perfect", data.spe), line("Nash", data.nash)),
      h("p", { class: "muted", text: "Signs decided at the model's default values." }));
  }

  // ------------------------------------------------------------------ regime map
  let mapTimer = null;
  let mapController = null;
  let mapShown = null;

  function mapKey() {
    const others = state.info.parameters.map((p) => p.name).filter((n) => n !== state.mapX && n !== state.mapY)
      .map((n) => `${n}=${state.values[n]}`);
    return [state.key, state.mapX, state.mapY, state.theory, ...others].join("|");
  }

  function scheduleMap() {
    if (!state.info || !state.info.views.includes("regime_map")) return;
    const key = mapKey();
    if (key === mapShown) { positionMarker(); return; }
    clearTimeout(mapTimer);
    $("map-loading").hidden = false;
    $("map-frame").classList.add("stale");
    mapTimer = setTimeout(() => loadMap(key), mapShown === null ? 0 : 350);
  }

  async function loadMap(key) {
    if (mapController) mapController.abort();
    mapController = new AbortController();
    const result = await api(`/api/models/${encodeURIComponent(state.key)}/regime-map?${query({ x: state.mapX, y: state.mapY, theory: state.theory })}`,
      { signal: mapController.signal });
    if (result.aborted || !state.info || key !== mapKey()) return;
    if (!result.ok) {
      if (result.status === 429) { mapTimer = setTimeout(() => loadMap(key), 800); return; }
      $("map-loading").hidden = true;
      $("map-caption").textContent = `No map: ${result.error}`;
      return;
    }
    const data = result.data;
    const image = $("map-image");
    image.onload = () => {
      $("map-loading").hidden = true;
      $("map-frame").classList.remove("stale");
      positionMarker();
    };
    image.alt = `Regime map of ${state.info.title} over ${words(data.x)} and ${words(data.y)}: regions ${data.regimes.join("; ")}`;
    image.width = data.width;
    image.height = data.height;
    image.src = data.image;
    state.map = data;
    mapShown = key;
    const agreement = data.agreement === null ? "no prediction" : `agreement with the equilibria ${Math.round(100 * data.agreement)}%`;
    const fixed = Object.entries(data.fixed).map(([n, v]) => `${words(n)} = ${v}`).join(", ");
    $("map-caption").textContent = `Equilibrium regimes over ${words(data.x)} and ${words(data.y)}; the black line is ${words(data.theory)}'s boundary (${agreement}). Other parameters: ${fixed || "none"}. The red ring marks the current values.`;
  }

  function positionMarker() {
    const marker = $("map-marker");
    const data = state.map;
    if (!data || !state.info || data.x !== state.mapX || data.y !== state.mapY) { marker.hidden = true; return; }
    const vx = numberOf(state.values[data.x]);
    const vy = numberOf(state.values[data.y]);
    const [x0, y0, x1, y1] = data.axes_box;
    const fx = (vx - data.xlim[0]) / (data.xlim[1] - data.xlim[0]);
    const fy = (vy - data.ylim[0]) / (data.ylim[1] - data.ylim[0]);
    if (!Number.isFinite(fx) || !Number.isFinite(fy) || fx < 0 || fx > 1 || fy < 0 || fy > 1) { marker.hidden = true; return; }
    marker.style.left = `${100 * (x0 + fx * (x1 - x0))}%`;
    marker.style.top = `${100 * (1 - (y0 + fy * (y1 - y0)))}%`;
    marker.hidden = false;
  }

  // ------------------------------------------------------------------ dynamics
  // The phase portrait is drawn on the server (seconds); like the regime map it is requested once the
  // values have rested, and only the newest request counts.
  let dynamicsTimer = null;
  let dynamicsController = null;
  let dynamicsShown = null;

  function dynamicsKey() {
    const kind = $("dynamics-kind").value;
    const noise = kind === "logit" ? $("dynamics-noise").value : "";
    return [state.key, kind, noise, ...state.info.parameters.map((p) => `${p.name}=${state.values[p.name]}`)].join("|");
  }

  function scheduleDynamics() {
    if (!state.info || !state.info.views.includes("dynamics")) return;
    $("dynamics-noise-label").hidden = $("dynamics-kind").value !== "logit";
    const key = dynamicsKey();
    if (key === dynamicsShown) return;
    clearTimeout(dynamicsTimer);
    $("dynamics-loading").hidden = false;
    $("dynamics-frame").classList.add("stale");
    dynamicsTimer = setTimeout(() => loadDynamics(key), dynamicsShown === null ? 0 : 350);
  }

  async function loadDynamics(key) {
    if (dynamicsController) dynamicsController.abort();
    dynamicsController = new AbortController();
    const kind = $("dynamics-kind").value;
    const extra = kind === "logit" ? { kind: kind, noise: $("dynamics-noise").value } : { kind: kind };
    const result = await api(`/api/models/${encodeURIComponent(state.key)}/dynamics?${query(extra)}`,
      { signal: dynamicsController.signal });
    if (result.aborted || !state.info || key !== dynamicsKey()) return;
    $("dynamics-loading").hidden = true;
    if (!result.ok) {
      if (result.status === 429) { dynamicsTimer = setTimeout(() => loadDynamics(key), 800); return; }
      $("dynamics-caption").textContent = `No portrait: ${result.error}`;
      $("dynamics-rest-points").querySelector("tbody").replaceChildren();
      return;
    }
    const data = result.data;
    const image = $("dynamics-image");
    image.onload = () => $("dynamics-frame").classList.remove("stale");
    const stable = data.rest_points.filter((r) => r.stability === "asymptotically stable").map((r) => r.state);
    image.alt = `Phase portrait of the ${words(data.kind)} dynamics of ${state.info.title}; stable rest points: ${stable.join("; ") || "none"}`;
    image.width = data.width;
    image.height = data.height;
    image.src = data.image;
    dynamicsShown = key;
    const where = data.populations === 1 ? "one population on the simplex of its three actions"
      : "two populations: the share of each playing its first action";
    $("dynamics-caption").textContent = `${words(data.kind)} dynamics${data.noise ? ` (noise ${data.noise})` : ""}, ${where}. ` +
      (data.kind === "replicator" ? "Filled dots: asymptotically stable rest points; open dots: unstable; grey squares: non-hyperbolic."
        : "Stars: Nash equilibria. The table lists the rest points of the replicator dynamics.") +
      (data.continuum ? " A continuum of rest points exists: the table lists its extreme points." : "");
    $("dynamics-rest-points").querySelector("tbody").replaceChildren(...data.rest_points.map((r) => h("tr",
      { class: r.stability === "asymptotically stable" ? "stable" : null },
      h("th", { scope: "row", text: r.state + (r.nash ? "" : " (not Nash)") }),
      h("td", { text: r.stability }),
      h("td", { text: r.eigenvalues.join(", ") }),
      h("td", { text: r.ess ? `ESS: ${r.certificate}` : "not an ESS" }))));
  }

  // ------------------------------------------------------------------ navigation
  async function route() {
    const where = readLocation();
    if (where.options.projector !== undefined) setProjector(where.options.projector === "1");
    mapShown = null;
    if (where.key) await showModel(where.key, where.values, where.options);
    else await showLibrary();
  }

  function navigate(url) {
    window.history.pushState(null, "", url);
    clearError();
    route();
    $("main").focus({ preventScroll: true });
    window.scrollTo(0, 0);
  }

  document.addEventListener("click", (event) => {
    const link = event.target.closest("a[data-nav]");
    if (!link || event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return;
    event.preventDefault();
    const url = new URL(link.href);
    if (state.projector) url.searchParams.set("_projector", "1");
    navigate(url.pathname + url.search);
  });

  window.addEventListener("popstate", route);

  document.addEventListener("keydown", (event) => {
    const tag = (event.target.tagName || "").toLowerCase();
    if (tag === "input" || tag === "select" || tag === "textarea" || event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.key === "p" || event.key === "P") {
      setProjector(!state.projector);
      saveAddress(false);
    }
  });

  $("projector-toggle").addEventListener("click", () => { setProjector(!state.projector); saveAddress(false); });
  $("error-close").addEventListener("click", clearError);
  $("library-filter").addEventListener("input", renderLibrary);
  $("reset").addEventListener("click", () => {
    for (const p of state.info.parameters) state.values[p.name] = p.default;
    update({});
  });
  $("copy-link").addEventListener("click", async () => {
    const url = window.location.href;
    try {
      await navigator.clipboard.writeText(url);
      $("status").textContent = "Link copied: it opens the page with these values.";
    } catch (error) {
      window.prompt("Copy this link:", url);
    }
  });
  for (const id of ["map-x", "map-y", "map-theory"]) {
    $(id).addEventListener("change", () => {
      const x = $("map-x").value, y = $("map-y").value;
      if (x === y) {
        // Keep the two axes different: swap the other one to the axis just left.
        if (id === "map-x") $("map-y").value = state.mapX; else $("map-x").value = state.mapY;
      }
      state.mapX = $("map-x").value;
      state.mapY = $("map-y").value;
      state.theory = $("map-theory").value;
      saveAddress(false);
      scheduleMap();
    });
  }
  $("dynamics-kind").addEventListener("change", scheduleDynamics);
  $("dynamics-noise").addEventListener("change", scheduleDynamics);
  $("step-start").addEventListener("click", () => {
    state.step = 0;
    renderDerivation(state.analysis ? state.analysis.derivation : []);
    $("step-next").focus();
  });
  $("step-next").addEventListener("click", () => {
    state.step += 1;
    const sections = state.analysis ? state.analysis.derivation : [];
    renderDerivation(sections);
    const shown = document.querySelector(`#derivation li[data-step="${state.step}"]`);
    if (shown) shown.scrollIntoView({ block: "nearest" });
    if (state.step >= sections.length - 1) $("step-start").focus();
  });
  $("step-all").addEventListener("click", () => {
    state.step = null;
    renderDerivation(state.analysis ? state.analysis.derivation : []);
  });
  window.addEventListener("resize", positionMarker);

  route();
})();
