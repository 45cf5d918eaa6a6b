// A small corpus of three documents by two fictional speakers, in the layout every version of the
// parser reads, written into a test's temp folder: enough for bylines, speaker questions and filters.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';

export const SPEAKERS_CORPUS = {
  'urban-transport.txt': `城市公共交通的发展

李华

一

发展城市公共交通，要坚持公交优先。地铁和公交线路要衔接起来，让市民换乘更方便。票价要保持在群众能够承受的水平。

（2024年3月5日在全市交通工作会议上的讲话）

二

共享单车要规范停放，不能占用盲道。要用好数据，合理投放车辆，解决最后一公里的出行问题。

（2024年9月12日在城市管理座谈会上的讲话）
`,
  'rural-water.txt': `农村供水保障

王芳

一

农村饮水安全是民生大事。要加快建设规模化供水工程，把自来水管网延伸到每一个村庄，让农民喝上放心水。

（2023年11月8日在全省水利工作会议上的讲话）

二

水源地保护要落到实处。要定期检测水质，发现问题及时整改，确保供水水质达标。

（2024年5月20日在水源地保护现场会上的讲话）
`,
  'museums.txt': `博物馆与公共文化

李华

一

博物馆是城市的文化客厅。要推动博物馆免费开放，办好展览，让文物活起来，吸引更多青少年走进博物馆。

（2025年1月15日在市文化工作会议上的讲话）
`,
} as const;

export async function writeSpeakersCorpus(directory: string, profile?: unknown): Promise<void> {
  for (const [name, text] of Object.entries(SPEAKERS_CORPUS)) await writeFile(path.join(directory, name), text);
  if (profile !== undefined) await writeFile(path.join(directory, 'profile.json'), JSON.stringify(profile));
}
