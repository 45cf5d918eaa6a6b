// The owner's dashboard in the browser: fetches /admin/api/report for the chosen period and draws
// it — one uPlot chart (bundled, nothing from a CDN), coverage as a bar, and the lists as tables.
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import './dashboard.css';
import type { Report } from '../analytics/types.ts';
import { dayLabel, daySplits, isoDay } from './day-axis.ts';
import { STRINGS, type DashboardLanguage } from './i18n.ts';

type ReportResponse = Report & { days: number; periods: number[] };

const COLORS = { answered: '#2e7d32', partial: '#f0a202', notCovered: '#b4232a', total: '#1f5f8b' };

function element<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Record<string, string> = {},
  ...children: Array<Node | string>
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  node.append(...children);
  return node;
}

function table(headers: string[], rows: Array<Array<string | number>>, emptyText: string, countColumns: number[] = []): HTMLElement {
  if (rows.length === 0) return element('p', { class: 'empty' }, emptyText);
  return element(
    'table',
    {},
    element('thead', {}, element('tr', {}, ...headers.map((header, index) => element('th', countColumns.includes(index) ? { class: 'count' } : {}, header)))),
    element(
      'tbody',
      {},
      ...rows.map((row) => element('tr', {}, ...row.map((cell, index) => element('td', countColumns.includes(index) ? { class: 'count' } : {}, String(cell))))),
    ),
  );
}

function panel(title: string, content: Node, id: string): HTMLElement {
  return element('section', { class: 'panel', id, 'aria-labelledby': `${id}-title` }, element('h2', { id: `${id}-title` }, title), content);
}

class Dashboard {
  readonly #root: HTMLElement;
  readonly #language: DashboardLanguage;
  readonly #text: (typeof STRINGS)['zh'];
  #days = 30;
  #chart: uPlot | undefined;

  constructor(root: HTMLElement) {
    this.#root = root;
    this.#language = root.dataset.lang === 'en' ? 'en' : 'zh';
    this.#text = STRINGS[this.#language];
    const requested = Number(new URLSearchParams(location.search).get('days'));
    if (requested > 0) this.#days = requested;
    window.addEventListener('resize', () => this.#chart?.setSize(this.#chartSize()));
  }

  async load(): Promise<void> {
    const response = await fetch(`/admin/api/report?days=${this.#days}`, { headers: { accept: 'application/json' }, credentials: 'same-origin' });
    if (response.status === 401) {
      this.#root.replaceChildren(
        element('p', { class: 'error', role: 'alert' }, this.#text.signedOut, ' ', element('a', { href: `/admin?lang=${this.#language}` }, this.#text.signIn)),
      );
      return;
    }
    const body = (await response.json()) as ReportResponse | { error: { message: string } };
    if (!response.ok || 'error' in body) {
      this.#root.replaceChildren(
        element('p', { class: 'error', role: 'alert' }, this.#text.failed, 'error' in body ? body.error.message : String(response.status)),
      );
      return;
    }
    this.#render(body);
  }

  #chartSize(): { width: number; height: number } {
    const holder = this.#root.querySelector<HTMLElement>('#per-day-chart');
    return { width: Math.max(260, (holder?.clientWidth ?? 600) - 4), height: 240 };
  }

  #render(report: ReportResponse): void {
    const text = this.#text;
    const select = element(
      'select',
      { id: 'period', name: 'days' },
      ...report.periods.map((days) => {
        const option = element('option', { value: String(days) }, text.days(days));
        option.selected = days === report.days;
        return option;
      }),
    );
    select.addEventListener('change', () => {
      this.#days = Number(select.value);
      history.replaceState(null, '', `?lang=${this.#language}&days=${this.#days}`);
      void this.load();
    });
    const signOut = element('form', { method: 'post', action: `/admin/logout?lang=${this.#language}` }, element('button', { type: 'submit' }, text.signOut));
    const controls = element(
      'div',
      { class: 'controls' },
      element('label', { for: 'period' }, text.period),
      select,
      element('a', { href: `/admin/export/questions.csv?days=${report.days}`, download: '', id: 'export-questions' }, text.exportQuestions),
      element('a', { href: `/admin/export/feedback.csv?days=${report.days}`, download: '', id: 'export-feedback' }, text.exportFeedback),
      element('a', { href: `/admin?lang=${this.#language === 'en' ? 'zh' : 'en'}&days=${report.days}` }, text.otherLanguage),
      signOut,
    );
    const { totals } = report;
    const card = (id: string, value: number, label: string) =>
      element('div', { class: 'card', id }, element('div', { class: 'value' }, String(value)), element('div', { class: 'label' }, label));
    const cards = element(
      'div',
      { class: 'cards' },
      card('total-questions', totals.questions, text.questions),
      card('total-answered', totals.answered, text.answered),
      card('total-partial', totals.partial, text.partial),
      card('total-not-covered', totals.notCovered, text.notCovered),
      card('total-helpful', totals.helpful, text.helpful),
      card('total-unhelpful', totals.unhelpful, text.unhelpful),
    );

    const chartHolder = element('div', { id: 'per-day-chart', role: 'img', 'aria-label': `${text.perDay}: ${report.period.from} – ${report.period.to}` });
    const share = (value: number) => (totals.questions === 0 ? 0 : (100 * value) / totals.questions);
    const coverageBar = element(
      'div',
      {},
      element(
        'div',
        {
          class: 'coverage',
          role: 'img',
          'aria-label': `${text.answered} ${totals.answered}, ${text.partial} ${totals.partial}, ${text.notCovered} ${totals.notCovered}`,
        },
        ...(
          [
            ['answered', totals.answered],
            ['partial', totals.partial],
            ['notCovered', totals.notCovered],
          ] as const
        ).map(([key, value]) => {
          const segment = element('span');
          segment.style.width = `${share(value)}%`;
          segment.style.background = COLORS[key];
          return segment;
        }),
      ),
      element(
        'div',
        { class: 'legend' },
        ...(
          [
            ['answered', totals.answered, text.answered],
            ['partial', totals.partial, text.partial],
            ['notCovered', totals.notCovered, text.notCovered],
          ] as const
        ).map(([key, value, label]) => {
          const swatch = element('i');
          swatch.style.background = COLORS[key];
          return element('span', {}, swatch, `${label} ${value} (${Math.round(share(value))}%)`);
        }),
      ),
    );

    const questionText = (question: string | null) => question ?? text.textGone;
    this.#root.replaceChildren(
      element('div', { class: 'bar' }, element('h1', {}, text.title), controls),
      element('p', { class: 'muted' }, `${report.period.from} – ${report.period.to} (UTC)`),
      cards,
      panel(text.perDay, chartHolder, 'per-day'),
      panel(text.coverage, coverageBar, 'coverage'),
      element(
        'div',
        { class: 'grid' },
        panel(
          text.topQuestions,
          table(
            [text.question, text.times],
            report.topQuestions.map((row) => [row.question, row.count]),
            text.empty,
            [1],
          ),
          'top-questions',
        ),
        panel(
          text.gaps,
          table(
            [text.question, text.times, text.lastAsked],
            report.gaps.map((row) => [row.question, row.count, row.lastAsked]),
            text.empty,
            [1],
          ),
          'gaps',
        ),
        panel(
          text.unhelpfulAnswers,
          table(
            [text.question, text.comment, text.when],
            report.unhelpful.map((row) => [questionText(row.question), row.comment ?? '—', row.createdAt.slice(0, 10)]),
            text.empty,
          ),
          'unhelpful',
        ),
        panel(
          text.topSpeeches,
          table(
            [text.speech, text.times],
            report.topSpeeches.map((row) => [`${row.date} ${row.occasion}`, row.count]),
            text.empty,
            [1],
          ),
          'top-speeches',
        ),
      ),
    );
    this.#drawChart(report, chartHolder);
  }

  #drawChart(report: ReportResponse, holder: HTMLElement): void {
    this.#chart?.destroy();
    const text = this.#text;
    const days = report.perDay.map((day) => Date.parse(`${day.day}T00:00:00Z`) / 1000);
    const total = report.perDay.map((day) => day.answered + day.partial + day.notCovered);
    const bars = uPlot.paths.bars?.({ size: [0.7, 40] });
    this.#chart = new uPlot(
      {
        ...this.#chartSize(),
        tzDate: (seconds) => uPlot.tzDate(new Date(seconds * 1000), 'Etc/UTC'),
        // Half a day either side, so that the first and last days' bars are not cut in half.
        scales: {
          x: { time: true, range: (_chart, min, max) => [min - 43_200, max + 43_200] },
          y: { range: (_chart, _min, max) => [0, Math.max(4, Math.ceil(max * 1.1))] },
        },
        series: [
          { label: text.day, value: (_chart, seconds) => (seconds == null ? '--' : isoDay(seconds)) },
          { label: text.questions, stroke: COLORS.total, fill: 'rgba(31, 95, 139, 0.25)', ...(bars ? { paths: bars } : {}), points: { show: false } },
          { label: text.notCovered, stroke: COLORS.notCovered, width: 2 },
          { label: text.partial, stroke: COLORS.partial, width: 2 },
        ],
        axes: [
          {
            // The plot is the chart less the y axis' labels (about 50 px).
            splits: (chart, _axis, min, max) => daySplits(min, max, chart.width - 50),
            values: (_chart, ticks) => ticks.map(dayLabel),
          },
          { values: (_chart, ticks) => ticks.map((tick) => (Number.isInteger(tick) ? String(tick) : '')) },
        ],
      },
      [days, total, report.perDay.map((day) => day.notCovered), report.perDay.map((day) => day.partial)],
      holder,
    );
  }
}

const root = document.getElementById('dashboard');
if (root) void new Dashboard(root).load();
