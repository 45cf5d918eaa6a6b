// `npm start`: the server's composition root, the only place it reads process.env.
import { loadConfig } from '../config/config.ts';
import { isAppError } from '../errors.ts';
import { startServer } from './start-server.ts';

async function main(): Promise<void> {
  const running = await startServer(loadConfig(process.env));
  const shutDown = (signal: string) => {
    process.stdout.write(`${signal}: finishing open requests…\n`);
    void running.close().then(() => process.exit(0));
  };
  process.once('SIGTERM', () => shutDown('SIGTERM'));
  process.once('SIGINT', () => shutDown('SIGINT'));
  await running.ready;
}

main().catch((error: unknown) => {
  process.stderr.write(`speechcite: ${isAppError(error) ? error.message : ((error as Error)?.stack ?? String(error))}\n`);
  process.exit(1);
});
