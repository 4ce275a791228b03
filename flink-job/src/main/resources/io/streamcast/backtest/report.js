// report.html's charts, drawn with uPlot from the data the page embeds (#report-data):
// per key, the actual against the one-step forecast and its interval, and the absolute error of
// the model against that of the naive forecast. One key at a time, chosen by the picker or the
// page's #key=NAME address; both charts share the time axis: drag to zoom, the wheel to zoom at
// the cursor, shift+wheel (or a sideways wheel) and the arrow buttons to pan, double-click for all.
(function () {
  "use strict";

  const data = JSON.parse(document.getElementById("report-data").textContent);
  // rows: [key index, window end (epoch seconds), actual, forecast, naive, lower, upper, anomaly]
  const series = data.keys.map(() => ({ t: [], actual: [], forecast: [], lower: [], upper: [], anomaly: [],
    modelError: [], naiveError: [] }));
  for (const [k, t, actual, forecast, naive, lower, upper, anomaly] of data.rows) {
    const s = series[k];
    s.t.push(t);
    s.actual.push(actual);
    s.forecast.push(forecast);
    s.lower.push(lower);
    s.upper.push(upper);
    s.anomaly.push(anomaly ? actual : null);
    s.modelError.push(Math.abs(actual - forecast));
    s.naiveError.push(Math.abs(actual - naive));
  }

  const byName = data.keys.map((key, i) => i).sort((a, b) => data.keys[a] < data.keys[b] ? -1 : 1);
  const picker = document.getElementById("key");
  const filter = document.getElementById("key-filter");
  const chartsBox = document.getElementById("charts");
  let charts = [];

  function showOptions(text) {
    const wanted = text.trim().toLowerCase();
    const selected = picker.value;
    picker.replaceChildren();
    byName.forEach(i => {
      const key = data.keys[i];
      if (key.toLowerCase().includes(wanted) || key === selected) {
        picker.add(new Option(key + " (" + series[i].t.length + " windows)", key, false, key === selected));
      }
    });
  }

  // Model swaps as dashed vertical lines, drawn under the series.
  function swapLines(swaps) {
    return {
      hooks: {
        drawClear: [u => {
          const ctx = u.ctx;
          ctx.save();
          ctx.strokeStyle = "#b42318";
          ctx.setLineDash([4, 4]);
          ctx.lineWidth = 1;
          for (const t of swaps) {
            const x = Math.round(u.valToPos(t, "x", true));
            if (x >= u.bbox.left && x <= u.bbox.left + u.bbox.width) {
              ctx.beginPath();
              ctx.moveTo(x, u.bbox.top);
              ctx.lineTo(x, u.bbox.top + u.bbox.height);
              ctx.stroke();
            }
          }
          ctx.restore();
        }],
      },
    };
  }

  // Zooms the time axis at the cursor with the wheel; pans with shift+wheel or a sideways wheel.
  function wheelZoom(all) {
    return {
      hooks: {
        ready: [u => {
          u.over.addEventListener("wheel", e => {
            e.preventDefault();
            const { min, max } = u.scales.x;
            const span = max - min;
            const sideways = e.shiftKey || Math.abs(e.deltaX) > Math.abs(e.deltaY);
            if (sideways) {
              const shift = span * 0.1 * Math.sign(e.shiftKey ? e.deltaY : e.deltaX);
              setRange(min + shift, max + shift, all);
            } else {
              const at = u.posToVal(e.offsetX, "x");
              const factor = e.deltaY < 0 ? 0.8 : 1.25;
              setRange(at - (at - min) * factor, at + (max - at) * factor, all);
            }
          }, { passive: false });
        }],
      },
    };
  }

  // Keeps both charts on the same time range, within the data.
  function setRange(min, max, all) {
    const span = Math.min(max - min, all.max - all.min);
    if (min < all.min) {
      min = all.min;
      max = min + span;
    }
    if (max > all.max) {
      max = all.max;
      min = max - span;
    }
    charts.forEach(c => c.setScale("x", { min, max }));
  }

  function syncedRange() {
    let syncing = false;
    return {
      hooks: {
        setScale: [(u, key) => {
          if (key !== "x" || syncing) {
            return;
          }
          syncing = true;
          charts.filter(c => c !== u).forEach(c => c.setScale("x", { min: u.scales.x.min, max: u.scales.x.max }));
          syncing = false;
        }],
      },
    };
  }

  // The value axis fits the actual and the forecast in view, not the interval: a key's first
  // intervals are wide (few errors seen yet) and would squash the lines into a flat band.
  function valuesInView(u) {
    const [first, last] = u.series[0].idxs || [0, u.data[0].length - 1];
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = first; i <= last; i++) {
      for (const v of [u.data[1][i], u.data[2][i]]) {
        if (v !== null) {
          lo = Math.min(lo, v);
          hi = Math.max(hi, v);
        }
      }
    }
    if (lo > hi) {
      return [0, 1];
    }
    const pad = (hi - lo) * 0.08 || Math.abs(hi) * 0.1 || 1;
    return [lo - pad, hi + pad];
  }

  function show(key) {
    const i = data.keys.indexOf(key);
    if (i < 0) {
      return;
    }
    charts.forEach(c => c.destroy());
    charts = [];
    chartsBox.replaceChildren();
    const s = series[i];
    const all = { min: s.t[0], max: s.t[s.t.length - 1] };
    const width = Math.max(400, chartsBox.clientWidth || 900);
    const common = {
      width,
      scales: { x: { time: true } },
      cursor: { sync: { key: "streamcast" }, drag: { x: true, y: false } },
      plugins: [swapLines(data.swaps), wheelZoom(all), syncedRange()],
    };
    const values = document.createElement("div");
    const errors = document.createElement("div");
    chartsBox.append(values, errors);
    charts.push(new uPlot({
      ...common,
      title: key + ": actual and one-step forecast",
      height: 320,
      scales: { x: { time: true }, y: { range: valuesInView } },
      series: [
        {},
        { label: "actual", stroke: "#111", width: 1.5 },
        { label: "forecast", stroke: "#e8590c", width: 1.5, dash: [6, 3] },
        { label: "lower", stroke: "rgba(31,111,235,0.25)", width: 0.5 },
        { label: "upper", stroke: "rgba(31,111,235,0.25)", width: 0.5 },
        { label: "anomaly", stroke: "#c92a2a", fill: "#c92a2a", width: 0, paths: () => null,
          points: { show: true, size: 7, fill: "#c92a2a" } },
      ],
      bands: [{ series: [4, 3], fill: "rgba(31,111,235,0.15)" }],
    }, [s.t, s.actual, s.forecast, s.lower, s.upper, s.anomaly], values));
    charts.push(new uPlot({
      ...common,
      title: key + ": absolute error, model against naive",
      height: 220,
      series: [
        {},
        { label: "|model error|", stroke: "#e8590c", width: 1 },
        { label: "|naive error|", stroke: "#868e96", width: 1 },
      ],
    }, [s.t, s.modelError, s.naiveError], errors));
    document.body.dataset.charts = String(charts.length);
    document.body.dataset.key = key;
  }

  function pan(direction) {
    const c = charts[0];
    if (c) {
      const { min, max } = c.scales.x;
      const s = series[data.keys.indexOf(document.body.dataset.key)];
      setRange(min + direction * (max - min) / 2, max + direction * (max - min) / 2,
        { min: s.t[0], max: s.t[s.t.length - 1] });
    }
  }

  function choose(key) {
    picker.value = key;
    show(key);
    history.replaceState(null, "", "#key=" + encodeURIComponent(key));
  }

  function keyInAddress() {
    const match = /^#key=(.*)$/.exec(location.hash);
    return match ? decodeURIComponent(match[1]) : null;
  }

  if (data.keys.length === 0) {
    chartsBox.textContent = "No forecasts to draw.";
    document.body.dataset.charts = "0";
    return;
  }
  showOptions("");
  filter.addEventListener("input", () => showOptions(filter.value));
  picker.addEventListener("change", () => choose(picker.value));
  document.getElementById("pan-left").addEventListener("click", () => pan(-1));
  document.getElementById("pan-right").addEventListener("click", () => pan(1));
  window.addEventListener("hashchange", () => {
    const key = keyInAddress();
    if (key !== null && key !== document.body.dataset.key) {
      choose(key);
    }
  });
  window.addEventListener("resize", () => {
    const width = Math.max(400, chartsBox.clientWidth);
    charts.forEach(c => c.setSize({ width, height: c.height }));
  });
  const wanted = keyInAddress();
  choose(wanted !== null && data.keys.includes(wanted) ? wanted : data.keys[byName[0]]);
})();
