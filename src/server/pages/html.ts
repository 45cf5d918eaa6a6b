// Server-rendered pages: every value is escaped on the way in, and no page has inline script.
import type { Excerpt } from '../../corpus/types.ts';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/gu, (character) => ESCAPES[character]!);
}

const PAGE_CSS = `
body { margin: 0; font: 16px/1.6 system-ui, -apple-system, "Noto Sans CJK SC", "Noto Sans SC", "Microsoft YaHei", sans-serif; color: #1d1d1f; background: #f7f7f8; }
header { padding: 14px 20px; background: #b4232a; color: #fff; }
header h1 { margin: 0; font-size: 18px; }
header p { margin: 2px 0 0; font-size: 13px; opacity: .9; }
header a { color: #fff; }
/* The chat page fills the window and never grows with the conversation: the conversation scrolls
   inside its card, so the input stays in view after any number of answers. */
body.chat-page { height: 100vh; height: 100dvh; display: flex; flex-direction: column; overflow: hidden; }
.layout { flex: 1; min-height: 0; display: grid; grid-template-columns: minmax(0, 1fr) 300px; gap: 16px; padding: 16px; box-sizing: border-box; }
.chat { display: block; min-height: 0; min-width: 0; }
.timeline { min-height: 0; overflow-y: auto; background: #fff; border: 1px solid #ddd; border-radius: 10px; padding: 12px; }
/* Narrow screens: the timeline moves below the chat as a bar that opens (it starts closed) and
   scrolls within at most 40% of the height; the chat takes the rest, so the two never overlap. */
@media (max-width: 760px) {
  header { padding: 8px 12px; }
  .layout { display: flex; flex-direction: column; gap: 8px; padding: 8px; }
  .chat { flex: 1 1 auto; }
  .timeline { flex: 0 0 auto; max-height: 40%; padding: 6px 10px; }
}
article { max-width: 760px; margin: 24px auto; background: #fff; padding: 24px; border-radius: 10px; border: 1px solid #ddd; }
article .meta { color: #555; font-size: 14px; }
article .text { white-space: pre-wrap; font-size: 17px; }
mark { background: #ffe08a; }
.sentence:target { background: #ffe08a; }
`;

function page(options: { title: string; lang: string; body: string; scripts?: string; bodyClass?: string }): string {
  return `<!doctype html>
<html lang="${escapeHtml(options.lang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(options.title)}</title>
<style>${PAGE_CSS}</style>
</head>
<body${options.bodyClass ? ` class="${escapeHtml(options.bodyClass)}"` : ''}>
${options.body}
${options.scripts ?? ''}
</body>
</html>`;
}

/** The site's texts a page shows: from the corpus profile, or derived from the corpus (site-info.ts). */
export interface PageSite {
  title: string;
  subtitle: string;
}

export function chatPage(options: { site: PageSite; language: 'zh' | 'en' }): string {
  const { site } = options;
  return page({
    title: site.title,
    lang: options.language === 'en' ? 'en' : 'zh-CN',
    bodyClass: 'chat-page',
    body: `<header><h1>${escapeHtml(site.title)}</h1><p>${escapeHtml(site.subtitle)} <a href="?lang=${options.language === 'en' ? 'zh' : 'en'}">${options.language === 'en' ? '中文' : 'English'}</a></p></header>
<main class="layout"><section id="chat" class="chat"></section><aside id="timeline" class="timeline"></aside></main>`,
    scripts: `<script src="/widget.js" data-target="#chat" data-timeline="#timeline" data-lang="${options.language}" defer></script>`,
  });
}

/** Who said an excerpt and in which document, when the corpus has several of either. */
export interface ExcerptOrigin {
  documentTitle: string;
  /** The speaker, shown when the corpus has more than one. */
  speaker?: string | undefined;
}

/** One excerpt on a page of its own, each sentence an anchor (#s1, #s2…), an optional range marked (?hl=start-end). */
export function excerptPage(
  excerpt: Excerpt,
  origin: ExcerptOrigin,
  siteTitle: string,
  highlight: { start: number; end: number } | undefined,
  sentences: Array<{ start: number; end: number }>,
): string {
  let body = '';
  let last = 0;
  sentences.forEach((sentence, index) => {
    body += escapeHtml(excerpt.text.slice(last, sentence.start));
    let inner = escapeHtml(excerpt.text.slice(sentence.start, sentence.end));
    if (highlight && highlight.start >= sentence.start && highlight.end <= sentence.end) {
      inner = `${escapeHtml(excerpt.text.slice(sentence.start, highlight.start))}<mark id="hl">${escapeHtml(excerpt.text.slice(highlight.start, highlight.end))}</mark>${escapeHtml(excerpt.text.slice(highlight.end, sentence.end))}`;
    }
    body += `<span class="sentence" id="s${index + 1}">${inner}</span>`;
    last = sentence.end;
  });
  body += escapeHtml(excerpt.text.slice(last));
  const speaker = origin.speaker ? `<span class="speaker">${escapeHtml(origin.speaker)}</span> · ` : '';
  return page({
    // A single speech has no section heading.
    title: [origin.documentTitle, excerpt.heading, excerpt.date, ...(siteTitle === origin.documentTitle ? [] : [siteTitle])].filter(Boolean).join(' · '),
    lang: 'zh-CN',
    body: `<header><h1>${escapeHtml(siteTitle)}</h1><p><a href="/">← 问答 / Chat</a></p></header>
<article id="excerpt" data-id="${escapeHtml(excerpt.id)}">
<h2><span class="document">${escapeHtml(origin.documentTitle)}</span>${excerpt.heading ? ` · ${escapeHtml(excerpt.heading)}` : ''}</h2>
<p class="meta">${speaker}<time datetime="${escapeHtml(excerpt.date)}">${escapeHtml(excerpt.date)}</time> · <span class="occasion">${escapeHtml(excerpt.occasion)}</span></p>
<div class="text">${body}</div>
</article>`,
  });
}

/**
 * A document's page: its excerpts, each linked to its own page. Old links (`/s/<document>#5`) arrive
 * here, since browsers never send the fragment: the script follows the fragment to the excerpt's page.
 */
export function documentPage(
  document: { id: string; title: string },
  excerpts: ReadonlyArray<Pick<Excerpt, 'id' | 'section' | 'heading' | 'date' | 'occasion'>>,
  siteTitle: string,
): string {
  const items = excerpts
    .map(
      (excerpt) =>
        `<li><a href="/s/${encodeURIComponent(excerpt.id)}" data-section="${excerpt.section}">${escapeHtml(excerpt.heading)} · <time datetime="${escapeHtml(excerpt.date)}">${escapeHtml(excerpt.date)}</time> · ${escapeHtml(excerpt.occasion)}</a></li>`,
    )
    .join('\n');
  return page({
    title: `${document.title}${siteTitle === document.title ? '' : ` · ${siteTitle}`}`,
    lang: 'zh-CN',
    body: `<header><h1>${escapeHtml(siteTitle)}</h1><p><a href="/">← 问答 / Chat</a></p></header>
<article id="document" data-id="${escapeHtml(document.id)}">
<h2>${escapeHtml(document.title)}</h2>
<ol class="excerpts">
${items}
</ol>
</article>`,
    scripts: '<script src="/legacy-link.js"></script>',
  });
}

/**
 * Served as /legacy-link.js for the document page: `#5`, the section of an old link, opens that
 * excerpt's page in place of this one (so Back does not return to the list).
 */
export const LEGACY_LINK_SCRIPT = `(() => {
  const section = /^#(\\d+)$/.exec(location.hash);
  const link = section && document.querySelector('#document a[data-section="' + section[1] + '"]');
  if (link) location.replace(link.href + location.search);
})();
`;

/** A page styled the way a third-party site might be, with the widget embedded by one script tag. */
export function demoPage(): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>A site that embeds speechcite</title>
<style>
  body { font-family: Georgia, serif; color: #234; background: #fdfbf6; margin: 40px; }
  button { background: hotpink; border: 3px dashed green; font-size: 30px; }
  div { letter-spacing: 2px; }
</style>
</head>
<body>
<h1>Policy Reading Room</h1>
<p>This page stands for any site that embeds the chat: the button in the corner comes from one script tag.</p>
<p>The panel's title, placeholder and starter questions come from the service (its corpus profile); <code>data-*</code> attributes override them.</p>
<pre>&lt;script src="/widget.js" data-lang="en" defer&gt;&lt;/script&gt;</pre>
<script src="/widget.js" data-lang="en" data-color="#1f5f8b" defer></script>
</body>
</html>`;
}
