// The console's chart: waiting and active (left axis, people) with the measured and configured
// admission rates (right axis, per second) over the last minutes, drawn by uPlot (vendored in
// vendor/uplot/, loaded by operator.html as the global uPlot). The points are the stream's
// events, kept in memory here: the chart costs no request of its own.
import { language } from './i18n.js';

const WINDOW_SECONDS = 5 * 60;
const HEIGHT = 220;

/** A chart in `box`: push(event) adds a point, reset() empties it; it follows the box's width, the language and the colour scheme. */
export function queueChart(box) {
  const xs = [];
  const waiting = [];
  const active = [];
  const measured = [];
  const configured = [];
  let plot = null;

  const data = () => [xs, waiting, active, measured, configured];

  function build() {
    plot?.destroy();
    plot = null;
    if (typeof window.uPlot !== 'function') return; // the library did not load: the numbers above still tell everything
    const css = getComputedStyle(box);
    const colour = (name) => css.getPropertyValue(name).trim();
    const numbers = new Intl.NumberFormat(language(), { maximumFractionDigits: 2 });
    // 24-hour times: the axis has little room, and "16:35:50" reads the same in both languages.
    const clock = new Intl.DateTimeFormat(language(), { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    const clockSeconds = new Intl.DateTimeFormat(language(), {
      hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23',
    });
    const axis = {
      stroke: colour('--chart-axis'),
      grid: { stroke: colour('--chart-grid'), width: 1 },
      ticks: { stroke: colour('--chart-grid'), width: 1 },
      font: '12px system-ui, sans-serif',
    };
    plot = new window.uPlot({
      width: Math.max(200, Math.floor(box.clientWidth)),
      height: HEIGHT,
      legend: { show: false }, // the legend is the page's own list, in the page's language
      cursor: { show: false },
      scales: {
        x: { time: true },
        people: { range: (u, min, max) => [0, Math.max(5, Math.ceil(max * 1.1))] },
        rate: { range: (u, min, max) => [0, Math.max(1, max * 1.1)] },
      },
      axes: [
        {
          ...axis,
          space: 80,
          incrs: [1, 5, 10, 15, 30, 60, 120, 300],
          values: (u, splits, idx, space, incr) => splits.map((s) => (incr < 60 ? clockSeconds : clock).format(s * 1000)),
        },
        { ...axis, scale: 'people', size: 56, values: (u, splits) => splits.map((v) => numbers.format(v)) },
        {
          ...axis, scale: 'rate', side: 1, size: 48, grid: { show: false },
          values: (u, splits) => splits.map((v) => numbers.format(v)),
        },
      ],
      series: [
        {},
        { scale: 'people', stroke: colour('--chart-waiting'), width: 2, points: { show: false } },
        { scale: 'people', stroke: colour('--chart-active'), width: 2, points: { show: false } },
        { scale: 'rate', stroke: colour('--chart-rate'), width: 2, points: { show: false } },
        { scale: 'rate', stroke: colour('--chart-configured'), width: 1.5, dash: [6, 4], points: { show: false } },
      ],
    }, data(), box);
  }

  const resize = new ResizeObserver(() => {
    if (plot && Math.abs(plot.width - box.clientWidth) >= 1) plot.setSize({ width: Math.max(200, Math.floor(box.clientWidth)), height: HEIGHT });
  });
  resize.observe(box);
  matchMedia('(prefers-color-scheme: dark)').addEventListener('change', build);

  return {
    /** Plots an event at the time it arrived (one clock for every point, whatever the servers' clocks say). */
    push(event) {
      const now = Date.now() / 1000;
      xs.push(now);
      waiting.push(event.waiting);
      active.push(event.active);
      measured.push(event.measuredRate ?? null);
      configured.push(event.configuredRate);
      let old = 0;
      while (old < xs.length && xs[old] < now - WINDOW_SECONDS) old++;
      if (old) data().forEach((column) => column.splice(0, old));
      box.dataset.points = String(xs.length);
      if (!plot) build();
      else plot.setData(data());
    },
    reset() {
      data().forEach((column) => { column.length = 0; });
      box.dataset.points = '0';
      plot?.setData(data());
    },
    /** Draws again with the current language's numbers and times. */
    redraw: build,
  };
}
