// How the site presents its corpus: the title, subtitle, placeholder and starter questions of the
// corpus profile, and, for what the profile leaves out, texts derived from the corpus itself (how many
// speeches, over which months), never from a file's name.
import type { SiteProfile } from '../../corpus/corpus-profile.ts';
import type { Excerpt } from '../../corpus/types.ts';
import type { SiteResponse } from '../../protocol/responses.ts';

export type SiteLanguage = 'zh' | 'en';

/** What site-info reads of an index build: its documents, excerpts and profile. */
export interface SiteCorpus {
  documents: ReadonlyArray<{ id: string; title: string }>;
  excerpts: ReadonlyArray<Pick<Excerpt, 'documentId' | 'date' | 'occasion'> & { speaker?: string | undefined }>;
  profile?: { site: SiteProfile } | undefined;
}

const CITES = {
  zh: '每个回答都注明出自哪次讲话、哪一天。',
  en: 'Every answer cites the speech and date it comes from.',
} as const;

const GENERIC = {
  zh: { title: '讲话摘录问答', placeholder: '输入你的问题' },
  en: { title: 'Ask the speeches', placeholder: 'Ask a question about the speeches' },
} as const;

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** A speech: one document, speaker, date and occasion, however many excerpts it has. */
export function speechKey(excerpt: { documentId: string; date: string; occasion: string; speaker?: string | undefined }): string {
  return [excerpt.documentId, excerpt.speaker ?? '', excerpt.date, excerpt.occasion].join('\u0000');
}

function month(isoDate: string, language: SiteLanguage): string {
  const [year, monthNumber] = isoDate.split('-').map(Number) as [number, number];
  return language === 'zh' ? `${year}年${monthNumber}月` : `${MONTHS[monthNumber - 1]} ${year}`;
}

/**
 * How many speeches, over which months.
 * @example corpusSummary(excerpts, 'zh') // '12 篇讲话 · 2023年9月—2025年4月'
 * @example corpusSummary(excerpts, 'en') // '12 speeches, September 2023 – April 2025'
 */
export function corpusSummary(excerpts: SiteCorpus['excerpts'], language: SiteLanguage): string {
  const speeches = new Set(excerpts.map(speechKey)).size;
  const dates = excerpts.map((excerpt) => excerpt.date).sort();
  const first = dates[0] ? month(dates[0], language) : undefined;
  const last = dates.at(-1) ? month(dates.at(-1)!, language) : undefined;
  const period = first === undefined ? '' : first === last ? first : language === 'zh' ? `${first}—${last}` : `${first} – ${last}`;
  if (language === 'zh') return [`${speeches} 篇讲话`, period].filter(Boolean).join(' · ');
  return [`${speeches} speech${speeches === 1 ? '' : 'es'}`, period].filter(Boolean).join(', ');
}

/** The speakers of the corpus, in order of first appearance. */
export function speakersOf(excerpts: SiteCorpus['excerpts']): string[] {
  return [...new Set(excerpts.map((excerpt) => excerpt.speaker).filter((speaker): speaker is string => speaker !== undefined))];
}

/**
 * The site's texts in one language. Without a profile: one document's own title, or for several the
 * summary; starter questions only those the corpus is sure to answer (what each of several speakers
 * said), none otherwise. Before an index is loaded (`corpus` undefined), generic texts.
 */
export function siteInfo(corpus: SiteCorpus | undefined, language: SiteLanguage): SiteResponse {
  if (!corpus) return deriveSiteInfo(undefined, language);
  // Every page asks; the answer changes only with the index build, and deriving it reads every excerpt.
  let byLanguage = SITE_INFO.get(corpus);
  if (!byLanguage) SITE_INFO.set(corpus, (byLanguage = new Map()));
  let info = byLanguage.get(language);
  if (!info) byLanguage.set(language, (info = deriveSiteInfo(corpus, language)));
  return info;
}

const SITE_INFO = new WeakMap<SiteCorpus, Map<SiteLanguage, SiteResponse>>();

function deriveSiteInfo(corpus: SiteCorpus | undefined, language: SiteLanguage): SiteResponse {
  const site = corpus?.profile?.site ?? {};
  const summary = corpus && corpus.excerpts.length > 0 ? corpusSummary(corpus.excerpts, language) : undefined;
  const onlyDocument = corpus?.documents.length === 1 ? corpus.documents[0]!.title : undefined;
  const derivedTitle = onlyDocument ?? summary ?? GENERIC[language].title;
  // The summary goes under a title that does not say it already.
  const derivedSubtitle = onlyDocument && summary ? `${summary}${language === 'zh' ? '。' : '. '}${CITES[language]}` : CITES[language];
  const speakers = corpus ? speakersOf(corpus.excerpts) : [];
  const derivedStarters = language === 'zh' && speakers.length > 1 ? speakers.slice(0, 3).map((speaker) => `${speaker}讲了什么？`) : [];
  return {
    language,
    title: site.title?.[language] ?? derivedTitle,
    subtitle: site.subtitle?.[language] ?? derivedSubtitle,
    placeholder: site.placeholder?.[language] ?? GENERIC[language].placeholder,
    starters: site.starters?.[language] ?? derivedStarters,
  };
}
