// apexcharts ships no browser-ready ES module (its ESM build imports the bare name "apexcharts/core"),
// so the UMD bundle is imported for its side effect: loaded as a module it defines globalThis.ApexCharts.
// The path is relative to this file so the app also works under a path base.
import '../../../lib/apexcharts/apexcharts.min.js';

const charts = new WeakMap();

// Tick values like 0.6000000000000001 come from float steps; four significant digits read cleanly.
// Functions cannot cross the JSON interop boundary, so the formatter is added here.
function withTickFormat(options) {
    if (options.yaxis) {
        options.yaxis.labels = { ...(options.yaxis.labels ?? {}), formatter: v => (typeof v === 'number' ? String(+v.toPrecision(4)) : v) };
    }
    return options;
}

export async function create(element, options) {
    const chart = new globalThis.ApexCharts(element, withTickFormat(options));
    charts.set(element, chart);
    await chart.render();
}

export async function update(element, series, animate) {
    await charts.get(element)?.updateSeries(series, animate);
}

export async function reconfigure(element, options) {
    await charts.get(element)?.updateOptions(withTickFormat(options), false, false);
}

export async function append(element, data) {
    await charts.get(element)?.appendData(data);
}

export function destroy(element) {
    charts.get(element)?.destroy();
    charts.delete(element);
}
