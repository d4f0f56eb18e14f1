/**
 * One event's chart: messages received per interval (line) and messages with violations (bars)
 * drawn with uPlot, and anomaly markers (vertical lines with a dot) when the detector reports any.
 */
import uPlot from 'uplot';
import type { EventSeries } from './series.js';

const RECEIVED = '#2563eb';
const INVALID = '#dc2626';
const ANOMALY = '#d97706';

/** Draws the anomaly markers of `series` over the plot, after uPlot drew the series. */
function anomalyPlugin(series: EventSeries): uPlot.Plugin {
  return {
    hooks: {
      draw: (u: uPlot) => {
        if (series.anomalies.length === 0) return;
        const { ctx } = u;
        const { top, height } = u.bbox;
        ctx.save();
        ctx.strokeStyle = ANOMALY;
        ctx.fillStyle = ANOMALY;
        ctx.lineWidth = 2 * uPlot.pxRatio;
        ctx.setLineDash([4 * uPlot.pxRatio, 3 * uPlot.pxRatio]);
        for (const a of series.anomalies) {
          const x = Math.round(u.valToPos(a.x, 'x', true));
          ctx.beginPath();
          ctx.moveTo(x, top);
          ctx.lineTo(x, top + height);
          ctx.stroke();
          ctx.beginPath();
          ctx.arc(x, top + 5 * uPlot.pxRatio, 4 * uPlot.pxRatio, 0, 2 * Math.PI);
          ctx.fill();
        }
        ctx.restore();
      },
    },
  };
}

/** Creates the chart for `series` inside `target`, `width` CSS pixels wide. */
export function drawChart(target: HTMLElement, series: EventSeries, width: number): uPlot {
  const bars = uPlot.paths.bars!({ size: [0.6, 24] });
  const opts: uPlot.Options = {
    width,
    height: 180,
    plugins: [anomalyPlugin(series)],
    cursor: { drag: { x: false, y: false } },
    scales: { x: { time: true }, n: { auto: true, range: (_u, _min, max) => [0, max || 1] } },
    axes: [{}, { scale: 'n', size: 60 }],
    series: [
      {},
      { label: 'received', stroke: RECEIVED, width: 2, scale: 'n', points: { show: false } },
      {
        label: 'with violations',
        stroke: INVALID,
        fill: 'rgba(220, 38, 38, 0.35)',
        paths: bars,
        scale: 'n',
        points: { show: false },
      },
    ],
  };
  return new uPlot(opts, [series.xs, series.received, series.invalid], target);
}
