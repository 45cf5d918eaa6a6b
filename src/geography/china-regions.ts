// General geography of China, not of any corpus: which provinces a region (东北, 长三角, "the northeast")
// is made of, and which regions a province belongs to, so that a question naming one finds excerpts
// that name the other. The data and its sources are in data/china-regions.json; it lists every
// provincial-level division, whether a corpus mentions it or not.
import data from './data/china-regions.json' with { type: 'json' };

interface Region {
  english: string[];
  aliases?: string[];
  /** Provinces, or for a region made of regions (中西部) the regions. */
  members: string[];
}

const REGIONS: Record<string, Region> = data.regions;
const PROVINCES: Record<string, string[]> = data.provinces;

/** Every Chinese name of a region, alias included, → the region's own name. */
const REGION_BY_NAME = new Map<string, string>();
for (const [name, region] of Object.entries(REGIONS)) {
  REGION_BY_NAME.set(name, name);
  for (const alias of region.aliases ?? []) REGION_BY_NAME.set(alias, name);
}

/** A place name with its usual suffix dropped: 东北地区 → 东北, 黑龙江省 → 黑龙江. */
function placeStem(term: string): string {
  const stem = term.replace(/(?:地区|省份|省|市|自治区)$/u, '');
  return stem === '' ? term : stem;
}

/** Whether a Chinese term names a region or a provincial-level division. */
export function isPlace(term: string): boolean {
  const stem = placeStem(term);
  return REGION_BY_NAME.has(stem) || stem in PROVINCES;
}

/**
 * The places one step from a Chinese place name: a region's members, a province's regions.
 * @example relatedPlaces('东北') // ['辽宁', '吉林', '黑龙江']
 * @example relatedPlaces('黑龙江省') // ['东北']: every region that lists it
 */
export function relatedPlaces(term: string): string[] {
  const stem = placeStem(term);
  const region = REGION_BY_NAME.get(stem);
  if (region !== undefined) return [...REGIONS[region]!.members];
  if (!(stem in PROVINCES)) return [];
  return Object.entries(REGIONS)
    .filter(([, { members }]) => members.includes(stem))
    .map(([name]) => name);
}

const ENGLISH_NAMES: Array<{ english: string; chinese: string }> = [
  ...Object.entries(REGIONS).flatMap(([chinese, region]) => region.english.map((english) => ({ english, chinese }))),
  ...Object.entries(PROVINCES).flatMap(([chinese, names]) => names.map((english) => ({ english: english.toLowerCase(), chinese }))),
].sort((left, right) => right.english.length - left.english.length);

/**
 * The places an English text names, longest name first where they overlap, with their Chinese names.
 * @example englishPlaces('And what about the Yangtze delta?') // [{ english: 'yangtze delta', chinese: '长三角' }]
 */
export function englishPlaces(text: string): Array<{ english: string; chinese: string }> {
  let rest = ` ${text.toLowerCase().replace(/[^a-z-]+/gu, ' ')} `;
  const found: Array<{ english: string; chinese: string }> = [];
  for (const name of ENGLISH_NAMES) {
    const written = ` ${name.english} `;
    if (!rest.includes(written)) continue;
    found.push(name);
    rest = rest.replace(written, ' ');
  }
  return found;
}

const DIRECTIONS: Record<string, string> = data.directions;
const DIRECTION_WORDS = /^(?:the\s+)?([a-z]+)(?:[\s-]+(?:region|regions|part|parts|provinces|areas?))?$/u;

/**
 * The region a bare direction names ("the west", "central"), written as its English name; only for a text
 * that is nothing but the direction, and only to be read so beside another place of China.
 * @example regionOfDirection('the west') // 'western region'
 */
export function regionOfDirection(text: string): string | undefined {
  const word = DIRECTION_WORDS.exec(text.trim().toLowerCase())?.[1];
  const region = word === undefined ? undefined : DIRECTIONS[word];
  return region === undefined ? undefined : REGIONS[region]?.english[0];
}
