// The console: preact + htm as browser modules (no build step), Chart.js from its UMD build.
// Every figure comes from the /api endpoints, which accept this session's cookie.
import { h, render } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import htm from 'htm';
import { LANGUAGES, getLanguage, setLanguage, translate } from './i18n.js';

const html = htm.bind(h);
const Chart = window.Chart;
let csrf = '';

/** fetch with the session's CSRF token on writes; a lost session goes back to the login. */
async function api(path, { method = 'GET', body } = {}) {
  const headers = {};
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET') headers['X-CSRF-Token'] = csrf;
  const res = await fetch(path, {
    method,
    headers,
    credentials: 'same-origin',
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const data = res.status === 204 ? null : await res.json().catch(() => null);
  if (res.status === 401 && !path.startsWith('/console/')) location.assign('/console/login');
  return { status: res.status, ok: res.ok, data };
}

const pct = (x) => (x === null || x === undefined ? '—' : `${(x * 100).toFixed(1)} %`);
const sec = (x) => (x === null || x === undefined ? '—' : `${Math.round(x)} s`);
const num = (x) => (x === null || x === undefined ? '—' : String(x));

function ChartBox({ config, label }) {
  const canvas = useRef(null);
  const key = JSON.stringify(config.data);
  useEffect(() => {
    const chart = new Chart(canvas.current, {
      ...config,
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        ...config.options,
      },
    });
    return () => chart.destroy();
  }, [key]);
  return html`<div class="chart">
    <canvas ref=${canvas} role="img" aria-label=${label}></canvas>
  </div>`;
}

function useLoad(path) {
  const [state, setState] = useState({ loading: true, data: null, error: null });
  useEffect(() => {
    if (!path) return;
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    api(path).then((r) => {
      if (!live) return;
      setState({ loading: false, data: r.ok ? r.data : null, error: r.ok ? null : r });
    });
    return () => {
      live = false;
    };
  }, [path]);
  return state;
}

function Problem({ error }) {
  if (!error) return null;
  const issues = error.data?.issues ?? [];
  return html`<div class="error" role="alert">
    ${error.data?.error ?? `HTTP ${error.status}`}
    ${
      issues.length > 0 &&
      html`<ul>
        ${issues.map((i) => html`<li>${i}</li>`)}
      </ul>`
    }
  </div>`;
}

function Filters({ t, filters, onApply, withArm = true }) {
  const [draft, setDraft] = useState(filters);
  const set = (k) => (e) => setDraft({ ...draft, [k]: e.currentTarget.value });
  const select = (k, options) =>
    html`<label
      >${t(k)}
      <select name=${k} value=${draft[k] ?? ''} onChange=${set(k)}>
        <option value="">${t('all')}</option>
        ${options.map((o) => html`<option value=${o}>${o}</option>`)}
      </select></label
    >`;
  return html`<form
    class="filters"
    onSubmit=${(e) => {
      e.preventDefault();
      onApply(draft);
    }}
  >
    <label
      >${t('from')}<input type="date" name="from" value=${draft.from} onInput=${set('from')}
    /></label>
    <label>${t('to')}<input type="date" name="to" value=${draft.to} onInput=${set('to')} /></label>
    ${select('provider', ['twilio', 'vonage'])} ${select('language', ['ru', 'kk', 'en', 'uk'])}
    <label
      >${t('segment')}<input
        name="segment"
        size="10"
        value=${draft.segment ?? ''}
        onInput=${set('segment')}
    /></label>
    ${withArm && select('arm', ['personalised', 'control', 'none'])}
    <button type="submit">${t('apply')}</button>
  </form>`;
}

function query(filters, extra = {}) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries({ ...filters, ...extra })) if (v) q.set(k, v);
  return q.toString();
}

function Breakdown({ t, title, rows, dimension }) {
  if (!rows || rows.length === 0) return null;
  return html`<section>
    <h3>${title}</h3>
    <table>
      <thead>
        <tr>
          <th>${t(dimension)}</th>
          <th>${t('callsCount')}</th>
          <th>${t('selfService')}</th>
          <th>${t('transferred')}</th>
          <th>${t('abandoned')}</th>
          <th>${t('ivrMedian')}</th>
        </tr>
      </thead>
      <tbody>
        ${rows.map(
          (r) =>
            html`<tr>
              <td>${r[dimension]}</td>
              <td>${r.calls}</td>
              <td>${pct(r.selfServiceRate)}</td>
              <td>${pct(r.transferRate)}</td>
              <td>${pct(r.abandonRate)}</td>
              <td>${sec(r.ivrSec.median)}</td>
            </tr>`,
        )}
      </tbody>
    </table>
  </section>`;
}

function Overview({ t, filters, setFilters }) {
  const { data, error, loading } = useLoad(`/api/analytics/overview?${query(filters)}`);
  const m = data?.totals;
  const cards = m
    ? [
        ['callsCount', num(m.calls)],
        ['ivrMedian', sec(m.ivrSec.median)],
        ['ivrP90', sec(m.ivrSec.p90)],
        ['selfService', pct(m.selfServiceRate)],
        ['transferred', pct(m.transferRate)],
        ['abandoned', pct(m.abandonRate)],
        ['hitRate', `${pct(m.predictionHitRate)} (${m.predictionAccepted}/${m.predictionOffered})`],
        ['speechUnderstood', pct(m.speechUnderstoodRate)],
        ['reprompted', pct(m.repromptRate)],
        ['fellBack', pct(m.fellBackToKeysRate)],
        ['crmFallback', pct(m.crmFallbackRate)],
        ['firstRanked', pct(m.firstRankedAnsweredRate)],
      ]
    : [];
  return html`<div>
    <${Filters} t=${t} filters=${filters} onApply=${setFilters} />
    <${Problem} error=${error} />
    ${loading && !data && html`<p>${t('loading')}</p>`}
    ${
      m &&
      html`<div>
        <div class="cards" data-testid="overview-cards">
          ${cards.map(
            ([k, v]) =>
              html`<div class="card">
                <div class="value" data-metric=${k}>${v}</div>
                <div class="name">${t(k)}</div>
              </div>`,
          )}
        </div>
        ${m.calls === 0 && html`<p>${t('noData')}</p>`}
        <div class="charts">
          <section>
            <h3>${t('perDay')}</h3>
            <${ChartBox}
              label=${t('perDay')}
              config=${{
                type: 'line',
                data: {
                  labels: data.byDay.map((d) => d.day),
                  datasets: [
                    {
                      label: t('callsCount'),
                      data: data.byDay.map((d) => d.calls),
                      yAxisID: 'y',
                      borderColor: '#2457c5',
                    },
                    {
                      label: t('selfService'),
                      data: data.byDay.map((d) => (d.selfServiceRate ?? 0) * 100),
                      yAxisID: 'rate',
                      borderColor: '#1e7b34',
                    },
                    {
                      label: t('abandoned'),
                      data: data.byDay.map((d) => (d.abandonRate ?? 0) * 100),
                      yAxisID: 'rate',
                      borderColor: '#b3261e',
                    },
                  ],
                },
                options: {
                  scales: {
                    y: { beginAtZero: true },
                    rate: { position: 'right', min: 0, max: 100 },
                  },
                },
              }}
            />
          </section>
          <section>
            <h3>${t('abandonedAt')}</h3>
            <${ChartBox}
              label=${t('abandonedAt')}
              config=${{
                type: 'bar',
                data: {
                  labels: data.abandonedAt.map((a) => a.node),
                  datasets: [
                    {
                      label: t('abandoned'),
                      data: data.abandonedAt.map((a) => a.calls),
                      backgroundColor: '#b3261e',
                    },
                  ],
                },
                options: { indexAxis: 'y' },
              }}
            />
          </section>
        </div>
        <${Breakdown}
          t=${t}
          title=${t('byProvider')}
          rows=${data.byProvider}
          dimension="provider"
        />
        <${Breakdown}
          t=${t}
          title=${t('byLanguage')}
          rows=${data.byLanguage}
          dimension="language"
        />
        <${Breakdown} t=${t} title=${t('bySegment')} rows=${data.bySegment} dimension="segment" />
        <${Breakdown} t=${t} title=${t('byArm')} rows=${data.byArm} dimension="arm" />
      </div>`
    }
  </div>`;
}

function Paths({ t, filters, setFilters }) {
  const { data, error } = useLoad(`/api/analytics/paths?${query(filters)}`);
  const nodes = data?.nodes ?? [];
  return html`<div>
    <${Filters} t=${t} filters=${filters} onApply=${setFilters} />
    <${Problem} error=${error} />
    ${
      data &&
      html`<div>
        <section>
          <h3>${t('paths')} (${data.calls} ${t('callsCount').toLowerCase()})</h3>
          <${ChartBox}
            label=${t('paths')}
            config=${{
              type: 'bar',
              data: {
                labels: nodes.map((n) => n.node),
                datasets: [
                  {
                    label: t('movedOn'),
                    data: nodes.map((n) => n.entered - n.dropped),
                    backgroundColor: '#2457c5',
                  },
                  {
                    label: t('dropped'),
                    data: nodes.map((n) => n.dropped),
                    backgroundColor: '#b3261e',
                  },
                ],
              },
              options: { indexAxis: 'y', scales: { x: { stacked: true }, y: { stacked: true } } },
            }}
          />
        </section>
        <section>
          <table data-testid="path-table">
            <thead>
              <tr>
                <th>${t('node')}</th>
                <th>${t('entered')}</th>
                <th>${t('dropOff')}</th>
                <th>${t('next')}</th>
              </tr>
            </thead>
            <tbody>
              ${nodes.map(
                (n) =>
                  html`<tr>
                    <td>${n.node}</td>
                    <td>${n.entered}</td>
                    <td>${pct(n.dropOffRate)}</td>
                    <td>${n.next.map((x) => `${x.node} ${pct(x.share)}`).join(' · ')}</td>
                  </tr>`,
              )}
            </tbody>
          </table>
        </section>
      </div>`
    }
  </div>`;
}

function PilotPercent({ t }) {
  const [percent, setPercent] = useState('');
  const [note, setNote] = useState(null);
  const [available, setAvailable] = useState(true);
  useEffect(() => {
    api('/api/pilot').then((r) => {
      if (r.ok) setPercent(String(r.data.percent));
      else setAvailable(false);
    });
  }, []);
  if (!available) return html`<p class="error">${t('pilotUnavailable')}</p>`;
  const save = async (e) => {
    e.preventDefault();
    const r = await api('/api/pilot', { method: 'PUT', body: { percent: Number(percent) } });
    setNote(r.ok ? { ok: true } : { ok: false, error: r });
    if (r.ok) setPercent(String(r.data.percent));
  };
  return html`<form class="inline" onSubmit=${save}>
    <label
      >${t('pilotPercent')}<input
        name="percent"
        type="number"
        min="0"
        max="100"
        step="1"
        value=${percent}
        onInput=${(e) => setPercent(e.currentTarget.value)}
    /></label>
    <button type="submit">${t('save')}</button>
    ${note?.ok && html`<span class="ok" role="status">${t('saved')}</span>`}
    ${note && !note.ok && html`<${Problem} error=${note.error} />`}
  </form>`;
}

function Pilot({ t, filters, setFilters }) {
  const [effect, setEffect] = useState('0.05');
  const { arm: _arm, ...rest } = filters;
  const { data, error } = useLoad(`/api/analytics/pilot?${query(rest, { effect })}`);
  const verdict = {
    'not-enough-data': 'notEnough',
    significant: 'significant',
    'no-significant-difference': 'notSignificant',
  };
  const rate = (name, test) =>
    html`<tr>
      <td>${t(name)}</td>
      <td>${pct(test.a.rate)}</td>
      <td>${pct(test.b.rate)}</td>
      <td>
        ${test.difference === null ? '—' : `${pct(test.difference)} (${pct(test.ci.low)} … ${pct(test.ci.high)})`}
      </td>
      <td>${test.p === null ? '—' : test.p.toFixed(3)}</td>
    </tr>`;
  return html`<div>
    <section><${PilotPercent} t=${t} /></section>
    <${Filters} t=${t} filters=${filters} onApply=${setFilters} withArm=${false} />
    <form class="inline">
      <label
        >${t('effect')}<select
          name="effect"
          value=${effect}
          onChange=${(e) => setEffect(e.currentTarget.value)}
        >
          ${['0.01', '0.02', '0.05', '0.1'].map((x) => html`<option value=${x}>${pct(Number(x))}</option>`)}
        </select></label
      >
    </form>
    <${Problem} error=${error} />
    ${
      data &&
      html`<div>
        <p class="verdict" data-testid="pilot-verdict">
          ${t(verdict[data.verdict])}. ${data.message}
        </p>
        <section>
          <table data-testid="pilot-table">
            <thead>
              <tr>
                <th>${t('metric')}</th>
                <th>${t('personalised')}</th>
                <th>${t('control')}</th>
                <th>${t('difference')}</th>
                <th>${t('pValue')}</th>
              </tr>
            </thead>
            <tbody>
              <tr>
                <td>${t('callsCount')}</td>
                <td>${data.arms.personalised.calls}</td>
                <td>${data.arms.control.calls}</td>
                <td></td>
                <td></td>
              </tr>
              ${rate('selfService', data.tests.selfService)}
              ${rate('transferred', data.tests.transfer)} ${rate('abandoned', data.tests.abandon)}
              <tr>
                <td>${t('ivrTime')}</td>
                <td>${sec(data.arms.personalised.ivrSec.median)}</td>
                <td>${sec(data.arms.control.ivrSec.median)}</td>
                <td>
                  ${data.tests.ivrTime.probabilityASlower === null ? '—' : `P(A>B) ${data.tests.ivrTime.probabilityASlower.toFixed(2)}`}
                </td>
                <td>${data.tests.ivrTime.p === null ? '—' : data.tests.ivrTime.p.toFixed(3)}</td>
              </tr>
            </tbody>
          </table>
          <p>
            ${t('sampleNeeded')}: ${num(data.sampleSize.neededPerArm)} · ${t('sampleReached')}:
            ${data.sampleSize.reached.personalised} / ${data.sampleSize.reached.control}
          </p>
        </section>
        <section>
          <${ChartBox}
            label=${t('pilot')}
            config=${{
              type: 'bar',
              data: {
                labels: [t('selfService'), t('transferred'), t('abandoned')],
                datasets: [
                  {
                    label: t('personalised'),
                    backgroundColor: '#2457c5',
                    data: [
                      data.tests.selfService.a.rate,
                      data.tests.transfer.a.rate,
                      data.tests.abandon.a.rate,
                    ].map((x) => (x ?? 0) * 100),
                  },
                  {
                    label: t('control'),
                    backgroundColor: '#9aa5b8',
                    data: [
                      data.tests.selfService.b.rate,
                      data.tests.transfer.b.rate,
                      data.tests.abandon.b.rate,
                    ].map((x) => (x ?? 0) * 100),
                  },
                ],
              },
              options: { scales: { y: { min: 0, max: 100 } } },
            }}
          />
        </section>
      </div>`
    }
  </div>`;
}

function CallDetail({ t, id }) {
  const { data, error } = useLoad(`/api/calls/${encodeURIComponent(id)}`);
  return html`<div>
    <p>
      <a href="#calls">← ${t('back')}</a> ·
      <a href=${`/api/calls/${encodeURIComponent(id)}`} target="_blank" rel="noopener"
        >${t('asJson')}</a
      >
    </p>
    <${Problem} error=${error} />
    ${
      data &&
      html`<section>
        <h3>${data.callId}</h3>
        <p>
          ${data.provider} · ${data.caller ?? '—'} · ${data.language} · ${data.outcome ?? '—'} ·
          ${data.ivrOutcome ?? '—'}
        </p>
        <table data-testid="call-steps">
          <thead>
            <tr>
              <th>#</th>
              <th>${t('step')}</th>
              <th>${t('prompt')}</th>
              <th>${t('input')}</th>
              <th>${t('leftBy')}</th>
            </tr>
          </thead>
          <tbody>
            ${(data.steps ?? []).map(
              (s) =>
                html`<tr>
                  <td>${s.seq}</td>
                  <td>${s.step}</td>
                  <td style="white-space:normal">${s.prompt ?? ''}</td>
                  <td>${s.input ?? ''}</td>
                  <td>${s.leftBy ?? ''}</td>
                </tr>`,
            )}
          </tbody>
        </table>
      </section>`
    }
  </div>`;
}

function Calls({ t, id }) {
  const { data, error } = useLoad(id ? null : '/api/calls?limit=50');
  if (id) return html`<${CallDetail} t=${t} id=${id} />`;
  return html`<div>
    <${Problem} error=${error} />
    ${
      data &&
      html`<section>
        <table data-testid="calls-table">
          <thead>
            <tr>
              <th>${t('started')}</th>
              <th>${t('provider')}</th>
              <th>${t('caller')}</th>
              <th>${t('language')}</th>
              <th>${t('outcome')}</th>
              <th>${t('ivrOutcome')}</th>
              <th>${t('steps')}</th>
            </tr>
          </thead>
          <tbody>
            ${data.items.map(
              (c) =>
                html`<tr>
                  <td>
                    <a href=${`#calls/${encodeURIComponent(c.callId)}`}
                      >${(c.startedAtLocal ?? c.startedAt).slice(0, 19).replace('T', ' ')}</a
                    >
                  </td>
                  <td>${c.provider}</td>
                  <td>${c.caller ?? '—'}</td>
                  <td>${c.language}</td>
                  <td>${c.outcome ?? '—'}</td>
                  <td>${c.ivrOutcome ?? '—'}</td>
                  <td>${c.lastStep ?? ''}</td>
                </tr>`,
            )}
          </tbody>
        </table>
      </section>`
    }
  </div>`;
}

const CAMPAIGN_TEMPLATE = {
  name: '',
  controlPoint: 'main-menu',
  messages: { ru: { text: '' } },
  startsOn: '',
  endsOn: '',
  segments: ['regular'],
};

function CampaignEditor({ t, campaign, onDone }) {
  const editing = campaign && campaign.id;
  const [text, setText] = useState(JSON.stringify(campaign ?? CAMPAIGN_TEMPLATE, null, 2));
  const [problem, setProblem] = useState(null);
  const submit = async (e) => {
    e.preventDefault();
    let body;
    try {
      body = JSON.parse(text);
    } catch (err) {
      setProblem({ status: 400, data: { error: String(err.message) } });
      return;
    }
    const r = editing
      ? await api(`/api/campaigns/${encodeURIComponent(campaign.id)}`, { method: 'PUT', body })
      : await api('/api/campaigns', { method: 'POST', body });
    if (r.ok) onDone();
    else setProblem(r);
  };
  return html`<form onSubmit=${submit}>
    <label
      >${t('campaignJson')}<textarea
        name="campaign"
        rows="14"
        cols="60"
        value=${text}
        onInput=${(e) => setText(e.currentTarget.value)}
      ></textarea>
    </label>
    <p>
      <button type="submit">${editing ? t('save') : t('create')}</button>
      <button type="button" class="secondary" onClick=${() => onDone()}>${t('cancel')}</button>
    </p>
    <${Problem} error=${problem} />
  </form>`;
}

function CampaignReport({ t, id }) {
  const { data, error } = useLoad(`/api/campaigns/${encodeURIComponent(id)}/report`);
  const row = (label, c) =>
    html`<tr>
      <td>${label}</td>
      <td>${c.reached}</td>
      <td>${pct(c.listenedToEndRate)}</td>
      <td>${pct(c.respondedRate)}</td>
      <td>${pct(c.hungUpDuringRate)}</td>
      <td>${c.interrupted}</td>
    </tr>`;
  const head = (first) =>
    html`<thead>
      <tr>
        <th>${t(first)}</th>
        <th>${t('reached')}</th>
        <th>${t('listenedToEnd')}</th>
        <th>${t('responded')}</th>
        <th>${t('hungUpDuring')}</th>
        <th>${t('interrupted')}</th>
      </tr>
    </thead>`;
  return html`<div>
    <p><a href="#campaigns">← ${t('back')}</a></p>
    <${Problem} error=${error} />
    ${
      data &&
      html`<div>
        <h3>${data.campaign?.name ?? id}</h3>
        <section>
          <table data-testid="campaign-report">
            ${head('period')}
            <tbody>
              ${row('Σ', data.totals)}
            </tbody>
          </table>
        </section>
        <section>
          <table>
            ${head('segment')}
            <tbody>
              ${data.bySegment.map((s) => row(s.segment, s))}
            </tbody>
          </table>
        </section>
        <section>
          <table>
            ${head('day')}
            <tbody>
              ${data.byDay.map((d) => row(d.day, d))}
            </tbody>
          </table>
          <${ChartBox}
            label=${t('report')}
            config=${{
              type: 'bar',
              data: {
                labels: data.byDay.map((d) => d.day),
                datasets: [
                  {
                    label: t('listenedToEnd'),
                    backgroundColor: '#1e7b34',
                    data: data.byDay.map((d) => d.listenedToEnd),
                  },
                  {
                    label: t('hungUpDuring'),
                    backgroundColor: '#b3261e',
                    data: data.byDay.map((d) => d.hungUpDuring),
                  },
                  {
                    label: t('interrupted'),
                    backgroundColor: '#9aa5b8',
                    data: data.byDay.map((d) => d.interrupted),
                  },
                ],
              },
              options: { scales: { x: { stacked: true }, y: { stacked: true } } },
            }}
          />
        </section>
      </div>`
    }
  </div>`;
}

function Campaigns({ t, id }) {
  const [version, setVersion] = useState(0);
  const [editing, setEditing] = useState(undefined);
  const { data, error } = useLoad(id ? null : `/api/campaigns?v=${version}`);
  if (id) return html`<${CampaignReport} t=${t} id=${id} />`;
  if (error?.status === 404) return html`<p class="error">${t('campaignsUnavailable')}</p>`;
  const list = Array.isArray(data) ? data : (data?.items ?? data?.campaigns ?? []);
  const done = () => {
    setEditing(undefined);
    setVersion(version + 1);
  };
  const stop = async (c) => {
    await api(`/api/campaigns/${encodeURIComponent(c.id)}/stop`, { method: 'POST' });
    setVersion(version + 1);
  };
  return html`<div>
    ${
      editing !== undefined
        ? html`<section><${CampaignEditor} t=${t} campaign=${editing} onDone=${done} /></section>`
        : html`<p><button onClick=${() => setEditing(null)}>${t('newCampaign')}</button></p>`
    }
    <${Problem} error=${error} />
    <section>
      <table data-testid="campaigns-table">
        <thead>
          <tr>
            <th>${t('name')}</th>
            <th>${t('controlPoint')}</th>
            <th>${t('period')}</th>
            <th>${t('segment')}</th>
            <th>${t('status')}</th>
            <th></th>
          </tr>
        </thead>
        <tbody>
          ${list.map(
            (c) =>
              html`<tr>
                <td><a href=${`#campaigns/${encodeURIComponent(c.id)}`}>${c.name}</a></td>
                <td>${c.controlPoint ?? ''}</td>
                <td>${c.startsOn ?? c.start ?? ''} — ${c.endsOn ?? c.end ?? ''}</td>
                <td>${(c.segments ?? []).join(', ')}</td>
                <td>${c.status ?? (c.stoppedAt ? 'stopped' : '')}</td>
                <td>
                  <button class="secondary" onClick=${() => setEditing(c)}>${t('edit')}</button>
                  <button class="secondary" onClick=${() => stop(c)}>${t('stop')}</button>
                </td>
              </tr>`,
          )}
        </tbody>
      </table>
    </section>
  </div>`;
}

function Login({ t, enabled }) {
  const [mode, setMode] = useState('password');
  const [problem, setProblem] = useState(null);
  const submit = async (e) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const body =
      mode === 'password'
        ? { user: form.get('user'), password: form.get('password') }
        : { apiKey: form.get('apiKey') };
    const r = await api('/console/login', { method: 'POST', body });
    if (r.ok) location.assign('/console/#overview');
    else setProblem(r.status === 503 ? t('consoleDisabled') : t('loginFailed'));
  };
  return html`<form class="login" onSubmit=${submit}>
    <h2>${t('title')}</h2>
    ${!enabled && html`<p class="error">${t('consoleDisabled')}</p>`}
    ${
      mode === 'password'
        ? html`<label>${t('user')}<input name="user" autocomplete="username" required /></label>
            <label
              >${t('password')}<input
                name="password"
                type="password"
                autocomplete="current-password"
                required
            /></label>`
        : html`<label>${t('apiKey')}<input name="apiKey" type="password" required /></label>`
    }
    <button type="submit">${t('login')}</button>
    <a
      href="#"
      onClick=${(e) => {
        e.preventDefault();
        setMode(mode === 'password' ? 'key' : 'password');
      }}
      >${mode === 'password' ? t('orApiKey') : t('password')}</a
    >
    ${problem && html`<p class="error" role="alert">${problem}</p>`}
  </form>`;
}

function today() {
  return new Date().toISOString().slice(0, 10);
}

function App() {
  const [language, setLang] = useState(getLanguage());
  const [session, setSession] = useState(undefined);
  const [hash, setHash] = useState(location.hash.slice(1) || 'overview');
  const [filters, setFilters] = useState(() => {
    const to = today();
    const from = new Date(Date.parse(to) - 29 * 86_400_000).toISOString().slice(0, 10);
    return { from, to };
  });
  const t = (key) => translate(language, key);
  useEffect(() => {
    setLanguage(language);
  }, [language]);
  useEffect(() => {
    const onHash = () => setHash(location.hash.slice(1) || 'overview');
    window.addEventListener('hashchange', onHash);
    api('/console/session').then((r) => {
      if (r.ok) csrf = r.data.csrf;
      setSession(r.ok ? r.data : { signedOut: true, enabled: r.data?.enabled !== false });
    });
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  if (session === undefined) return html`<p>${t('loading')}</p>`;
  const languagePicker = html`<select
    aria-label="language"
    name="console-language"
    value=${language}
    onChange=${(e) => setLang(e.currentTarget.value)}
  >
    ${LANGUAGES.map(([code, name]) => html`<option value=${code}>${name}</option>`)}
  </select>`;
  if (session.signedOut) {
    if (location.pathname !== '/console/login') location.assign('/console/login');
    return html`<header>
        <h1>${t('title')}</h1>
        <span class="spacer"></span>${languagePicker}
      </header>
      <main><${Login} t=${t} enabled=${session.enabled} /></main>`;
  }
  if (location.pathname === '/console/login') location.assign('/console/#overview');
  const [view, id] = hash.split('/');
  const views = {
    overview: Overview,
    paths: Paths,
    campaigns: Campaigns,
    pilot: Pilot,
    calls: Calls,
  };
  const View = views[view] ?? Overview;
  const logout = async () => {
    await api('/console/logout', { method: 'POST' });
    location.assign('/console/login');
  };
  return html`<header>
      <h1>${t('title')}</h1>
      <nav>
        ${Object.keys(views).map(
          (v) =>
            html`<a href=${`#${v}`} class=${v === (views[view] ? view : 'overview') ? 'active' : ''}
              >${t(v)}</a
            >`,
        )}
      </nav>
      <span class="spacer"></span>
      ${languagePicker}
      <span>${session.user}</span>
      <button class="secondary" onClick=${logout}>${t('logout')}</button>
    </header>
    <main data-view=${view}>
      <${View}
        t=${t}
        id=${id ? decodeURIComponent(id) : null}
        filters=${filters}
        setFilters=${setFilters}
      />
    </main>`;
}

render(html`<${App} />`, document.getElementById('app'));
