/**
 * Event-level scoring of alerts against the suite's labels (docs/decisions.md#anomaly-bench):
 * - an alert event is the first point of a run of alerting points;
 * - an anomaly starting at interval s and ending at e (exclusive; e = s + 1 for a level shift, the end of
 *   the ramp for a drift) is detected when any point in [s, max(e, s + N)) alerts, N = 12 intervals; its
 *   detection delay is the first such point minus s;
 * - an alert event is true when it starts in [s, e + N) of an anomaly (the grace after e covers the
 *   recovery), and false otherwise; events during the 14-day burn-in are not counted, and events on a
 *   holiday (an unlabelled real-world dip no detector without a calendar can know) are reported apart;
 * - precision = true events / all counted events; false alerts per series-month = false events per
 *   30 days of evaluated series time.
 */

export const DETECT_WITHIN = 12;

/** Scores one series' alerts; returns counts to be summed. */
export function scoreSeries(series, alert) {
  const { anomaly, holidays, burnIn, intervalMs } = series;
  const n = alert.length;
  let detected = false;
  let delay = -1;
  if (anomaly) {
    const until = Math.min(n, Math.max(anomaly.end, anomaly.start + DETECT_WITHIN));
    for (let i = anomaly.start; i < until; i++)
      if (alert[i]) {
        detected = true;
        delay = i - anomaly.start;
        break;
      }
  }
  let trueEvents = 0;
  let falseEvents = 0;
  let holidayEvents = 0;
  for (let i = burnIn; i < n; i++) {
    if (!alert[i] || (i > 0 && alert[i - 1])) continue;
    if (anomaly && i >= anomaly.start && i < anomaly.end + DETECT_WITHIN) trueEvents++;
    else if (holidays.some(([a, b]) => i >= a && i < b + DETECT_WITHIN)) holidayEvents++;
    else falseEvents++;
  }
  const months = ((n - burnIn) * intervalMs) / (30 * 86_400_000);
  return { detected, delay, trueEvents, falseEvents, holidayEvents, months };
}
