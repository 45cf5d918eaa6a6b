// The command line, and the composition root: the only place besides the server's start that reads process.env.
import { parseArgs } from 'node:util';
import { isoDay, isRealIsoDate } from '../dates/calendar.ts';
import { loadConfig } from '../config/config.ts';
import { isAppError } from '../errors.ts';
import { PROMPTS_DIR } from '../paths.ts';
import { HybridRetriever } from '../retrieval/hybrid-retriever.ts';
import { DEFAULT_RETRIEVAL_SETTINGS } from '../retrieval/retrieval-settings.ts';
import { createAnswerEngine } from '../setup/create-answerer.ts';
import { prepareIndex } from '../setup/prepare-index.ts';
import { runAsk } from './commands/ask.ts';
import { runEvaluate } from './commands/evaluate.ts';
import { runCheck, runIngest } from './commands/ingest.ts';
import { runSearch } from './commands/search.ts';

const USAGE = `Usage: speechcite <command> [options]

Commands:
  ingest [--force] [--strict]           build the index from the corpus (skipped when it is current); files that
                                        do not parse are reported and left out, and the command exits 1;
                                        --strict publishes nothing when any file fails
  ingest --check                        parse every corpus file and report, without building
  search "query" [--k N] [--json]       ranked excerpts with their dates, occasions and matched text
  eval [--split dev|test] [--gold FILE] [--json] [--verbose] [--fusion score|rrf]
                                        retrieval per language and question type, abstention, and a BM25 baseline
                                        (default: the test split; --verbose lists failures on dev only)
  ask "question" [--json]               a cited answer, streamed, with its sources and verification
  eval --answers [--json]               also evaluate the answers on the gold set
  eval --today yyyy-mm-dd               the date relative dates in the questions (去年, this year) count from
  start                                 build or reuse the index and print what it holds
`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      k: { type: 'string', default: '5' },
      json: { type: 'boolean', default: false },
      gold: { type: 'string' },
      split: { type: 'string', default: 'test' },
      force: { type: 'boolean', default: false },
      strict: { type: 'boolean', default: false },
      check: { type: 'boolean', default: false },
      verbose: { type: 'boolean', default: false },
      answers: { type: 'boolean', default: false },
      fusion: { type: 'string', default: 'score' },
      today: { type: 'string' },
      fit: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (!command || values.help || command === 'help') {
    process.stdout.write(USAGE);
    return command ? 0 : 2;
  }
  const config = loadConfig(process.env);
  const output = process.stdout;
  const loadIndex = async (log: boolean) =>
    (await prepareIndex(config, log ? { onRebuild: (reason) => process.stderr.write(`Building the index: ${reason}.\n`) } : {})).index;
  const engine = async (log: boolean) => createAnswerEngine(config, await loadIndex(log), PROMPTS_DIR);

  switch (command) {
    case 'ingest':
      if (values.check) return runCheck(config, output);
      return runIngest(config, { force: values.force, strict: values.strict }, output);
    case 'start':
      return runIngest(config, { force: false, strict: false }, output);
    case 'search': {
      const query = positionals.join(' ').trim();
      if (!query) throw usageError('search needs a query, e.g. npm run search -- "新质生产力的显著特点"');
      const k = Number(values.k);
      if (!Number.isInteger(k) || k < 1 || k > 100) throw usageError(`--k must be a whole number from 1 to 100, got "${values.k}"`);
      await runSearch((await engine(!values.json)).retriever, { query, k, json: values.json }, output);
      return 0;
    }
    case 'ask': {
      const question = positionals.join(' ').trim();
      if (!question) throw usageError('ask needs a question, e.g. npm run ask -- "新质生产力的显著特点是什么？"');
      return runAsk((await engine(!values.json)).answerer, { question, json: values.json }, output);
    }
    case 'eval': {
      if (values.fusion !== 'score' && values.fusion !== 'rrf') throw usageError(`--fusion must be score or rrf, got "${values.fusion}"`);
      if (values.split !== 'dev' && values.split !== 'test') throw usageError(`--split must be dev or test, got "${values.split}"`);
      const index = await loadIndex(!values.json);
      const { retriever, answerer } = await createAnswerEngine(config, index, PROMPTS_DIR);
      // --fusion rrf measures reciprocal rank fusion against the default score fusion.
      const evaluated = values.fusion === 'rrf' ? new HybridRetriever(index, { ...DEFAULT_RETRIEVAL_SETTINGS, fusion: 'rrf' }) : retriever;
      if (values.today !== undefined && !isRealIsoDate(values.today)) throw usageError(`--today must be a date written yyyy-mm-dd, got "${values.today}"`);
      const today = values.today ?? isoDay(new Date());
      const gold = values.gold ?? `eval/${values.split}.jsonl`;
      await runEvaluate(
        evaluated,
        values.answers ? answerer : undefined,
        {
          gold,
          heldOut: values.gold === undefined && values.split === 'test',
          json: values.json,
          verbose: values.verbose,
          today,
          excerpts: index.excerpts,
          fit: values.fit,
        },
        output,
      );
      return 0;
    }
    default:
      throw usageError(`unknown command "${command}"`);
  }
}

function usageError(message: string): Error {
  return Object.assign(new Error(`${message}\n\n${USAGE}`), { usage: true });
}

// A reader that stops early (`npm run ask … | head -1`) closes the pipe: that ends the command quietly,
// as it ends any Unix tool, instead of an unhandled EPIPE.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  process.exit(0);
});

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    // Known problems get their message only; anything else is a bug and keeps its stack.
    const known = isAppError(error) || (error as { usage?: boolean }).usage === true;
    process.stderr.write(`speechcite: ${known ? (error as Error).message : ((error as Error)?.stack ?? String(error))}\n`);
    process.exitCode = known && (error as { usage?: boolean }).usage ? 2 : 1;
  },
);
