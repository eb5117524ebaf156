// The page's own script, as text: draws each chart with vega-embed (tooltips from vega-tooltip)
// and makes the layer table sort and filter. Plain ES2020 that runs from file:// with no network.
// window.flopscope exposes the chart views and a promise that settles once all are drawn, for
// tests and for people poking at the page in the console.
export const PAGE_SCRIPT = String.raw`
(function () {
  'use strict';
  var charts = JSON.parse(document.getElementById('flopscope-charts').textContent);
  var views = {};
  var drawn = Object.keys(charts).map(function (id) {
    var chart = charts[id];
    var el = document.getElementById('chart-' + id);
    return vegaEmbed(el, chart.spec, {
      renderer: chart.renderer || 'svg',
      actions: { export: true, source: false, compiled: false, editor: false },
      tooltip: { theme: 'light' },
      downloadFileName: chart.file
    }).then(function (result) { views[id] = result.view; });
  });
  window.flopscope = { views: views, ready: Promise.all(drawn).then(function () { document.body.setAttribute('data-ready', 'true'); }) };
  window.flopscope.ready.catch(function (e) { console.error('flopscope: a chart failed to draw: ' + e); });

  var table = document.querySelector('table.layers');
  if (!table) return;
  var body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows);
  var heads = Array.prototype.slice.call(table.tHead.rows[0].cells);
  function cellValue(row, col, numeric) {
    var cell = row.cells[col];
    return numeric ? Number(cell.getAttribute('data-v')) : cell.textContent;
  }
  heads.forEach(function (th, col) {
    th.addEventListener('click', function () {
      var numeric = th.classList.contains('num');
      // Numbers sort largest first on the first click, names A to Z.
      var descending = th.getAttribute('aria-sort') ? th.getAttribute('aria-sort') === 'ascending' : numeric;
      heads.forEach(function (h) { h.removeAttribute('aria-sort'); });
      th.setAttribute('aria-sort', descending ? 'descending' : 'ascending');
      var sign = descending ? -1 : 1;
      rows.sort(function (a, b) {
        var x = cellValue(a, col, numeric), y = cellValue(b, col, numeric);
        var c = numeric ? x - y : String(x).localeCompare(String(y));
        return c !== 0 ? sign * c : Number(a.getAttribute('data-i')) - Number(b.getAttribute('data-i'));
      });
      var frag = document.createDocumentFragment();
      rows.forEach(function (r) { frag.appendChild(r); });
      body.appendChild(frag);
    });
  });
  var nameBox = document.getElementById('filter-name');
  var opBox = document.getElementById('filter-op');
  var stageBox = document.getElementById('filter-stage');
  var seBox = document.getElementById('filter-se');
  var count = document.getElementById('table-count');
  function filter() {
    var name = nameBox.value.trim().toLowerCase();
    var op = opBox.value, stage = stageBox.value, se = seBox && seBox.checked;
    var shown = 0;
    rows.forEach(function (r) {
      var ok = (!name || r.cells[1].textContent.toLowerCase().indexOf(name) >= 0) &&
        (!op || r.cells[2].textContent === op) && (!stage || r.cells[3].textContent === stage) &&
        (!se || r.classList.contains('se'));
      r.hidden = !ok;
      if (ok) shown++;
    });
    count.textContent = shown + ' of ' + rows.length + ' rows';
  }
  [nameBox, opBox, stageBox, seBox].forEach(function (el) { if (el) el.addEventListener('input', filter); });
  filter();
})();
`;
