// `npm start`: the server's composition root, the only place it reads process.env.
import { loadConfig } from '../config/config.ts';
import { isAppError } from '../errors.ts';
import { startServer } from './start-server.ts';

async function main(): Promise<void> {
  const running = await startServer(loadConfig(process.env), { environment: process.env });
  const shutDown = (signal: string) => {
    process.stdout.write(`${signal}: finishing open requests…\n`);
    void running.close().then(() => process.exit(0));
  };
  process.once('SIGTERM', () => shutDown('SIGTERM'));
  process.once('SIGINT', () => shutDown('SIGINT'));
  // SIGHUP re-ingests the corpus in a child process and swaps the new index in when it is ready.
  process.on('SIGHUP', () => {
    process.stdout.write('SIGHUP: re-ingesting the corpus…\n');
    void running.reloader.reingest();
  });
  await running.ready;
}

main().catch((error: unknown) => {
  process.stderr.write(`speechcite: ${isAppError(error) ? error.message : ((error as Error)?.stack ?? String(error))}\n`);
  process.exit(1);
});
