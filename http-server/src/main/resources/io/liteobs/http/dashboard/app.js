// The LiteObs dashboard. Everything it shows comes from the JSON API of the server that served it, and every value
// goes into the page as text (textContent), never as markup: stored text cannot run in the page.
(function () {
  'use strict';

  var MAX_CHARTS = 8;
  var ROWS = 20;
  var state = { endpoints: {}, names: [], charts: {}, timer: null };

  // The address's fragment may choose the view: #range=15m&metrics=orders.latency,orders.value. A token given
  // as #token=... is kept for this tab only, and taken out of the address bar.
  var view = new URLSearchParams(location.hash.replace(/^#/, ''));
  (function keepToken() {
    if (view.has('token')) {
      sessionStorage.setItem('liteobs.token', view.get('token'));
      view.delete('token');
      history.replaceState(null, '', location.pathname + location.search + (String(view) ? '#' + view : ''));
    }
  })();

  function api(path, params) {
    var query = new URLSearchParams(params || {}).toString();
    var headers = { 'Accept': 'application/json' };
    var token = sessionStorage.getItem('liteobs.token');
    if (token) {
      headers['Authorization'] = 'Bearer ' + token;
    }
    return fetch('api' + path + (query ? '?' + query : ''), { headers: headers, cache: 'no-store' })
      .then(function (response) {
        return response.json().then(function (body) {
          if (!response.ok) {
            throw new Error(response.status + ': ' + (body.error || response.statusText));
          }
          return body;
        });
      });
  }

  function el(tag, text, className) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) {
      node.textContent = String(text);
    }
    if (className) {
      node.className = className;
    }
    return node;
  }

  function row(cells) {
    var tr = document.createElement('tr');
    cells.forEach(function (cell) {
      tr.appendChild(cell instanceof Node ? cell : el('td', cell));
    });
    return tr;
  }

  function fill(tbodyId, rows, emptyText, columns) {
    var tbody = document.getElementById(tbodyId);
    tbody.replaceChildren.apply(tbody, rows.length ? rows : [row([emptyCell(emptyText, columns)])]);
  }

  function emptyCell(text, columns) {
    var td = el('td', text, 'muted');
    td.colSpan = columns;
    return td;
  }

  function time(millis) {
    return new Date(millis).toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z');
  }

  function bytes(value) {
    var units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
    var i = 0;
    while (value >= 1024 && i < units.length - 1) {
      value /= 1024;
      i++;
    }
    return value.toFixed(i ? 1 : 0) + ' ' + units[i];
  }

  function number(value) {
    return typeof value === 'number' ? (Math.abs(value) >= 100 ? value.toFixed(0) : value.toPrecision(3)) : String(value);
  }

  function problem(error) {
    var node = document.getElementById('problem');
    node.hidden = !error;
    node.textContent = error ? String(error.message || error) : '';
  }

  function loadHealth() {
    return api('/health').then(function (report) {
      document.getElementById('health-score').textContent = report.score;
      var status = document.getElementById('health-status');
      status.textContent = report.status;
      status.className = 'status ' + String(report.status).toLowerCase();
      fill('bottlenecks', report.bottlenecks.map(function (b) {
        return row([b.indicator, b.subject, number(b.value), number(b.threshold.threshold), '-' + number(b.penalty)]);
      }), 'no bottleneck', 5);
    });
  }

  function loadWorkers() {
    return api('/liveness').then(function (workers) {
      fill('worker-rows', workers.map(function (w) {
        var stateCell = el('td', w.alive ? 'alive' : 'stale', w.alive ? 'ok' : 'bad');
        return row([w.workerId, stateCell, time(w.lastBeat.timestampMillis) + ' (' + Math.round(w.sinceLastBeatMillis / 1000) + ' s ago)',
          w.lastBeat.host || '', w.lastBeat.pid, bytes(w.lastBeat.heapUsed), w.lastBeat.liveThreads]);
      }), 'no worker has beaten yet', 7);
    });
  }

  function loadAudit() {
    return api('/audit', { limit: ROWS }).then(function (page) {
      fill('audit-rows', page.items.map(function (a) {
        return row([time(a.timestampMillis), a.component, a.operation, el('td', a.status, a.status === 'error' ? 'bad' : ''),
          a.userId || '', a.durationMillis === null ? '' : a.durationMillis + ' ms', a.errorMessage || a.errorCode || '']);
      }), 'no audit entry', 7);
    });
  }

  function loadEvents() {
    return api('/events', { limit: ROWS }).then(function (page) {
      fill('event-rows', page.items.map(function (e) {
        var entity = e.entityType ? e.entityType + ' ' + (e.entityId || '') : '';
        return row([time(e.timestampMillis), e.eventType, e.service, entity, e.userId || '',
          el('td', e.success ? 'success' : 'failure', e.success ? 'ok' : 'bad')]);
      }), 'no event', 6);
    });
  }

  function loadAlerts() {
    return api('/alerts', { limit: ROWS }).then(function (page) {
      fill('alert-rows', page.items.map(function (a) {
        var open = a.resolvedAtMillis === null;
        return row([time(a.openedAtMillis), el('td', a.severity, a.severity === 'critical' ? 'bad' : 'warn'),
          a.ruleId || '', a.source, a.message,
          el('td', open ? 'open' : 'resolved ' + time(a.resolvedAtMillis), open ? 'bad' : 'ok')]);
      }), 'no alert', 6);
    });
  }

  function percent(rate) {
    return (rate * 100).toFixed(rate > 0 && rate < 0.01 ? 2 : 1) + ' %';
  }

  function millis(value) {
    return number(value) + ' ms';
  }

  // each objective over its own window; burn rates over the windows of the burn-rate alerts
  function loadObjectives() {
    return api('/slo').then(function (answer) {
      fill('objective-rows', answer.objectives.map(function (o) {
        var burn = {};
        o.burnRates.forEach(function (b) { burn[b.window] = b.burnRate; });
        return row([o.objective,
          el('td', o.alert, o.alert === 'page' ? 'bad' : o.alert === 'ticket' ? 'warn' : 'ok'),
          (o.sli * 100).toFixed(3) + ' %', (o.target * 100).toFixed(3) + ' %', o.window, o.events,
          el('td', percent(o.budgetRemaining), o.budgetRemaining <= 0 ? 'bad' : o.budgetRemaining < 0.25 ? 'warn' : ''),
          number(burn['5m']), number(burn['1h']), number(burn['6h']), number(burn['1d']), number(burn['3d'])]);
      }), 'no objective', 12);
    });
  }

  // one row per method and route over the range the charts show
  function loadRoutes() {
    return api('/http/routes', { range: document.getElementById('range').value }).then(function (stats) {
      fill('route-rows', stats.routes.map(function (r) {
        return row([r.method, r.route, r.count, number(r.requestsPerSecond),
          el('td', percent(r.clientErrorRate), r.clientErrorRate > 0 ? 'warn' : ''),
          el('td', percent(r.serverErrorRate), r.serverErrorRate > 0 ? 'bad' : ''),
          millis(r.p50Millis), millis(r.p95Millis), millis(r.p99Millis), millis(r.maxMillis)]);
      }), 'no HTTP request in this range', 10);
    });
  }

  function chosenMetrics() {
    return Array.prototype.filter.call(document.getElementById('metric-pick').options, function (o) { return o.selected; })
      .map(function (o) { return o.value; }).slice(0, MAX_CHARTS);
  }

  function loadMetricNames() {
    return api('/metrics/names').then(function (names) {
      state.names = names;
      var saved = view.has('metrics') ? view.get('metrics').split(',')
        : JSON.parse(localStorage.getItem('liteobs.metrics') || 'null');
      var pick = document.getElementById('metric-pick');
      var previous = pick.options.length ? chosenMetrics() : saved;
      if (!previous || !previous.length) {
        // the service's own metrics before the JVM's and the host's, the most recently written first, up to four
        var runtime = /^(jvm|host|process|system|liteobs)\./;
        previous = names.slice().sort(function (a, b) {
          return (runtime.test(a.name) - runtime.test(b.name)) || (b.lastSeenMillis - a.lastSeenMillis);
        }).slice(0, 4).map(function (n) { return n.name; });
      }
      pick.replaceChildren.apply(pick, names.map(function (n) {
        var option = el('option', n.name + (n.unit ? ' (' + n.unit + ')' : ''));
        option.value = n.name;
        option.selected = previous.indexOf(n.name) >= 0;
        return option;
      }));
    });
  }

  function loadCharts() {
    var list = document.getElementById('chart-list');
    var names = chosenMetrics();
    Object.keys(state.charts).forEach(function (name) {
      if (names.indexOf(name) < 0) {
        state.charts[name].box.remove();
        state.charts[name].plot.destroy();
        delete state.charts[name];
      }
    });
    var range = document.getElementById('range').value;
    var aggregation = document.getElementById('aggregation').value;
    return Promise.all(names.map(function (name) {
      return api('/metrics/downsample', { name: name, range: range, aggregation: aggregation, points: 300 })
        .then(function (series) { draw(list, name, series); });
    }));
  }

  // 1234567 -> "1.23M": short labels for the value axis
  function short(value) {
    var abs = Math.abs(value);
    var units = [[1e12, 'T'], [1e9, 'G'], [1e6, 'M'], [1e3, 'k']];
    for (var i = 0; i < units.length; i++) {
      if (abs >= units[i][0]) {
        return +(value / units[i][0]).toPrecision(3) + units[i][1];
      }
    }
    return abs > 0 && abs < 0.001 ? value.toExponential(2) : String(+value.toPrecision(6));
  }

  function draw(list, name, series) {
    var meta = state.names.find(function (n) { return n.name === name; }) || {};
    var data = [series.points.map(function (p) { return p.timestampMillis / 1000; }),
                series.points.map(function (p) { return p.value; })];
    var span = [series.fromMillis / 1000, series.toMillis / 1000];
    var summary = series.points.length + ' points, step ' + series.stepMillis / 1000 + ' s';
    var chart = state.charts[name];
    if (chart) {
      chart.span = span;
      chart.plot.setData(data);
      chart.count.textContent = summary;
      return;
    }
    var box = el('figure', null, 'chart');
    box.dataset.metric = name;
    var caption = el('figcaption', name + (meta.unit ? ' (' + meta.unit + ')' : ''));
    var count = el('span', summary, 'muted');
    caption.appendChild(count);
    box.appendChild(caption);
    list.appendChild(box);
    chart = { box: box, count: count, span: span };
    chart.plot = new uPlot({
      width: Math.max(280, list.clientWidth / 2 - 24),
      height: 200,
      legend: { show: false },
      // the range asked for, even where the metric has no points
      scales: { x: { time: true, range: function () { return chart.span; } } },
      series: [{}, { label: name, stroke: '#2a6fdb', width: 1.5, fill: 'rgba(42,111,219,0.08)', spanGaps: false }],
      axes: [{}, { size: 56, values: function (u, splits) { return splits.map(short); } }]
    }, data, box);
    state.charts[name] = chart;
  }

  function refresh() {
    var work = [loadWorkers(), loadAudit(), loadEvents(), loadMetricNames().then(loadCharts)];
    if (state.endpoints['/api/health']) {
      work.push(loadHealth());
    }
    if (state.endpoints['/api/alerts']) {
      work.push(loadAlerts());
    }
    if (state.endpoints['/api/http/routes']) {
      work.push(loadRoutes());
    }
    if (state.endpoints['/api/slo']) {
      work.push(loadObjectives());
    }
    return Promise.all(work).then(function () {
      problem(null);
      document.getElementById('updated').textContent = 'updated ' + new Date().toLocaleTimeString();
      document.body.dataset.loaded = 'true';
      // once, on the frame that shows the first refresh: how long the page took to show everything
      if (!performance.getEntriesByName('liteobs-shown').length) {
        requestAnimationFrame(function () { performance.mark('liteobs-shown'); });
      }
    }, problem);
  }

  function schedule() {
    clearInterval(state.timer);
    var seconds = Number(document.getElementById('refresh').value);
    if (seconds > 0) {
      state.timer = setInterval(refresh, seconds * 1000);
    }
  }

  function start() {
    var range = document.getElementById('range');
    if (view.has('range') && range.querySelector('option[value="' + CSS.escape(view.get('range')) + '"]')) {
      range.value = view.get('range');
    }
    api('').then(function (index) {
      state.endpoints = index;
      document.getElementById('health').hidden = !index['/api/health'];
      document.getElementById('alerts').hidden = !index['/api/alerts'];
      document.getElementById('routes').hidden = !index['/api/http/routes'];
      document.getElementById('objectives').hidden = !index['/api/slo'];
      ['range', 'aggregation'].forEach(function (id) {
        document.getElementById(id).addEventListener('change', function () {
          loadCharts().catch(problem);
        });
      });
      document.getElementById('range').addEventListener('change', function () {
        if (index['/api/http/routes']) {
          loadRoutes().catch(problem);
        }
      });
      document.getElementById('metric-pick').addEventListener('change', function () {
        localStorage.setItem('liteobs.metrics', JSON.stringify(chosenMetrics()));
        loadCharts().catch(problem);
      });
      document.getElementById('refresh').addEventListener('change', schedule);
      schedule();
      return refresh();
    }).catch(problem);
  }

  start();
})();
