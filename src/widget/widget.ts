// The embed: <script src="https://HOST/widget.js" defer></script> adds a launcher and a chat panel
// in a shadow root, so no CSS crosses in or out. Options come from data-* attributes on the tag.
import { ApiClient } from './api-client.ts';
import { ChatPanel } from './chat-panel.ts';
import { pickLanguage } from './i18n.ts';
import { Timeline } from './views/timeline.ts';

function mount(script: HTMLScriptElement): void {
  const data = script.dataset;
  const api = new ApiClient(data.api ?? new URL(script.src, location.href).origin);
  const language = pickLanguage(data.lang, document.documentElement.lang);
  const inlineTarget = data.target ? document.querySelector<HTMLElement>(data.target) : null;
  const starters = data.starters
    ?.split('|')
    .map((question) => question.trim())
    .filter(Boolean);

  const host = inlineTarget ?? document.createElement('speechcite-chat');
  if (!inlineTarget) {
    // Inline !important beats any page rule, so the page cannot hide or restyle the host.
    host.setAttribute('style', 'all: initial !important; display: block !important; position: static !important;');
    document.body.append(host);
  }
  let timeline: Timeline | undefined;
  const panel = new ChatPanel(host.attachShadow({ mode: 'open' }), {
    api,
    language,
    title: data.title,
    placeholder: data.placeholder,
    color: data.color,
    position: data.position === 'left' ? 'left' : 'right',
    inline: inlineTarget !== null,
    openOnLoad: data.open === 'true' || data.open === '',
    starters: starters && starters.length > 0 ? starters : undefined,
    onCited: (ids) => timeline?.highlight(ids),
  });
  // The title, placeholder and starters the service's corpus profile gives; an unreachable service says
  // so when a question is asked.
  api.site(language).then(
    (site) => panel.useSite(site),
    () => undefined,
  );

  const timelineTarget = data.timeline ? document.querySelector<HTMLElement>(data.timeline) : null;
  if (timelineTarget) {
    timeline = new Timeline(timelineTarget.attachShadow({ mode: 'open' }), api, language, (source) => panel.showExcerpt(source));
    void timeline.render();
  }
}

const script = document.currentScript;
if (script instanceof HTMLScriptElement) {
  // With defer the document is parsed by now; without it, wait for the body.
  if (document.body) mount(script);
  else document.addEventListener('DOMContentLoaded', () => mount(script), { once: true });
}
